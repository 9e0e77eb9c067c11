using System.Security.Cryptography;
using System.Text.Json;
using SecurityReset.Delivery;
using SecurityReset.Ports;
using SecurityReset.Workflow;
using SecurityReset.Workflow.Commands;

namespace SecurityReset;

/// <summary>The outbox dispatcher: delivers what commands committed, through the messenger and the account directory.</summary>
public sealed partial class SecurityResetService
{
    /// <summary>
    /// Delivers one batch of due outbox messages, as <see cref="DispatchBatchAsync"/> does, and says how many settled.
    /// </summary>
    /// <param name="batchSize">The most messages to claim, between 1 and 1000.</param>
    /// <param name="cancellationToken">Cancels the call; messages claimed and not settled come back after their lease.</param>
    /// <returns>How many messages were settled (delivered or given up); fewer than claimed when some will be retried.</returns>
    public async Task<int> DispatchAsync(int batchSize = 50, CancellationToken cancellationToken = default) =>
        (await DispatchBatchAsync(batchSize, cancellationToken).ConfigureAwait(false)).Settled;

    /// <summary>
    /// Delivers one batch of due outbox messages (codes, notifications, resets to apply): claims them for
    /// <see cref="DeliveryOptions.Lease"/>, delivers each at least once (the messenger gets the message id to drop
    /// duplicates), schedules a failed try again with capped exponential backoff and jitter, and gives a message up
    /// after <see cref="DeliveryOptions.MaxAttempts"/> tries: the case records it, and a code given up is void, so the
    /// applicant may ask again at once. Call it in a loop you own (a timer, a background service); several
    /// dispatchers may share one store.
    /// </summary>
    /// <param name="batchSize">The most messages to claim, between 1 and 1000.</param>
    /// <param name="cancellationToken">Cancels the call; messages claimed and not settled come back after their lease.</param>
    /// <returns>How many messages were claimed, and how many of them settled (delivered or given up); fewer settle when some will be retried.</returns>
    public async Task<DispatchOutcome> DispatchBatchAsync(int batchSize = 50, CancellationToken cancellationToken = default)
    {
        var claim = Guid.NewGuid();
        var now = _time.GetUtcNow();
        var messages = await _store.ClaimMessagesAsync(claim, now, now + _options.Delivery.Lease, Math.Clamp(batchSize, 1, 1000), cancellationToken).ConfigureAwait(false);
        var settled = 0;
        foreach (var message in messages)
        {
            cancellationToken.ThrowIfCancellationRequested();
            bool done;
            try
            {
                done = await DeliverAsync(message, claim, cancellationToken).ConfigureAwait(false);
            }
            catch (Storage.QuarantinedCaseException ex)
            {
                // Nothing is delivered for a case that does not verify; the message waits beside it for an operator.
                _ = Quarantined<ApplicantCaseView>(ex.CaseId, ex.Reason);
                await _store.RetryMessageAsync(message.Id, claim, now + _options.Delivery.MaxRetryDelay, cancellationToken).ConfigureAwait(false);
                done = false;
            }

            if (done)
            {
                settled++;
            }
        }

        return new DispatchOutcome(messages.Count, settled);
    }

    /// <summary>
    /// Applies the resets of approved cases directly: for a case whose reset message was given up, or one approved
    /// before the outbox held resets. Harmless on the others (the directory applies a reset once per case). Call it
    /// from a timer or an operator's tool.
    /// </summary>
    /// <param name="pageSize">How many cases to look at.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many resets completed.</returns>
    public async Task<int> ApplyApprovedResetsAsync(int pageSize = 100, CancellationToken cancellationToken = default)
    {
        var completed = 0;
        foreach (var approved in await _store.ListApprovedAsync(Math.Clamp(pageSize, 1, 1000), cancellationToken).ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (ResetDueAt(approved) > _time.GetUtcNow())
            {
                continue; // still inside its dispute window
            }

            if (!await TrailShowsApprovalAsync(approved, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            if (!approved.Account.IsStandIn && !await BeginResetAsync(approved.Id, cancellationToken).ConfigureAwait(false))
            {
                continue; // disputed (or otherwise moved on) since it was listed
            }

            var record = await _directory.GetAccountAsync(approved.Account.AccountId, cancellationToken).ConfigureAwait(false);
            OutboxContent content;
            try
            {
                content = ResetContent(approved, BoundChannels(record));
            }
            catch (Exception ex) when (ex is CryptographicException or FormatException)
            {
                _ = Quarantined<ApplicantCaseView>(approved.Id, "its new contact does not open for it");
                continue;
            }

            try
            {
                await _directory.ApplyResetAsync(Instruction(approved.Id, content), cancellationToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // The case stays Approved for the next run; the type is logged.
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                Log.ResetApplyFailed(_logger, approved.Id, ex.GetType().Name);
                continue;
            }

            var outcome = await CompleteAppliedResetAsync(approved.Id, content, null, cancellationToken).ConfigureAwait(false);
            if (outcome.Error is null)
            {
                completed++;
            }
        }

        return completed;
    }

    /// <summary>Delivers one claimed message.</summary>
    /// <returns>Whether it was settled (delivered or given up) rather than scheduled again.</returns>
    private async Task<bool> DeliverAsync(OutboxMessage message, Guid claim, CancellationToken cancellationToken)
    {
        OutboxContent content;
        try
        {
            content = _outbox.Open(message);
        }
        catch (Exception ex) when (ex is CryptographicException or JsonException)
        {
            // Altered, moved, or sealed with another key: no try can ever deliver it.
            await GiveUpAsync(message, null, ex.GetType().Name, cancellationToken).ConfigureAwait(false);
            return true;
        }

        var now = _time.GetUtcNow();
        if (content.Kind == OutboxKind.Code && content.ExpiresAt <= now)
        {
            // A code past its lifetime is no use to anyone; voiding it lets the applicant ask again at once.
            await GiveUpAsync(message, content, "expired", cancellationToken).ConfigureAwait(false);
            return true;
        }

        if (content.Kind == OutboxKind.Code && content.Address is null)
        {
            // A code for a destination nobody has (a stand-in's, or an item the account lacks before its owner was
            // proven) was committed like any other, so the outbox looks the same for every identifier: it is dropped here.
            await _store.CompleteMessageAsync(message.Id, claim, cancellationToken).ConfigureAwait(false);
            return true;
        }

        if (content.Kind == OutboxKind.Reset)
        {
            // A reset applies to an approved case only, and only once its dispute window passed: a dispute, a
            // rejection after it, or a newer approval (whose own reset message follows) stops this one.
            var current = await _store.LoadAsync(message.CaseId, cancellationToken).ConfigureAwait(false);
            if (current is not { State: CaseState.Approved })
            {
                Log.ResetNotApplied(_logger, message.CaseId, current?.State);
                await _store.CompleteMessageAsync(message.Id, claim, cancellationToken).ConfigureAwait(false);
                return true;
            }

            if (ResetDueAt(current) is var due && due > now)
            {
                await _store.RetryMessageAsync(message.Id, claim, due, cancellationToken).ConfigureAwait(false);
                return false;
            }

            if (!await TrailShowsApprovalAsync(current, cancellationToken).ConfigureAwait(false))
            {
                // Never applied; the message stays (given up after its tries) so an operator sees it next to the case.
                await _store.RetryMessageAsync(message.Id, claim, now + _options.Delivery.MaxRetryDelay, cancellationToken).ConfigureAwait(false);
                return false;
            }

            if (!current.Account.IsStandIn && !await BeginResetAsync(message.CaseId, cancellationToken).ConfigureAwait(false))
            {
                // A dispute (or another decision) landed between the look above and this commit: the reset is held and
                // the message is done. A case still approved was only too busy to commit: the message comes back.
                var moved = await _store.LoadAsync(message.CaseId, cancellationToken).ConfigureAwait(false);
                if (moved is { State: CaseState.Approved })
                {
                    await _store.RetryMessageAsync(message.Id, claim, now + Backoff(message.Attempts), cancellationToken).ConfigureAwait(false);
                    return false;
                }

                Log.ResetNotApplied(_logger, message.CaseId, moved?.State);
                await _store.CompleteMessageAsync(message.Id, claim, cancellationToken).ConfigureAwait(false);
                return true;
            }
        }

        try
        {
            switch (content.Kind)
            {
                case OutboxKind.Code:
                    await _messenger.SendCodeAsync(
                        new CodeMessage(message.Id, message.CaseId, content.Channel!.Value, content.Address!, content.Code!, content.ExpiresAt!.Value), cancellationToken).ConfigureAwait(false);
                    break;
                case OutboxKind.Notice:
                    await _messenger.SendNotificationAsync(
                        new Notification(message.Id, message.CaseId, content.Channel!.Value, content.Address!, content.Subject!.Value, content.DisputeToken), cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    await _directory.ApplyResetAsync(Instruction(message.CaseId, content), cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
#pragma warning disable CA1031 // Any failure of the gateway or the directory is retried, then given up; the type is logged, never the message.
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            if (message.Attempts >= _options.Delivery.MaxAttempts)
            {
                await GiveUpAsync(message, content, ex.GetType().Name, cancellationToken).ConfigureAwait(false);
                return true;
            }

            var dueAt = now + Backoff(message.Attempts);
            SecurityResetTelemetry.MessagesRetried.Add(1);
            Log.DeliveryFailed(_logger, message.CaseId, message.Id, content.Describe(), message.Attempts, ex.GetType().Name, dueAt);
            await _store.RetryMessageAsync(message.Id, claim, dueAt, cancellationToken).ConfigureAwait(false);
            return false;
        }

        SecurityResetTelemetry.MessagesDelivered.Add(1);
        if (content.Kind == OutboxKind.Reset)
        {
            // The completion settles the message in its own commit; when the case has moved on (completed by
            // ApplyApprovedResetsAsync, say), the message is simply done.
            var outcome = await CompleteAppliedResetAsync(message.CaseId, content, message.Id, cancellationToken).ConfigureAwait(false);
            if (outcome.Error is null)
            {
                return true;
            }
        }

        await _store.CompleteMessageAsync(message.Id, claim, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Commits the start of an approved case's reset before the directory is touched: the commit spends the case's
    /// dispute tokens, so a dispute either committed first (the case is no longer approved, and this answers false) or
    /// is refused. A retry after a failed apply starts it again, which changes nothing but the version. A stand-in's
    /// case has nothing to start: it has no channels to dispute from, and the directory never applies its reset.
    /// </summary>
    private async Task<bool> BeginResetAsync(CaseId caseId, CancellationToken cancellationToken) =>
        (await RunAsync<ApplicantCaseView>(caseId, null, _ => Actor.System, Just(new BeginReset()), null, null, null, cancellationToken).ConfigureAwait(false)).Error is null;

    /// <summary>
    /// Whether the approved case's audit trail shows the approval: its last decision is an approval by the reviewer
    /// who holds the case, after that reviewer's claim. A case set to Approved in the database by hand (or whose trail
    /// lost the approval) is quarantined instead: its reset never applies.
    /// </summary>
    private async Task<bool> TrailShowsApprovalAsync(ResetCase approved, CancellationToken cancellationToken)
    {
        var trail = await _store.ReadEventsAsync(approved.Id, cancellationToken).ConfigureAwait(false);
        if (!_trail.Verify(approved, trail).Holds)
        {
            _ = Quarantined<ApplicantCaseView>(approved.Id, "its audit trail does not hold");
            return false;
        }

        var decision = trail.LastOrDefault(e => e.Type is CaseEventTypes.Approved or CaseEventTypes.Rejected or CaseEventTypes.InformationRequested or CaseEventTypes.Disputed);
        var shown = approved.ReviewerId is { } reviewer
            && decision is { Type: CaseEventTypes.Approved } && decision.Actor == Actor.Reviewer(reviewer)
            && trail.Any(e => e.Type is CaseEventTypes.Claimed or CaseEventTypes.Reclaimed && e.Actor == decision.Actor && e.Version < decision.Version);
        if (!shown)
        {
            _ = Quarantined<ApplicantCaseView>(approved.Id, "its audit trail shows no approval by the reviewer who holds it");
            return false;
        }

        // What the reset unbinds comes from the snapshot: it must be what the sealed trail says the applicant selected.
        var selection = trail.LastOrDefault(e => e.Type == CaseEventTypes.ItemsSelected)?.Detail;
        if (!string.Equals(selection, approved.SelectedItems.ToString(), StringComparison.Ordinal))
        {
            _ = Quarantined<ApplicantCaseView>(approved.Id, "its selected items are not the ones its audit trail shows");
            return false;
        }

        return true;
    }

    /// <summary>When an approved case's reset may apply: once the dispute window after its (last) approval passed.</summary>
    private DateTimeOffset ResetDueAt(ResetCase approved) => (approved.DecidedAt ?? DateTimeOffset.MinValue) + _options.Lifetimes.DisputeWindow;

    /// <summary>Records that a reset was applied: the case completes, and the channels bound before it hear so.</summary>
    private Task<ResetResult<ApplicantCaseView>> CompleteAppliedResetAsync(CaseId caseId, OutboxContent reset, Guid? settles, CancellationToken cancellationToken) =>
        RunAsync<ApplicantCaseView>(caseId, null, _ => Actor.System, Just(new CompleteReset()), null, null, new FollowUp(settles, reset.NotifyAfterReset), cancellationToken);

    /// <summary>
    /// Gives a message up in one commit with the case: the message goes, the trail records it, and a code is voided
    /// when it is still the live one (the applicant may ask again at once).
    /// </summary>
    private async Task GiveUpAsync(OutboxMessage message, OutboxContent? content, string reason, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt <= _options.MaxConcurrencyRetries; attempt++)
        {
            var current = await _store.LoadAsync(message.CaseId, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                return;
            }

            var now = _time.GetUtcNow();
            var released = content is { Kind: OutboxKind.Code, Target: { } target, Code: { } code }
                ? _decider.Decide(current, new ReleaseUndeliveredCode(target, code), Actor.System, now, null)
                : null;
            var changed = released is { Changed: true, Succeeded: true } ? released.Case : current with { Version = current.Version + 1 };
            CaseEvent[] events =
            [
                .. released is { Changed: true, Succeeded: true } ? released.Events : [],
                new CaseEvent(current.Id, changed.Version, CaseEventTypes.DeliveryGivenUp, now, Actor.System, content?.Describe() ?? "unreadable"),
            ];
            var (sealedCase, sealedEvents) = _trail.Seal(changed, events);
            var commit = new CaseCommit(StoredAt(sealedCase, now), current.Version, sealedEvents, null, null, [], [message.Id], now);
            if (await _store.CommitAsync(commit, cancellationToken).ConfigureAwait(false) == StoreWriteResult.Written)
            {
                SecurityResetTelemetry.MessagesGivenUp.Add(1);
                Log.DeliveryGivenUp(_logger, message.CaseId, message.Id, content?.Describe() ?? "unreadable", message.Attempts, reason);
                return;
            }
        }

        // Still claimed: after its lease the message is claimed again and given up then.
    }

    /// <summary>Capped exponential backoff with jitter: half the doubled delay, plus a random part of the other half.</summary>
    private TimeSpan Backoff(int attempts)
    {
        var delivery = _options.Delivery;
        var doubled = delivery.FirstRetryDelay.Ticks * Math.Pow(2, Math.Min(attempts - 1, 30));
        var capped = (long)Math.Min(doubled, delivery.MaxRetryDelay.Ticks);
        return TimeSpan.FromTicks((capped / 2) + (long)(capped / 2 * (RandomNumberGenerator.GetInt32(0, 1_000_001) / 1_000_000d)));
    }

    /// <summary>What applying an approved case's reset takes: the items to unbind, the verified new contact, the channels to tell.</summary>
    private OutboxContent ResetContent(ResetCase approved, IReadOnlyList<BoundChannel> boundBefore)
    {
        var newContact = approved.NewContact is { } contact && approved.NewContactVerified ? _protector.UnsealNewContact(approved.Id, contact) : null;
        return new OutboxContent(
            OutboxKind.Reset, approved.Account.AccountId, Unbind: approved.SelectedItems & approved.Account.BoundItems, NewContactKind: newContact is null ? null : approved.NewContact!.Kind,
            NewContactAddress: newContact, NotifyAfterReset: boundBefore);
    }

    private ResetInstruction Instruction(CaseId caseId, OutboxContent reset) =>
        new(caseId, reset.AccountId, reset.Unbind, reset.NewContactKind, reset.NewContactAddress, _time.GetUtcNow() + _options.Lifetimes.WithdrawalProtection);
}
