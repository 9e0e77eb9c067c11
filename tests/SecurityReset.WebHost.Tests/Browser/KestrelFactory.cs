using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using SecurityReset.WebHost.Tests.TestSupport;

namespace SecurityReset.WebHost.Tests.Browser;

/// <summary>The sample host on real Kestrel, on a free loopback port, so that a real browser can reach it.</summary>
public sealed class KestrelFactory : WebHostFactory
{
    public KestrelFactory() => UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));

    /// <summary>Starts the server (once) and returns its address.</summary>
    public Uri Start()
    {
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address);
    }
}
