using Microsoft.AspNetCore.Mvc;
using SecurityReset.AspNetCore;
using SecurityReset.InMemory;
using SecurityReset.Ports;

namespace SecurityReset.WebHost.Pages;

/// <summary>What the development outbox panel shows for this browser's case.</summary>
/// <param name="Codes">The codes sent, newest first.</param>
/// <param name="Notifications">The notifications sent, newest first.</param>
/// <param name="Account">The demo account of the case, when it is one.</param>
/// <param name="AuthenticatorCode">What the account's authenticator app shows now.</param>
internal sealed record DevOutbox(IReadOnlyList<CodeMessage> Codes, IReadOnlyList<Notification> Notifications, DemoAccount? Account, string? AuthenticatorCode);

/// <summary>
/// Development only: the <see cref="RecordingMessenger"/>'s outbox for the case this browser's cookie holds, so a
/// person can read the codes "sent" by email and SMS; and the demo authenticator app's current code.
/// </summary>
public sealed class DevOutboxViewComponent(RecordingMessenger messenger, SecurityResetCaseHandles handles, SecurityResetService service, TimeProvider time) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        // Only for a browser that still holds its case: a replaced credential or a superseded case shows nothing.
        if (!handles.TryReadCookie(HttpContext, out var access)
            || await service.GetCaseAsync(access, HttpContext.RequestAborted) is not { Succeeded: true, View.State: not CaseState.Superseded })
        {
            return View(new DevOutbox([], [], null, null));
        }

        var id = access.CaseId;
        var review = await service.GetCaseForReviewAsync(id, "dev-outbox", HttpContext.RequestAborted);
        var account = review.View is { } view ? DemoAccounts.Find(view.AccountId) : null;
        var codes = messenger.Codes.Where(c => c.CaseId == id).Reverse().Take(8).ToList();
        var notifications = messenger.Notifications.Where(n => n.CaseId == id).Reverse().Take(8).ToList();
        // The demo app's code only while the authenticator is an item to verify, not one being reset.
        var remaining = review.View is { } c && (c.BoundItems & ~c.SelectedItems & ~c.VerifiedItems).HasFlag(SecurityItems.Authenticator);
        var authenticator = account is not null && remaining ? account.AuthenticatorCode(time.GetUtcNow()) : null;
        return View(new DevOutbox(codes, notifications, account, authenticator));
    }
}
