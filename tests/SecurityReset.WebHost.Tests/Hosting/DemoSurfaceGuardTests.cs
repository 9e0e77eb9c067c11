using System.Net;
using SecurityReset.WebHost.Hosting;
using SecurityReset.WebHost.Tests.TestSupport;

namespace SecurityReset.WebHost.Tests.Hosting;

public sealed class DemoSurfaceGuardTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5000", true)]
    [InlineData("http://[::1]:5000", true)]
    [InlineData("http://localhost:5000", true)]
    [InlineData("http://0.0.0.0:5000", false)]
    [InlineData("http://[::]:5000", false)]
    [InlineData("http://+:5000", false)]
    [InlineData("http://*:5000", false)]
    [InlineData("http://192.168.1.20:5000", false)]
    public void Only_loopback_addresses_count_as_loopback(string address, bool loopback) =>
        Assert.Equal(loopback, DemoSurfaceGuard.IsLoopback(address));

    [Fact]
    public void The_development_host_with_its_demo_surfaces_refuses_to_start_on_every_interface()
    {
        using var factory = new AnyAddressFactory();

        var refused = Assert.ThrowsAny<Exception>(() => factory.Start());

        Assert.Contains("loopback only", Flatten(refused), StringComparison.Ordinal);
    }

    private static string Flatten(Exception ex) => ex is AggregateException all
        ? string.Join(" | ", all.InnerExceptions.Select(Flatten))
        : ex.Message + (ex.InnerException is { } inner ? " | " + Flatten(inner) : string.Empty);

    /// <summary>The sample in Development on real Kestrel, bound to every IPv4 interface.</summary>
    private sealed class AnyAddressFactory : WebHostFactory
    {
        public AnyAddressFactory() => UseKestrel(kestrel => kestrel.Listen(IPAddress.Any, 0));

        public void Start() => StartServer();
    }
}
