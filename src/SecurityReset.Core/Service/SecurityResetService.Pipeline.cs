using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SecurityReset.Delivery;
using SecurityReset.Limits;
using SecurityReset.Ports;
using SecurityReset.Workflow;
using SecurityReset.Workflow.Commands;
using SecurityReset.Workflow.Definition;

namespace SecurityReset;

/// <summary>The load → decide → save → side effects pipeline behind every call.</summary>
public sealed partial class SecurityResetService
{
    private async Task<ResetResult<ApplicantCaseView>> OpenAsync(OpenCaseRequest request, IdempotencyTicket? ticket, CancellationToken cancellationToken)
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

            // The same port calls in the same order for every identifier: the stand-in's id is looked up too (and found nowhere).
            var standIn = StandIn(kind, identifier);
            var accountId = await _directory.ResolveAccountIdAsync(identifier, cancellationToken).ConfigureAwait(false);
            var record = await _directory.GetAccountAsync(accountId ?? standIn.AccountId, cancellationToken).ConfigureAwait(false);
            account = record is null ? standIn : Snapshot(record);
        }

        // A superseded case's notice reads the directory once. An open that found the owner's proven case ends nothing:
        // it reads the directory once all the same, unless it supersedes a stand-in's case, as an unknown identifier would.
        var pad = false;

        // One round more than the retries: ending the case in the way is a round of its own, and is only taken when a
        // round is left to open the case that replaces it, so a give-up never leaves the account with no open case.
        var lastRound = _options.MaxConcurrencyRetries + 1;
        for (var attempt = 0; attempt <= lastRound; attempt++)
        {
            var stored = await _store.FindOpenCaseAsync(account.AccountId, cancellationToken).ConfigureAwait(false);
            var (readable, quarantined) = stored is null ? (null, null) : _store.Read(stored);
            if (quarantined is not null)
            {
                _ = Quarantined<ApplicantCaseView>(stored!.Id, quarantined);
                if (attempt == lastRound)
                {
                    break;
                }

                if (request.AccountId is not null)
                {
                    // The owner is never locked out by a row nobody can read: the case ends by its columns, its payload
                    // kept as found for an operator, and the owner gets a case of their own.
                    await EndQuarantinedAsync(stored, CaseState.Superseded, CaseEventTypes.Superseded, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                // A signed-out open cannot tell whether the owner proved a factor in it: it never ends it, and gets a
                // stand-in's case, as it would beside an owner's proven case.
                if (account.IsStandIn || request.Identifier is null
                    || !ContactNormalizer.TryNormalizeIdentifier(request.Identifier, out var typedKind, out var typed))
                {
                    return AlreadyOpen();
                }

                account = StandIn(typedKind, typed);
                pad = true;
                attempt--;
                continue;
            }

            ResetCase? existing;
            try
            {
                existing = await ExpiredIfDueAsync(readable, cancellationToken).ConfigureAwait(false);
            }
            catch (Storage.QuarantinedCaseException)
            {
                continue; // it changed into a row that does not verify since it was read: look again
            }

            if (existing is { } open && !CaseWorkflow.IsTerminal(open.State))
            {
                if (attempt == lastRound)
                {
                    break;
                }

                // The owner always wins, and never adopts: the case another credential holds ends, with its event and a
                // notice, and the owner gets a case of their own. The workflow decides whether this open may end it.
                var superseded = await RunAsync<ApplicantCaseView>(open.Id, null, _ => Actor.System, Just(new Supersede(request.AccountId is not null)), null, null, null, cancellationToken).ConfigureAwait(false);
                if (superseded.ErrorCode == ErrorCodes.CaseAlreadyOpen)
                {
                    // The owner proved a factor in the open case, which a signed-out open never ends. Saying so would tell
                    // whoever typed the identifier that it has an account: the caller gets a case like an unknown
                    // identifier's, on the identifier's stand-in account, whose codes go nowhere.
                    if (account.IsStandIn || request.Identifier is null
                        || !ContactNormalizer.TryNormalizeIdentifier(request.Identifier, out var typedKind, out var typed))
                    {
                        return AlreadyOpen();
                    }

                    account = StandIn(typedKind, typed);
                    pad = true;
                    attempt--; // once at most (a stand-in's case is never proven): the switch is no concurrency retry
                }
                else
                {
                    pad = false;
                }

                continue;
            }

            if (pad)
            {
                pad = false;
                _ = await _directory.GetAccountAsync(account.AccountId, cancellationToken).ConfigureAwait(false);
            }

            var guard = await _store.LoadGuardAsync(account.AccountId, cancellationToken).ConfigureAwait(false);
            var now = _time.GetUtcNow();
            var (credential, hash) = IssueCredential();
            var decision = _decider.Open(CaseId.New(), account, request.Channel, request.EntryPoint, now, AccountLimits.Of(guard).LastAcceptedTotpStep);
            decision = decision.Replacing(decision.Case with { CredentialHash = hash }).Asking(SideEffects.NotifyOpened);
            var result = new ResetResult<ApplicantCaseView>(null, ApplicantView(decision.Case) with { Access = new ApplicantAccess(decision.Case.Id, credential) });
            (var messages, decision) = await MessagesForAsync(decision, null, now, cancellationToken).ConfigureAwait(false);
            var write = await _store.CommitAsync(Commit(decision, 0, null, ticket, result, messages, null, now), cancellationToken).ConfigureAwait(false);
            switch (write)
            {
                case StoreWriteResult.Written:
                    SecurityResetTelemetry.CasesOpened.Add(1);
                    Log.CaseOpened(_logger, decision.Case.Id, request.Channel, request.EntryPoint);
                    return result;
                case StoreWriteResult.IdempotencyKeyTaken:
                    return await ReplayAsync<ApplicantCaseView>(ticket!, cancellationToken).ConfigureAwait(false);
                case StoreWriteResult.AccountHasOpenCase:
                    continue; // another open won the race: look at it again
                default:
                    return Busy<ApplicantCaseView>();
            }
        }

        return Busy<ApplicantCaseView>();
    }

    /// <summary>
    /// A case as of now: one past its lifetime is expired here, whether or not the expiry job has run, so a case
    /// nobody finishes never blocks its account's next open (nor shows as open to a reader). The workflow's own
    /// expiry transition decides, and commits it like any command.
    /// </summary>
    private async Task<ResetCase?> ExpiredIfDueAsync(ResetCase? found, CancellationToken cancellationToken)
    {
        if (found is null || _decider.Check(found, CaseTrigger.Expire, Actor.System, _time.GetUtcNow()) is not null)
        {
            return found;
        }

        await RunAsync<ApplicantCaseView>(found.Id, null, _ => Actor.System, Just(new Expire()), null, null, null, cancellationToken).ConfigureAwait(false);
        return await _store.LoadAsync(found.Id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Ends an open case whose snapshot does not read or verify, by its columns alone: its state becomes
    /// <paramref name="ended"/> (<see cref="CaseState.Superseded"/> when its owner opened a new case,
    /// <see cref="CaseState.Expired"/> past its lifetime) and its version one more, its payload stays byte for byte (so it
    /// stays quarantined, for an operator), and an event of <paramref name="eventType"/> with detail <c>quarantined</c>,
    /// sealed onto the trail the store holds, says why. Nothing else of the case changes: no reset, no message. A lost
    /// race is left to the caller's next round.
    /// </summary>
    private async Task<StoreWriteResult> EndQuarantinedAsync(StoredCase stored, CaseState ended, string eventType, CancellationToken cancellationToken)
    {
        var trail = await _store.ReadEventsAsync(stored.Id, cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var version = stored.Version + 1;
        var events = _trail.SealAfter(trail.Count == 0 ? null : trail[^1].Seal, [new CaseEvent(stored.Id, version, eventType, now, Actor.System, "quarantined")]);
        var write = await _store.CommitAsync(new CaseCommit(stored with { State = ended, Version = version }, stored.Version, events, null, null, [], [], now), cancellationToken).ConfigureAwait(false);
        Log.QuarantinedCaseEnded(_logger, stored.Id, ended, write);
        return write;
    }

    /// <summary>
    /// The answer to an open that may not end the account's open case (it cannot happen for a signed-out open, which
    /// then gets a stand-in case, nor for a signed-in one, which always supersedes): nothing of that case is shown.
    /// </summary>
    private static ResetResult<ApplicantCaseView> AlreadyOpen() =>
        new(new ResetError(ErrorCodes.CaseAlreadyOpen, "The account already has an open case."), null);

    private ResetResult<T> Quarantined<T>(CaseId caseId, string reason)
        where T : class
    {
        SecurityResetTelemetry.CasesQuarantined.Add(1);
        Log.CaseQuarantined(_logger, caseId, reason);
        return new(new ResetError(ErrorCodes.CaseQuarantined, "The case failed an integrity check and cannot continue."), null);
    }

    private static ResetResult<T> Busy<T>()
        where T : class => new(new ResetError(ErrorCodes.CaseBusy, "The case is changing too fast; try again."), null);

    private AccountSnapshot Snapshot(AccountRecord record)
    {
        ProtectedContact? Bound(ContactKind kind, string? value) =>
            value is not null && ContactNormalizer.TryNormalize(kind, value, out var normalized) ? _protector.Protect(kind, normalized) : null;

        var document = record.KycDocument is { } kyc ? _protector.Document(kyc.Type, kyc.IssuingCountry, kyc.Number) : null;
        return new AccountSnapshot(record.AccountId, Bound(ContactKind.Email, record.Email), Bound(ContactKind.Phone, record.Phone), record.AuthenticatorBound, record.Kyc, document);
    }

    /// <summary>
    /// The account a signed-out applicant gets when the identifier matches none (or when its owner holds an open case
    /// with a proven factor): stable per identifier, every item bound, no KYC. Its codes are drawn and hashed as usual
    /// and their messages are dropped by the dispatcher, so every code fails exactly like a wrong one. Its contacts are
    /// never shown: nothing is shown of any account before its owner is proven, and a stand-in's never is.
    /// </summary>
    private AccountSnapshot StandIn(ContactKind kind, string identifier)
    {
        var fingerprint = _protector.Fingerprint("stand-in", identifier);
        var id = AccountSnapshot.StandInPrefix + fingerprint[..22].Replace('/', '_').Replace('+', '-');

        // The made-up contact of the other kind must look like anybody's once masked (no fixed marker such as a
        // reserved domain or a constant number), and stay the same for the same identifier.
        var digest = Convert.FromBase64String(fingerprint);
        var email = kind == ContactKind.Email ? identifier : $"{Convert.ToHexStringLower(digest.AsSpan(0, 5))}@{StandInDomains[digest[5] % StandInDomains.Length]}";
        var phone = kind == ContactKind.Phone ? identifier
            : "+1" + ((BitConverter.ToUInt64(digest, 8) % 9_000_000_000UL) + 1_000_000_000UL).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new AccountSnapshot(
            id,
            _protector.Protect(ContactKind.Email, email),
            _protector.Protect(ContactKind.Phone, phone),
            AuthenticatorBound: true,
            KycLevel.None,
            null);
    }

    private static readonly string[] StandInDomains = ["gmail.com", "outlook.com", "yahoo.com", "icloud.com", "proton.me", "gmx.de"];

    private Task<ResetResult<ApplicantCaseView>> RunApplicantAsync(ApplicantAccess access, IdempotencyTicket? ticket, Func<ResetCase, CancellationToken, ValueTask<Prepared>> prepare, CancellationToken cancellationToken) =>
        RunAsync(access.CaseId, access.Credential ?? string.Empty, ApplicantOf, prepare, ApplicantAnswer, ticket, null, cancellationToken);

    private ValueTask<ResetResult<ApplicantCaseView>> ApplicantAnswer(ResetCase c, ResetError? error, IReadOnlyList<CaseEvent> added, ApplicantAccess? issued) =>
        ValueTask.FromResult(new ResetResult<ApplicantCaseView>(error, issued is null ? ApplicantView(c) : ApplicantView(c) with { Access = issued }));

    /// <summary>
    /// Load → decide → commit, once per try: the case, its events, the account guard, the idempotency record and
    /// the outbox messages the decision asks for go to the store in one commit. On a version conflict the command is
    /// decided again on the fresh case. Nothing is sent from here: the dispatcher delivers what was committed.
    /// <c>answer</c> builds the answer for a case and an error (and the events the decision adds) before the commit,
    /// so it can be committed with the idempotency key (<see langword="null"/> for the library's own commands);
    /// <c>followUp</c> is what a command fired by the dispatcher carries along. An applicant's command shows its
    /// <c>credential</c> (<see langword="null"/> for the reviewer's and the library's own): a case whose credential
    /// it is not answers <c>case.credential_invalid</c> and nothing else; a verified factor replaces it, and the answer
    /// carries the new one.
    /// </summary>
    private async Task<ResetResult<T>> RunAsync<T>(
        CaseId caseId,
        string? credential,
        Func<ResetCase, Actor> actorOf,
        Func<ResetCase, CancellationToken, ValueTask<Prepared>> prepare,
        Answer<T>? answer,
        IdempotencyTicket? ticket,
        FollowUp? followUp,
        CancellationToken cancellationToken)
        where T : class
    {
        using var activity = SecurityResetTelemetry.Source.StartActivity("SecurityReset.Command");
        activity?.SetTag("securityreset.case_id", caseId.ToString());
        for (var attempt = 0; attempt <= _options.MaxConcurrencyRetries; attempt++)
        {
            ResetCase? current;
            try
            {
                current = await _store.LoadAsync(caseId, cancellationToken).ConfigureAwait(false);
            }
            catch (Storage.QuarantinedCaseException ex)
            {
                return Quarantined<T>(ex.CaseId, ex.Reason);
            }

            if (current is null)
            {
                return NotFound<T>();
            }

            if (credential is not null && !Holds(current, credential))
            {
                Log.CredentialRefused(_logger, caseId);
                return CredentialRefused<T>();
            }

            var prepared = await prepare(current, cancellationToken).ConfigureAwait(false);
            if (prepared.Trigger is not { } trigger)
            {
                return await AnswerAsync(answer, current, prepared.Error!, [], null).ConfigureAwait(false);
            }

            activity?.SetTag("securityreset.trigger", trigger.ToString());
            var guard = await GuardFor(current, trigger, cancellationToken).ConfigureAwait(false);
            var now = _time.GetUtcNow();
            var limits = AccountLimits.Of(guard);
            var factor = guard is null ? null : FactorOf(prepared.Command, trigger);
            var refusal = factor is { } checkedFactor && limits.LockedUntil(checkedFactor, now, _options) is not null
                ? new ResetError(ErrorCodes.AccountLocked, "Too many failed checks of this factor; try again later.")
                : prepared.Error; // the workflow refused before a vendor was asked; the factor's lock-out still answers first
            if (refusal is not null || prepared.Command is not { } command)
            {
                return await RefusedAsync(answer, current, trigger, refusal!, activity).ConfigureAwait(false);
            }

            var secret = command is VerifyAuthenticator && _decider.Check(current, CaseTrigger.VerifyAuthenticator, actorOf(current), now) is null
                ? await AuthenticatorSecretAsync(current, cancellationToken).ConfigureAwait(false)
                : null;
            var decision = _decider.Decide(current, command, actorOf(current), now, secret);
            if (!decision.Changed)
            {
                return await RefusedAsync(answer, current, command.Trigger, decision.Error!, activity).ConfigureAwait(false);
            }

            // The account counts codes per destination across cases: cancelling and reopening buys none.
            if (guard is not null && decision.IssuedCode is { } code && !limits.MaySend(SendDestination.Of(code.Target, decision.Case.NewContact), now, _options))
            {
                return await RefusedAsync(answer, current, command.Trigger, new ResetError(ErrorCodes.CodeSendLimitReached, "This destination received the most codes allowed for the account for now; try again later."), activity).ConfigureAwait(false);
            }

            ApplicantAccess? issued = null;
            if (credential is not null && ProvesFactor(current, decision.Case))
            {
                // Each verified factor replaces the credential: whoever copied the old one holds nothing any more.
                var (fresh, hash) = IssueCredential();
                decision = decision.Replacing(decision.Case with { CredentialHash = hash });
                issued = new ApplicantAccess(caseId, fresh);
            }

            var result = await AnswerAsync(answer, decision.Case, decision.Error, decision.Events, issued).ConfigureAwait(false);
            IReadOnlyList<OutboxMessage> messages;
            try
            {
                (messages, decision) = await MessagesForAsync(decision, followUp, now, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is CryptographicException or FormatException)
            {
                // The case's new contact was not sealed for this case (copied from another, or altered): nothing acts on it.
                return Quarantined<T>(caseId, "its new contact does not open for it");
            }

            var counted = guard is null ? null : Count(guard, limits, factor, decision, now);
            var write = await _store.CommitAsync(Commit(decision, current.Version, counted?.Guard, ticket, result, messages, followUp, now), cancellationToken).ConfigureAwait(false);
            if (write == StoreWriteResult.IdempotencyKeyTaken)
            {
                return await ReplayAsync<T>(ticket!, cancellationToken).ConfigureAwait(false);
            }

            if (write != StoreWriteResult.Written)
            {
                Log.VersionConflict(_logger, caseId, attempt + 1);
                continue;
            }

            Committed(command.Trigger, decision, counted, activity);
            return result;
        }

        return new(new ResetError(ErrorCodes.CaseBusy, "The case is changing too fast; try again."), null);
    }

    private CaseCommit Commit<T>(Decision decision, long expectedVersion, AccountGuard? guard, IdempotencyTicket? ticket, ResetResult<T>? result, IReadOnlyList<OutboxMessage> messages, FollowUp? followUp, DateTimeOffset now)
        where T : class
    {
        // The events are sealed onto the trail here, and the case keeps the last seal: whatever commits, commits chained.
        var (sealedCase, sealedEvents) = _trail.Seal(decision.Case, decision.Events);
        return new(
            StoredAt(sealedCase, now),
            expectedVersion,
            sealedEvents,
            guard,
            ticket is null || result is null ? null : ticket.Record(JsonSerializer.Serialize(result, Json), _protector),
            messages,
            followUp?.Settles is { } settled ? [settled] : [],
            now);
    }

    private static async ValueTask<ResetResult<T>> AnswerAsync<T>(Answer<T>? answer, ResetCase c, ResetError? error, IReadOnlyList<CaseEvent> added, ApplicantAccess? issued)
        where T : class =>
        answer is null ? new(error, null) : await answer(c, error, added, issued).ConfigureAwait(false);

    private ValueTask<ResetResult<T>> RefusedAsync<T>(Answer<T>? answer, ResetCase current, CaseTrigger trigger, ResetError error, Activity? activity)
        where T : class
    {
        Log.CommandRefused(_logger, current.Id, trigger, error.Code);
        activity?.SetTag("securityreset.error", error.Code);
        return AnswerAsync(answer, current, error, [], null);
    }

    /// <summary>Logs and counts what a commit did.</summary>
    private void Committed(CaseTrigger trigger, Decision decision, Counted? counted, Activity? activity)
    {
        var saved = decision.Case;
        if (decision.Succeeded)
        {
            Log.CommandAccepted(_logger, saved.Id, trigger, saved.State, saved.Version);
        }
        else
        {
            Log.CommandRefused(_logger, saved.Id, trigger, decision.Error!.Code);
            activity?.SetTag("securityreset.error", decision.Error.Code);
            if (counted is not null)
            {
                SecurityResetTelemetry.CodeFailures.Add(1);
            }
        }

        if (counted?.Reached is { } reached)
        {
            Log.AccountLimitReached(_logger, reached, counted.Until);
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
                case CaseEventTypes.Superseded:
                    Log.CaseSuperseded(_logger, saved.Id);
                    break;
            }
        }
    }

    private async Task<byte[]> AuthenticatorSecretAsync(ResetCase current, CancellationToken cancellationToken)
    {
        var secret = await _directory.GetAuthenticatorSecretAsync(current.Account.AccountId, cancellationToken).ConfigureAwait(false);

        // A stand-in account, or one whose authenticator vanished, checks against a random secret: it fails like a wrong code.
        return secret is { Length: > 0 } ? secret : System.Security.Cryptography.RandomNumberGenerator.GetBytes(20);
    }

    /// <summary>
    /// The account guard, for the commands the account's limits count: code requests, checks of a factor, and the
    /// inputs compared with the account's own details.
    /// </summary>
    private async Task<AccountGuard?> GuardFor(ResetCase current, CaseTrigger trigger, CancellationToken cancellationToken)
    {
        if (FactorOf(null, trigger) is null && trigger is not (CaseTrigger.RequestCode or CaseTrigger.VerifyCode))
        {
            return null;
        }

        return await _store.LoadGuardAsync(current.Account.AccountId, cancellationToken).ConfigureAwait(false) ?? AccountGuard.New(current.Account.AccountId);
    }

    /// <summary>The factor a command checks (or, for a code request, sends a code for), or <see langword="null"/>.</summary>
    private static AccountFactor? FactorOf(CaseCommand? command, CaseTrigger trigger) => command switch
    {
        RequestCode request => AccountLimits.FactorOf(request.Target),
        VerifyCode check => AccountLimits.FactorOf(check.Target),
        _ => trigger switch
        {
            CaseTrigger.VerifyAuthenticator => AccountFactor.Authenticator,
            CaseTrigger.RecordFaceScan => AccountFactor.FaceScan,
            CaseTrigger.SetNewContact or CaseTrigger.SubmitDocument or CaseTrigger.SubmitVideo => AccountFactor.IdentityDetails,
            _ => null,
        },
    };

    /// <summary>
    /// The guard after one check or one code sent. A failure counts against its factor, and the one that spends the
    /// factor's budget locks that factor for a window; a code sent counts against its destination. A success clears
    /// the count of its own factor only, and only when the owner proved a factor bound before the case: the new
    /// contact is the applicant's own, and nothing proven on a stand-in account proves an owner, so neither gives
    /// back any budget (cancel, reopen, guess again). The authenticator step a success accepted is remembered.
    /// Committed with the case on the guard's version, so parallel requests cannot evaluate more checks or send more
    /// codes than the limits allow: only one of them commits on the same versions.
    /// </summary>
    private Counted Count(AccountGuard guard, AccountLimits limits, AccountFactor? factor, Decision decision, DateTimeOffset now)
    {
        var window = _options.Lockout.Window;
        AccountLimits next;
        string? reached = null;
        if (decision.IssuedCode is { } issued)
        {
            var to = SendDestination.Of(issued.Target, decision.Case.NewContact);
            next = limits.Sent(to, now, window);
            reached = next.Sends(to, now, window) == _options.Codes.MaxPerDestinationPerAccount ? $"codes to {issued.Target}" : null;
        }
        else if (factor is not { } f)
        {
            next = limits.Pruned(now, window);
        }
        else if (!decision.Succeeded)
        {
            next = limits.Failed(f, now, window);
            reached = next.Failures(f, now, window) == AccountLimits.Budget(f, _options) ? $"{f} failures" : null;
        }
        else
        {
            // Knowing a detail of the account is not authenticating with a factor bound before the case.
            next = f is not (AccountFactor.NewContact or AccountFactor.IdentityDetails) && !decision.Case.Account.IsStandIn
                ? limits.Cleared(f, now, window)
                : limits.Pruned(now, window);
        }

        next = next.WithTotpStep(decision.Case.LastAcceptedTotpStep);
        return new Counted(guard with { Version = guard.Version + 1, Payload = next.Write() }, reached, now + window);
    }

    /// <summary>
    /// The outbox messages a decision asks for, resolved now (addresses as the directory has them, the code in
    /// clear) and sealed. A stand-in account has no addresses, nor has an account a destination it lacks: the code's message
    /// is committed all the same, without address or code, and the dispatcher drops it (nothing arrives).
    /// Notices of an opening, a submission and an approval carry a fresh "this wasn't me" token per bound channel: the
    /// decision comes back with the tokens' hashes added to its case. A decision reaches the verified new contact too
    /// (without a token: it is the applicant's). The reset is due once the dispute window after the approval passed.
    /// </summary>
    private async ValueTask<(IReadOnlyList<OutboxMessage> Messages, Decision Decision)> MessagesForAsync(Decision decision, FollowUp? followUp, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var asks = decision.Asks;
        if (decision.IssuedCode is null && asks == SideEffects.None)
        {
            return ([], decision);
        }

        var saved = decision.Case;
        var contents = new List<OutboxContent>();
        var record = await _directory.GetAccountAsync(saved.Account.AccountId, cancellationToken).ConfigureAwait(false);
        var bound = BoundChannels(record);
        if (decision.IssuedCode is { } code)
        {
            var destination = code.Target switch
            {
                VerificationTarget.NewContact => new BoundChannel(saved.NewContact!.Kind, _protector.UnsealNewContact(saved.Id, saved.NewContact)),
                VerificationTarget.BoundEmail => bound.FirstOrDefault(c => c.Kind == ContactKind.Email),
                _ => bound.FirstOrDefault(c => c.Kind == ContactKind.Phone),
            };
            // A destination nobody has (a stand-in's, or an item the account lacks before its owner is proven) still gets
            // its message, without an address or a code: the dispatcher drops it, and the outbox looks the same for all.
            contents.Add(destination is not null
                ? new OutboxContent(OutboxKind.Code, saved.Account.AccountId, destination.Kind, destination.Address, code.Code, code.Target, code.ExpiresAt)
                : new OutboxContent(OutboxKind.Code, saved.Account.AccountId, code.Target == VerificationTarget.BoundPhone ? ContactKind.Phone : ContactKind.Email, null, null, code.Target, code.ExpiresAt));
        }

        var tokens = new List<DisputeToken>();
        var newContact = saved.NewContact is { Sealed: not null } contact && saved.NewContactVerified
            ? new BoundChannel(contact.Kind, _protector.UnsealNewContact(saved.Id, contact))
            : null;
        foreach (var (flag, subject) in Notices)
        {
            if (!asks.HasFlag(flag))
            {
                continue;
            }

            var to = flag == SideEffects.NotifyResetCompleted ? followUp?.NotifyAfterReset ?? bound : bound;
            foreach (var channel in to)
            {
                string? token = null;
                if ((flag & Disputable) != 0)
                {
                    (token, var hash) = IssueDisputeToken(saved.Id);
                    tokens.Add(new DisputeToken(hash, channel.Kind));
                }

                contents.Add(new OutboxContent(OutboxKind.Notice, saved.Account.AccountId, channel.Kind, channel.Address, Subject: subject, DisputeToken: token));
            }

            if ((flag & Decisions) != 0 && newContact is not null)
            {
                contents.Add(new OutboxContent(OutboxKind.Notice, saved.Account.AccountId, newContact.Kind, newContact.Address, Subject: subject));
            }
        }

        var messages = contents.Select(c => _outbox.Seal(saved.Id, c, now, now)).ToList();
        if (asks.HasFlag(SideEffects.ApplyReset))
        {
            // Nothing applies before the owner had the dispute window to say "this wasn't me".
            messages.Add(_outbox.Seal(saved.Id, ResetContent(saved, bound), now, now + _options.Lifetimes.DisputeWindow));
        }

        if (tokens.Count > 0)
        {
            decision = decision.Replacing(saved with { DisputeTokens = (saved.DisputeTokens.IsDefault ? [] : saved.DisputeTokens).AddRange(tokens) });
        }

        return (messages, decision);
    }

    /// <summary>The notices that carry a "this wasn't me" token to each channel bound before the case.</summary>
    private const SideEffects Disputable = SideEffects.NotifyOpened | SideEffects.NotifySubmitted | SideEffects.NotifyApproved;

    /// <summary>The reviewer's decisions: they reach the verified new contact as well as the bound channels.</summary>
    private const SideEffects Decisions = SideEffects.NotifyRejected | SideEffects.NotifyInformationRequested | SideEffects.NotifyApproved;

    private static readonly (SideEffects Flag, NotificationKind Subject)[] Notices =
    [
        (SideEffects.NotifyOpened, NotificationKind.CaseOpened),
        (SideEffects.NotifyApproved, NotificationKind.CaseApproved),
        (SideEffects.NotifySuperseded, NotificationKind.CaseSuperseded),
        (SideEffects.NotifySubmitted, NotificationKind.CaseSubmitted),
        (SideEffects.NotifyRejected, NotificationKind.CaseRejected),
        (SideEffects.NotifyInformationRequested, NotificationKind.InformationRequested),
        (SideEffects.NotifyResetCompleted, NotificationKind.ResetCompleted),
        (SideEffects.NotifyReviewExpired, NotificationKind.ReviewDeadlinePassed),
    ];

    private static List<BoundChannel> BoundChannels(AccountRecord? record)
    {
        var channels = new List<BoundChannel>(2);
        if (record?.Email is { } email)
        {
            channels.Add(new BoundChannel(ContactKind.Email, email));
        }

        if (record?.Phone is { } phone)
        {
            channels.Add(new BoundChannel(ContactKind.Phone, phone));
        }

        return channels;
    }

    /// <summary>
    /// Runs a call once per idempotency key. A key already committed answers from its record; otherwise the call
    /// runs and commits its record together with its effect. A call that changed nothing commits nothing, so its
    /// retry is decided again (and changes nothing either, unless the case moved on).
    /// </summary>
    private async Task<ResetResult<T>> IdempotentAsync<T>(IdempotencyScope scope, string? key, Func<string> hashRequest, Func<IdempotencyTicket?, CancellationToken, Task<ResetResult<T>>> run, CancellationToken cancellationToken)
        where T : class
    {
        if (key is null)
        {
            return await run(null, cancellationToken).ConfigureAwait(false);
        }

        if (!Text.IsCleanNonBlank(key, MaxIdempotencyKeyLength))
        {
            return new(new ResetError(ErrorCodes.RequestInvalid, "The idempotency key must be 1–128 printable characters."), null);
        }

        var now = _time.GetUtcNow();
        var ticket = new IdempotencyTicket(scope.Key(key, _keys.IdempotencyKey), hashRequest(), now + _options.Lifetimes.IdempotencyKey);
        var existing = await _store.FindIdempotencyAsync(ticket.Key, now, cancellationToken).ConfigureAwait(false);
        return existing is null ? await run(ticket, cancellationToken).ConfigureAwait(false) : Replay<T>(existing, ticket, _protector);
    }

    /// <summary>The answer of a request whose key another request committed first.</summary>
    private async Task<ResetResult<T>> ReplayAsync<T>(IdempotencyTicket ticket, CancellationToken cancellationToken)
        where T : class
    {
        var existing = await _store.FindIdempotencyAsync(ticket.Key, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return existing is null
            ? new(new ResetError(ErrorCodes.RequestInProgress, "This request is still running; retry shortly."), null)
            : Replay<T>(existing, ticket, _protector);
    }

    /// <summary>
    /// The committed answer of a key, when the request is the same. Answers are kept sealed (they may carry an applicant
    /// credential), bound to their scoped key: a record moved to another key does not open.
    /// </summary>
    private static ResetResult<T> Replay<T>(IdempotencyRecord existing, IdempotencyTicket ticket, PersonalDataProtector protector)
        where T : class
    {
        if (string.Equals(existing.RequestHash, ticket.RequestHash, StringComparison.Ordinal)
            && ticket.TryUnseal(existing.ResultJson, protector) is { } json)
        {
            return JsonSerializer.Deserialize<ResetResult<T>>(json, Json)!;
        }

        return new(new ResetError(ErrorCodes.IdempotencyKeyReused, "This idempotency key was used for a different request."), null);
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
    /// Where an idempotency key applies: an operation (<c>open</c>, <c>case</c>, <c>review</c>), the case, and the caller
    /// (the caller scope of an open, the applicant credential, the reviewer). The caller goes into the stored key only
    /// as a keyed hash, and the key is only built when a call carries one: the same key from another caller is another
    /// request, never an answer nor a sign that the key was used.
    /// </summary>
    private readonly record struct IdempotencyScope(string Name, CaseId? Case, string Caller)
    {
        public string Key(string key, byte[] hashKey)
        {
            var caller = Convert.ToBase64String(HMACSHA256.HashData(hashKey, Encoding.UTF8.GetBytes($"{Name}|{Case}|{Caller}")), 0, 18);
            return Case is { } id ? $"{Name}:{id}:{caller}:{key}" : $"{Name}:{caller}:{key}";
        }
    }

    /// <summary>An idempotency key in force for one call: its record is committed with the call's effect.</summary>
    private sealed record IdempotencyTicket(string Key, string RequestHash, DateTimeOffset ExpiresAt)
    {
        public IdempotencyRecord Record(string resultJson, PersonalDataProtector protector) =>
            new(Key, RequestHash, Convert.ToBase64String(protector.Seal(Encoding.UTF8.GetBytes(resultJson), Encoding.UTF8.GetBytes(Key))), ExpiresAt);

        public string? TryUnseal(string sealedAnswer, PersonalDataProtector protector)
        {
            try
            {
                return Encoding.UTF8.GetString(protector.Unseal(Convert.FromBase64String(sealedAnswer), Encoding.UTF8.GetBytes(Key)));
            }
            catch (Exception ex) when (ex is FormatException or CryptographicException)
            {
                return null;
            }
        }
    }

    /// <summary>Builds the answer for a case, an error, the events the decision adds, and the credential it issued.</summary>
    private delegate ValueTask<ResetResult<T>> Answer<T>(ResetCase c, ResetError? error, IReadOnlyList<CaseEvent> added, ApplicantAccess? issued)
        where T : class;

    /// <summary>The account guard a command commits, and the limit it reached (logged), if any, with until when it refuses.</summary>
    private sealed record Counted(AccountGuard Guard, string? Reached, DateTimeOffset Until);

    /// <summary>What a command the dispatcher fires carries along: the message it settles, and the channels bound before a reset.</summary>
    private sealed record FollowUp(Guid? Settles, IReadOnlyList<BoundChannel>? NotifyAfterReset);
}
