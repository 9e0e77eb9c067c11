using Microsoft.Extensions.DependencyInjection;
using SecurityReset.AspNetCore.Tests.TestSupport;

namespace SecurityReset.AspNetCore.Tests.Api;

public sealed class BackgroundJobsTests
{
    [Fact]
    public async Task The_background_job_delivers_a_requested_code_without_the_host_calling_the_dispatcher()
    {
        await using var host = await ApiHost.StartAsync(
            o => o.DeliveryIdleDelay = TimeSpan.FromSeconds(1),
            services => services.AddSecurityResetBackgroundJobs());
        var journey = new Journey(host, host.AddAccount());
        await journey.OpenAsync();
        Journey.Ok(await journey.PostAsync("items", new { items = "Authenticator" }));
        Journey.Ok(await journey.PostAsync("codes", new { target = "BoundEmail" }));
        Assert.True(CaseId.TryParse(journey.CaseId, out var id));

        // The job waits on the host's clock between idle passes: move it on until the code is out.
        for (var i = 0; i < 400 && host.Messenger.LastCode(id, ContactKind.Email) is null; i++)
        {
            host.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(TimeSpan.FromMilliseconds(25), TestContext.Current.CancellationToken);
        }

        Assert.NotNull(host.Messenger.LastCode(id, ContactKind.Email));
    }
}
