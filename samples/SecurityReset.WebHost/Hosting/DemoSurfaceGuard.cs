using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace SecurityReset.WebHost.Hosting;

/// <summary>
/// Keeps the demo-only surfaces (the reviewer sign-in without a password, the outbox panel, the demo face-scan
/// vendor) on this machine: registered in Development, where they are on, it fails start-up once the server has bound
/// its addresses if any of them is not a loopback address.
/// </summary>
internal sealed class DemoSurfaceGuard(IServer server) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        var exposed = (server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []).Where(a => !IsLoopback(a)).ToList();
        if (exposed.Count > 0)
        {
            throw new InvalidOperationException(
                $"The demo sign-in, outbox and face-scan vendor are on (Development), and the host listens on {string.Join(", ", exposed)}: listen on loopback only (http://127.0.0.1:5000, say), or run in Production.");
        }

        return Task.CompletedTask;
    }

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Whether a bound address (<c>http://127.0.0.1:5000</c>, <c>http://[::1]:5000</c>, <c>http://localhost:5000</c>) is loopback only.</summary>
    public static bool IsLoopback(string address)
    {
        if (!Uri.TryCreate(address.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return false;
        }

        return uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }
}
