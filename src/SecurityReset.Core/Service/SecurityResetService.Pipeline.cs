using System.Diagnostics;
using System.Text.Json;
using SecurityReset.Ports;
using SecurityReset.Workflow;
using SecurityReset.Workflow.Commands;
using SecurityReset.Workflow.Definition;

namespace SecurityReset;

/// <summary>The load → decide → save → side effects pipeline behind every call.</summary>
public sealed partial class SecurityResetService
{
    private async Task<ResetResult<ApplicantCaseView>> OpenAsync(OpenCaseRequest request, CancellationToken cancellationToken)
    {
        using var activity = SecurityResetTelemetry.Source.StartActivity("SecurityReset.OpenCase");
        if (!Enum.IsDefined(request.Channel) || !Enum.IsDefined(request.EntryPoint)
            || (request.AccountId is null) == (request.Identifier is null)
            || (request.AccountId is not null && !Text.IsCleanNonBlank(request.AccountId, Text.ShortMax)))
        {
            return new(new ResetError(ErrorCodes.RequestInvalid, "The request is malformed."), null);
        }

        AccountSnapshot? account;
        if (request.AccountId is not null)
        {
            var record = await _directory.GetAccountAsync(request.AccountId, cancellationToken).ConfigureAwait(false);
            if (record is null)
            {
                return NotFound<ApplicantCaseView>();
            }

            account = Snapshot(record);
        }
        else
        {
            if (!ContactNormalizer.TryNormalizeIdentifier(request.Identifier, out var kind, out var identifier))
            {
                return new(new ResetError(ErrorCodes.ContactInvalid, "Give one valid email address or E.164 phone number."), null);
            }

            var accountId = await _directory.ResolveAccountIdAsync(identifier, cancellationToken).ConfigureAwait(false);
            var record = accountId is null ? null : await _directory.GetAccountAsync(accountId, cancellationToken).ConfigureAwait(false);
            account = record is null ? StandIn(kind, identifier) : Snapshot(record);
        }

        var existing = await _store.FindOpenCaseAsync(account.AccountId, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            return AlreadyOpen(request, existing);
        }

        var guard = await _guards.LoadAsync(account.AccountId, cancellationToken).ConfigureAwait(false);
        var decision = _decider.Open(CaseId.New(), account, request.Channel, request.EntryPoint, _time.GetUtcNow(), guard?.LastAcceptedTotpStep);
        var stored = Storage.CaseStore.ToStored(decision.Case);
        StoreWriteResult write;
        try
        {
            write = await _store.InsertAsync(stored, decision.Events, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The outcome is unknown (a time-out after the insert, say): carry on only if this very case is stored.
            if (!await LandedAsync(stored).ConfigureAwait(false))
            {
                throw;
            }

            write = StoreWriteResult.Written;
        }

        if (write != StoreWriteResult.Written)
        {
            var open = await _store.FindOpenCaseAsync(account.AccountId, cancellationToken).ConfigureAwait(false);
            return AlreadyOpen(request, open);
        }

        SecurityResetTelemetry.CasesOpened.Add(1);
        Log.CaseOpened(_logger, decision.Case.Id, request.Channel, request.EntryPoint);
        return new(null, ApplicantView(decision.Case));
    }

    /// <summary>
    /// The answer when the account already has an open case. Only a signed-in applicant, whom the host has
    /// authenticated, gets that case back: a signed-out caller has only typed an identifier, and the case id is
    /// the handle of the case, so handing it out would let anyone take over another person's case.
    /// </summary>
    private ResetResult<ApplicantCaseView> AlreadyOpen(OpenCaseRequest request, ResetCase? open) =>
        new(new ResetError(ErrorCodes.CaseAlreadyOpen, "The account already has an open case."),
            request.AccountId is not null && open is not null ? ApplicantView(open) : null);

    private AccountSnapshot Snapshot(AccountRecord record)
    {
        ProtectedContact? Bound(ContactKind kind, string? value) =>
            value is not null && ContactNormalizer.TryNormalize(kind, value, out var normalized) ? _protector.Protect(kind, normalized, seal: false) : null;

        var document = record.KycDocument is { } kyc ? _protector.Document(kyc.Type, kyc.IssuingCountry, kyc.Number) : null;
        return new AccountSnapshot(record.AccountId, Bound(ContactKind.Email, record.Email), Bound(ContactKind.Phone, record.Phone), record.AuthenticatorBound, record.Kyc, document);
    }

    /// <summary>
    /// The account a signed-out applicant gets when the identifier matches none: stable per identifier, every
    /// item bound, no KYC. Its codes are drawn and hashed as usual but sent nowhere, so every code fails exactly
    /// like a wrong one.
    /// </summary>
    private AccountSnapshot StandIn(ContactKind kind, string identifier)
    {
        var fingerprint = _protector.Fingerprint("stand-in", identifier);
        var id = "~" + fingerprint[..22].Replace('/', '_').Replace('+', '-');

        // The made-up contact of the other kind must look like anybody's once masked (no fixed marker such as a
        // reserved domain or a constant number), and stay the same for the same identifier.
        var digest = Convert.FromBase64String(fingerprint);
        var email = kind == ContactKind.Email ? identifier : $"{Convert.ToHexStringLower(digest.AsSpan(0, 5))}@{StandInDomains[digest[5] % StandInDomains.Length]}";
        var phone = kind == ContactKind.Phone ? identifier
            : "+1" + ((BitConverter.ToUInt64(digest, 8) % 9_000_000_000UL) + 1_000_000_000UL).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new AccountSnapshot(
            id,
            _protector.Protect(ContactKind.Email, email, seal: false),
            _protector.Protect(ContactKind.Phone, phone, seal: false),
            AuthenticatorBound: true,
            KycLevel.None,
            null);
    }

    /// <summary>How many times a guard compare-and-swap is tried: each miss means another request got through.</summary>
    private const int GuardSwapLimit = 1000;

    private static readonly string[] StandInDomains = ["gmail.com", "outlook.com", "yahoo.com", "icloud.com", "proton.me", "gmx.de"];

    private async Task<ResetResult<ApplicantCaseView>> RunApplicantAsync(CaseId caseId, Func<ResetCase, CancellationToken, ValueTask<Prepared>> prepare, CancellationToken cancellationToken)
    {
        var outcome = await RunAsync(caseId, c => Actor.Applicant(c.Account.AccountId), prepare, cancellationToken).ConfigureAwait(false);
        return new(outcome.Error, outcome.Case is null ? null : ApplicantView(outcome.Case));
    }

    private async ValueTask<Outcome> RunAsync(CaseId caseId, Func<ResetCase, Actor> actorOf, Func<ResetCase, CancellationToken, ValueTask<Prepared>> prepare, CancellationToken cancellationToken)
    {
        using var activity = SecurityResetTelemetry.Source.StartActivity("SecurityReset.Command");
        activity?.SetTag("securityreset.case_id", caseId.ToString());
        for (var attempt = 0; attempt <= _options.MaxConcurrencyRetries; attempt++)
        {
            var current = await _store.LoadAsync(caseId, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                return new Outcome(null, null, new ResetError(ErrorCodes.CaseNotFound, "No such case."));
            }

            var prepared = await prepare(current, cancellationToken).ConfigureAwait(false);
            if (prepared.Trigger is not { } trigger)
            {
                return new Outcome(current, null, prepared.Error);
            }

            activity?.SetTag("securityreset.trigger", trigger.ToString());
            var guard = await GuardFor(current, trigger, cancellationToken).ConfigureAwait(false);
            var now = _time.GetUtcNow();
            if (guard?.LockedUntil > now)
            {
                return Refused(current, trigger, new ResetError(ErrorCodes.AccountLocked, "Too many failed verifications; try again later."), activity);
            }

            if (prepared.Command is not { } command)
            {
                // The workflow refused before a vendor was asked; the account's lock-out still answers first.
                return Refused(current, trigger, prepared.Error!, activity);
            }

            var secret = command is VerifyAuthenticator && _decider.Check(current, CaseTrigger.VerifyAuthenticator, actorOf(current), now) is null
                ? await AuthenticatorSecretAsync(current, cancellationToken).ConfigureAwait(false)
                : null;
            var decision = _decider.Decide(current, command, actorOf(current), now, secret);
            if (!decision.Changed)
            {
                return Refused(current, command.Trigger, decision.Error!, activity);
            }

            // The account's budget is spent before the evaluation is saved, and so before anyone learns its outcome:
            // parallel requests cannot evaluate more codes than the budget allows.
            Reservation? reserved = null;
            if (guard is not null)
            {
                reserved = await ReserveAsync(guard, now, cancellationToken).ConfigureAwait(false);
                if (reserved is null)
                {
                    return Refused(current, command.Trigger, new ResetError(ErrorCodes.AccountLocked, "Too many failed verifications; try again later."), activity);
                }
            }

            StoreWriteResult write;
            try
            {
                write = await SaveAsync(decision, current.Version, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception) when (reserved is not null)
            {
                await ReleaseAsync(reserved).ConfigureAwait(false);
                throw;
            }

            if (write != StoreWriteResult.Written)
            {
                Log.VersionConflict(_logger, caseId, attempt + 1);
                if (reserved is not null)
                {
                    await ReleaseAsync(reserved).ConfigureAwait(false);
                }

                continue;
            }

            if (decision.Succeeded)
            {
                Log.CommandAccepted(_logger, caseId, command.Trigger, decision.Case.State, decision.Case.Version);
            }
            else
            {
                Log.CommandRefused(_logger, caseId, command.Trigger, decision.Error!.Code);
                activity?.SetTag("securityreset.error", decision.Error.Code);
            }

            if (reserved is not null)
            {
                await SettleAsync(reserved, decision, cancellationToken).ConfigureAwait(false);
            }

            return await AfterSaveAsync(decision, cancellationToken).ConfigureAwait(false);
        }

        var latest = await _store.LoadAsync(caseId, cancellationToken).ConfigureAwait(false);
        return new Outcome(latest, null, new ResetError(ErrorCodes.CaseBusy, "The case is changing too fast; try again."));
    }

    /// <summary>
    /// Saves a decision. When the store throws, the outcome is unknown (a time-out after the commit, say): the
    /// case is read back, and if it holds exactly this decision the save counts as written, so the side effects
    /// (sending the code) happen; otherwise the exception stands.
    /// </summary>
    private async Task<StoreWriteResult> SaveAsync(Decision decision, long expectedVersion, CancellationToken cancellationToken)
    {
        var stored = Storage.CaseStore.ToStored(decision.Case);
        try
        {
            return await _store.SaveAsync(stored, expectedVersion, decision.Events, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception)
        {
            if (!await LandedAsync(stored).ConfigureAwait(false))
            {
                throw;
            }

            return StoreWriteResult.Written;
        }
    }

    /// <summary>Whether the store holds exactly <paramref name="written"/> (same version, same payload).</summary>
    private async Task<bool> LandedAsync(StoredCase written)
    {
        try
        {
            return await _store.HoldsAsync(written, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Not knowing counts as not written: the caller rethrows the original failure.
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
        }
    }

    private Outcome Refused(ResetCase current, CaseTrigger trigger, ResetError error, Activity? activity)
    {
        Log.CommandRefused(_logger, current.Id, trigger, error.Code);
        activity?.SetTag("securityreset.error", error.Code);
        return new Outcome(current, null, error);
    }

    private async Task<byte[]> AuthenticatorSecretAsync(ResetCase current, CancellationToken cancellationToken)
    {
        var secret = await _directory.GetAuthenticatorSecretAsync(current.Account.AccountId, cancellationToken).ConfigureAwait(false);

        // A stand-in account, or one whose authenticator vanished, checks against a random secret: it fails like a wrong code.
        return secret is { Length: > 0 } ? secret : System.Security.Cryptography.RandomNumberGenerator.GetBytes(20);
    }

    /// <summary>The account guard, for the commands that spend the account's failure budget.</summary>
    private async Task<AccountGuard?> GuardFor(ResetCase current, CaseTrigger trigger, CancellationToken cancellationToken)
    {
        if (trigger is not (CaseTrigger.VerifyCode or CaseTrigger.VerifyAuthenticator or CaseTrigger.RecordFaceScan))
        {
            return null;
        }

        return await _guards.LoadAsync(current.Account.AccountId, cancellationToken).ConfigureAwait(false) ?? AccountGuard.New(current.Account.AccountId);
    }

    /// <summary>
    /// Counts one evaluation against the account's budget (compare-and-swap), locking the account when it is spent.
    /// A success gives it back in <see cref="SettleAsync"/>; a save that did not happen in <see cref="ReleaseAsync"/>.
    /// </summary>
    /// <returns>The guard before and after the evaluation was counted, or <see langword="null"/> when the account is locked.</returns>
    private async Task<Reservation?> ReserveAsync(AccountGuard loaded, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var guard = loaded;
        for (var attempt = 0; attempt < GuardSwapLimit; attempt++)
        {
            if (guard.LockedUntil > now)
            {
                return null;
            }

            var lockExpired = guard.LockedUntil <= now; // the count starts again, and the spent lock is forgotten
            var failures = lockExpired ? 1 : guard.ConsecutiveFailures + 1;
            var next = guard with
            {
                Version = guard.Version + 1,
                ConsecutiveFailures = failures,
                LockedUntil = failures >= _options.Lockout.MaxFailedAttempts ? now + _options.Lockout.Duration : (lockExpired ? null : guard.LockedUntil),
            };
            if (await _guards.SaveAsync(next, guard.Version, cancellationToken).ConfigureAwait(false))
            {
                return new Reservation(guard, next, now);
            }

            guard = await _guards.LoadAsync(loaded.AccountId, cancellationToken).ConfigureAwait(false) ?? AccountGuard.New(loaded.AccountId);
        }

        return null;
    }

    /// <summary>Gives back a reservation whose evaluation was not saved.</summary>
    private async Task ReleaseAsync(Reservation reservation)
    {
        var (before, reserved, now) = reservation;
        var guard = reserved;
        for (var attempt = 0; attempt < GuardSwapLimit; attempt++)
        {
            // A live lock is only ever set when the count reaches the budget; if the count falls below it again, the
            // lock came from evaluations still in flight and is lifted with them.
            var failures = Math.Max(0, guard.ConsecutiveFailures - 1);
            var next = guard.Version == reserved.Version
                ? before with { Version = guard.Version + 1 }
                : guard with
                {
                    Version = guard.Version + 1,
                    ConsecutiveFailures = failures,
                    LockedUntil = failures < _options.Lockout.MaxFailedAttempts && guard.LockedUntil > now ? null : guard.LockedUntil,
                };
            if (await _guards.SaveAsync(next, guard.Version, CancellationToken.None).ConfigureAwait(false))
            {
                return;
            }

            var reloaded = await _guards.LoadAsync(reserved.AccountId, CancellationToken.None).ConfigureAwait(false);
            if (reloaded is null)
            {
                return;
            }

            guard = reloaded;
        }
    }

    /// <summary>After the evaluation was saved: a failure stays counted; a success clears the budget and records the authenticator step.</summary>
    private async Task SettleAsync(Reservation reservation, Decision decision, CancellationToken cancellationToken)
    {
        var (before, reserved, _) = reservation;
        if (!decision.Succeeded)
        {
            SecurityResetTelemetry.CodeFailures.Add(1);
            if (reserved.LockedUntil is { } until && before.LockedUntil != until)
            {
                Log.AccountLocked(_logger, until);
            }

            return;
        }

        var guard = reserved;
        for (var attempt = 0; attempt < GuardSwapLimit; attempt++)
        {
            var next = guard with
            {
                Version = guard.Version + 1,
                ConsecutiveFailures = 0,
                LockedUntil = null,
                LastAcceptedTotpStep = Max(guard.LastAcceptedTotpStep, decision.Case.LastAcceptedTotpStep),
            };
            if (await _guards.SaveAsync(next, guard.Version, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            guard = await _guards.LoadAsync(reserved.AccountId, cancellationToken).ConfigureAwait(false) ?? AccountGuard.New(reserved.AccountId);
        }
    }

    private static long? Max(long? a, long? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);

    private async ValueTask<Outcome> AfterSaveAsync(Decision decision, CancellationToken cancellationToken)
    {
        var saved = decision.Case;
        if (decision.IssuedCode is { } code)
        {
            var delivered = await DeliverAsync(saved, code, cancellationToken).ConfigureAwait(false);
            if (!delivered)
            {
                var released = await RunAsync(saved.Id, _ => Actor.System, Just(new ReleaseUndeliveredCode(code.Target)), CancellationToken.None).ConfigureAwait(false);
                return new Outcome(released.Case ?? saved, null, new ResetError(ErrorCodes.DeliveryFailed, "The code could not be sent; ask for a new one."));
            }
        }

        if (decision.Asks.HasFlag(SideEffects.NotifySubmitted))
        {
            await NotifyAsync(saved, NotificationKind.CaseSubmitted, null, cancellationToken).ConfigureAwait(false);
        }

        if (decision.Asks.HasFlag(SideEffects.NotifyRejected))
        {
            await NotifyAsync(saved, NotificationKind.CaseRejected, null, cancellationToken).ConfigureAwait(false);
        }

        if (decision.Asks.HasFlag(SideEffects.NotifyInformationRequested))
        {
            await NotifyAsync(saved, NotificationKind.InformationRequested, null, cancellationToken).ConfigureAwait(false);
        }

        foreach (var @event in decision.Events)
        {
            switch (@event.Type)
            {
                case CaseEventTypes.Submitted:
                    SecurityResetTelemetry.CasesSubmitted.Add(1);
                    break;
                case CaseEventTypes.Rejected:
                    SecurityResetTelemetry.CasesRejected.Add(1);
                    break;
                case CaseEventTypes.Approved:
                    SecurityResetTelemetry.CasesApproved.Add(1);
                    break;
                case CaseEventTypes.Expired:
                    SecurityResetTelemetry.CasesExpired.Add(1);
                    Log.CaseExpired(_logger, saved.Id);
                    break;
            }
        }

        return new Outcome(saved, decision, decision.Error);
    }

    /// <summary>Sends an issued code to its destination: a bound contact as the directory has it now, or the sealed new contact.</summary>
    /// <returns>Whether the messenger took it (a stand-in account counts as delivered: nothing is sent, nothing is told).</returns>
    private async Task<bool> DeliverAsync(ResetCase saved, IssuedCode code, CancellationToken cancellationToken)
    {
        try
        {
            (ContactKind Kind, string? Address) destination;
            if (code.Target == VerificationTarget.NewContact)
            {
                destination = (saved.NewContact!.Kind, _protector.Unseal(saved.NewContact.Sealed!));
            }
            else
            {
                var record = await _directory.GetAccountAsync(saved.Account.AccountId, cancellationToken).ConfigureAwait(false);
                destination = code.Target == VerificationTarget.BoundEmail ? (ContactKind.Email, record?.Email) : (ContactKind.Phone, record?.Phone);
            }

            if (destination.Address is null)
            {
                return true;
            }

            await _messenger.SendCodeAsync(new CodeMessage(saved.Id, destination.Kind, destination.Address, code.Code, code.ExpiresAt), cancellationToken).ConfigureAwait(false);
            return true;
        }
#pragma warning disable CA1031 // Any messenger failure voids the code; the type is logged, never the message.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.CodeDeliveryFailed(_logger, saved.Id, code.Target.ToString(), ex.GetType().Name);
            return false;
        }
    }

    private async Task NotifyAsync(ResetCase saved, NotificationKind subject, AccountRecord? before, CancellationToken cancellationToken)
    {
        try
        {
            var record = before ?? await _directory.GetAccountAsync(saved.Account.AccountId, cancellationToken).ConfigureAwait(false);
            if (record is null)
            {
                return;
            }

            if (record.Email is not null)
            {
                await _messenger.SendNotificationAsync(new Notification(saved.Id, ContactKind.Email, record.Email, subject), cancellationToken).ConfigureAwait(false);
            }

            if (record.Phone is not null)
            {
                await _messenger.SendNotificationAsync(new Notification(saved.Id, ContactKind.Phone, record.Phone, subject), cancellationToken).ConfigureAwait(false);
            }
        }
#pragma warning disable CA1031 // A notification is best effort once the case is saved, even when the caller gave up; the type is logged.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.NotificationFailed(_logger, saved.Id, subject.ToString(), ex.GetType().Name);
        }
    }

    /// <summary>Applies an approved reset, records completion, and notifies the channels bound before the reset.</summary>
    /// <returns>The case after the attempt, or <see langword="null"/> when it vanished.</returns>
    private async Task<ResetCase?> CompleteResetAsync(ResetCase approved, CancellationToken cancellationToken)
    {
        // The approval is saved: from here on a failure (or the caller giving up) leaves the case Approved for
        // ApplyApprovedResetsAsync, and the answer says so, instead of an exception that would hide the approval.
        AccountRecord? before;
        Outcome outcome;
        try
        {
            before = await _directory.GetAccountAsync(approved.Account.AccountId, cancellationToken).ConfigureAwait(false);
            var protectedUntil = _time.GetUtcNow() + _options.Lifetimes.WithdrawalProtection;
            var newContact = approved.NewContact is { } contact && approved.NewContactVerified ? _protector.Unseal(contact.Sealed!) : null;
            await _directory.ApplyResetAsync(
                new ResetInstruction(approved.Id, approved.Account.AccountId, approved.SelectedItems, newContact is null ? null : approved.NewContact!.Kind, newContact, protectedUntil),
                cancellationToken).ConfigureAwait(false);
            outcome = await RunAsync(approved.Id, _ => Actor.System, Just(new CompleteReset()), cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The case stays Approved and ApplyApprovedResetsAsync retries; the type is logged.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.ResetApplyFailed(_logger, approved.Id, ex.GetType().Name);
            return approved;
        }

        if (outcome.Decision is { } completed && completed.Asks.HasFlag(SideEffects.NotifyResetCompleted))
        {
            await NotifyAsync(outcome.Case!, NotificationKind.ResetCompleted, before, cancellationToken).ConfigureAwait(false);
        }

        return outcome.Case;
    }

    /// <summary>Runs a call once per idempotency key; the request hash is computed only when a key is given.</summary>
    private async Task<ResetResult<T>> IdempotentAsync<T>(IdempotencyScope scope, string? key, Func<string> hashRequest, Func<CancellationToken, Task<ResetResult<T>>> run, CancellationToken cancellationToken)
        where T : class
    {
        if (key is null)
        {
            return await run(cancellationToken).ConfigureAwait(false);
        }

        if (!Text.IsCleanNonBlank(key, MaxIdempotencyKeyLength))
        {
            return new(new ResetError(ErrorCodes.RequestInvalid, "The idempotency key must be 1–128 printable characters."), null);
        }

        var requestHash = hashRequest();
        var now = _time.GetUtcNow();
        var scoped = scope.Key(key);
        var begun = new IdempotencyRecord(scoped, requestHash, null, now + _options.Lifetimes.IdempotencyKey);
        var existing = await _idempotency.TryBeginAsync(begun, now, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            if (!string.Equals(existing.RequestHash, requestHash, StringComparison.Ordinal))
            {
                return new(new ResetError(ErrorCodes.IdempotencyKeyReused, "This idempotency key was used for a different request."), null);
            }

            return existing.ResultJson is null
                ? new(new ResetError(ErrorCodes.RequestInProgress, "This request is still running; retry shortly."), null)
                : JsonSerializer.Deserialize<ResetResult<T>>(existing.ResultJson, Json)!;
        }

        ResetResult<T> result;
        try
        {
            result = await run(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await _idempotency.AbandonAsync(scoped, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        if (result.ErrorCode is ErrorCodes.DeliveryFailed or ErrorCodes.CaseBusy)
        {
            // Transient outcomes that say "ask again": a retry with the same key must run the command, not replay them.
            await _idempotency.AbandonAsync(scoped, CancellationToken.None).ConfigureAwait(false);
            return result;
        }

        await _idempotency.CompleteAsync(begun with { ResultJson = JsonSerializer.Serialize(result, Json) }, CancellationToken.None).ConfigureAwait(false);
        return result;
    }

    /// <summary>A preparation that needs no port: the command as it is.</summary>
    private static Func<ResetCase, CancellationToken, ValueTask<Prepared>> Just(CaseCommand command) =>
        (_, _) => ValueTask.FromResult(new Prepared(command));

    /// <summary>
    /// The command to decide; or the input's own refusal (no trigger: the call stops at once); or the workflow's
    /// refusal of the trigger before any vendor was asked (it answers after the account's lock-out, as a decision would).
    /// </summary>
    private sealed record Prepared(CaseCommand? Command, ResetError? Error, CaseTrigger? Trigger)
    {
        public Prepared(CaseCommand command)
            : this(command, null, command.Trigger)
        {
        }

        public static Prepared Refused(ResetError error) => new(null, error, null);

        public static Prepared RefusedBeforeAsking(CaseTrigger trigger, ResetError error) => new(null, error, trigger);
    }

    /// <summary>
    /// Where an idempotency key applies: <c>open</c>, or one case (<c>case:{id}</c>). The scoped key is only built when
    /// a call carries a key.
    /// </summary>
    private readonly record struct IdempotencyScope(string Name, CaseId? Case)
    {
        public static IdempotencyScope Open { get; } = new("open", null);

        public string Key(string key) => Case is { } id ? $"{Name}:{id}:{key}" : $"{Name}:{key}";
    }

    /// <summary>A counted evaluation: the account guard just before and just after it was counted.</summary>
    private sealed record Reservation(AccountGuard Before, AccountGuard After, DateTimeOffset Now);

    private sealed record Outcome(ResetCase? Case, Decision? Decision, ResetError? Error);
}
