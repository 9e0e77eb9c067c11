using Microsoft.AspNetCore.Mvc;
using SecurityReset.AspNetCore;

namespace SecurityReset.WebHost.Pages.Reset;

/// <summary>Step 1: tick the unavailable items.</summary>
public sealed class ItemsModel(SecurityResetService service, SecurityResetCaseHandles handles) : ApplicantPageModel(service, handles)
{
    [BindProperty]
    public List<SecurityItems> Items { get; set; } = [];

    public Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var items = Items.Aggregate(SecurityItems.None, (all, item) => all | item);
        return RunAsync((access, ct) => Service.SelectItemsAsync(access, items, RequestKey, ct), cancellationToken);
    }

    protected override string PagePath => "/Reset/Items";
}
