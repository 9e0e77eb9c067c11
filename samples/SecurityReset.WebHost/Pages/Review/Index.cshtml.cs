
namespace SecurityReset.WebHost.Pages.Review;

/// <summary>The review queue: submitted cases, oldest first.</summary>
public sealed class IndexModel(SecurityResetService service) : ReviewerPageModel
{
    public ReviewQueuePage Queue { get; private set; } = new([], null);

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Queue = (await service.ListReviewQueueAsync(pageSize: 50, cancellationToken: cancellationToken)).View!;
}
