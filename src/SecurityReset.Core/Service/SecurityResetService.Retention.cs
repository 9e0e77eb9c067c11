using System.Security.Cryptography;
using SecurityReset.Ports;
using SecurityReset.Retention;
using SecurityReset.Workflow;

namespace SecurityReset;

/// <summary>Retention: the purge of ended cases' personal data, and the export of everything held about a case.</summary>
public sealed partial class SecurityResetService
{
    /// <summary>
    /// Redacts the personal data of ended cases whose retention has passed (<see cref="SecurityResetOptions.Lifetimes"/>:
    /// by default 90 days after a case completed or was rejected, 30 days after it was cancelled, expired or superseded).
    /// Each case is committed as a new version with its personal values replaced by <see cref="CaseExport.Redacted"/> and
    /// a <c>case.purged</c> event on its trail, which stays sealed and verifiable; the events themselves are never
    /// changed (they hold no personal data). Idempotent and safe to run from several processes at once: each case is a
    /// compare-and-swap, and a purged case is due no more. Run it from a timer, again at once while
    /// <see cref="PurgeResult.MoreDue"/>. The files behind evidence references are deleted with the case when an
    /// <see cref="IEvidenceStore"/> is registered (<c>AddSecurityReset</c> picks it up); otherwise delete them in the host's storage.
    /// </summary>
    /// <param name="batchSize">The most cases to purge in this run, 1 to 1,000.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many cases this run purged, and whether more are due.</returns>
    public async Task<PurgeResult> PurgeAsync(int batchSize = 100, CancellationToken cancellationToken = default)
    {
        var size = Math.Clamp(batchSize, 1, 1000);
        var due = await _store.ListPurgeDueAsync(_time.GetUtcNow(), size + 1, cancellationToken).ConfigureAwait(false);
        var purged = 0;
        foreach (var candidate in due.Take(size))
        {
            if (await PurgeOneAsync(candidate, cancellationToken).ConfigureAwait(false))
            {
                purged++;
            }
        }

        var result = new PurgeResult(purged, due.Count > size);
        Log.PurgeRan(_logger, purged, Math.Min(due.Count, size), result.MoreDue);
        return result;
    }

    /// <summary>
    /// Everything the library holds about a case, for a data subject's request: its columns, the personal data still
    /// held (the new contact unsealed) and the audit trail, with the trail's verification. Reads only: a case past its
    /// lifetime shows its last stored state. Serve it to the person only once you know it is theirs.
    /// </summary>
    /// <param name="caseId">The case.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The export (<see cref="CaseExport.ToJson"/> writes it as JSON), or <c>case.not_found</c>.</returns>
    public Task<ResetResult<CaseExport>> ExportCaseAsync(CaseId caseId, CancellationToken cancellationToken = default) =>
        UnlessQuarantinedAsync(() => ExportAsync(caseId, cancellationToken));

    private async Task<ResetResult<CaseExport>> ExportAsync(CaseId caseId, CancellationToken cancellationToken)
    {
        // The record, the snapshot and the trail are three reads: a commit between them is read again, so the export
        // shows one version of the case.
        StoredCase? stored = null;
        ResetCase? found = null;
        IReadOnlyList<CaseEvent> events = [];
        for (var attempt = 0; attempt <= _options.MaxConcurrencyRetries; attempt++)
        {
            stored = await _store.LoadStoredAsync(caseId, cancellationToken).ConfigureAwait(false);
            found = stored is null ? null : await _store.LoadAsync(caseId, cancellationToken).ConfigureAwait(false);
            if (stored is null || found is null)
            {
                return NotFound<CaseExport>();
            }

            events = await _store.ReadEventsAsync(caseId, cancellationToken).ConfigureAwait(false);
            if (stored.Version == found.Version && (events.Count == 0 || events[^1].Version == found.Version))
            {
                break;
            }
        }

        if (stored is null || found is null)
        {
            return NotFound<CaseExport>();
        }
        var purged = events.LastOrDefault(e => e.Type == CaseEventTypes.Purged);
        string? newContact = null;
        if (found.NewContact is { } contact)
        {
            try
            {
                newContact = _protector.UnsealNewContact(found.Id, contact);
            }
            catch (Exception ex) when (ex is CryptographicException or FormatException)
            {
                newContact = CaseExport.Redacted; // purged (nothing sealed left), or sealed for another case
            }
        }

        return new(null, new CaseExport
        {
            Id = found.Id,
            AccountId = found.Account.AccountId,
            State = found.State,
            Version = found.Version,
            Channel = found.Channel,
            EntryPoint = found.EntryPoint,
            OpenedAt = found.OpenedAt,
            ExpiresAt = found.ExpiresAt,
            SubmittedAt = found.SubmittedAt,
            DecidedAt = found.DecidedAt,
            PurgeAfter = stored.PurgeAfter,
            PurgedAt = purged?.OccurredAt,
            BoundItems = found.Account.BoundItems,
            SelectedItems = found.SelectedItems,
            VerifiedItems = found.VerifiedItems,
            BoundEmail = found.Account.Email?.Masked,
            BoundPhone = found.Account.Phone?.Masked,
            NewContactKind = found.NewContact?.Kind,
            NewContact = newContact,
            NewContactVerified = found.NewContactVerified,
            QuestionnaireAnswers = found.Questionnaire?.Answers,
            Proofs = found.Proofs.IsDefault ? [] : [.. found.Proofs],
            DocumentType = found.Document?.Reference.Type,
            DocumentCountry = found.Document?.Reference.IssuingCountry,
            DocumentNumberFingerprint = found.Document?.Reference.NumberFingerprint,
            DocumentImage = found.Document?.FrontImage,
            Video = found.Video,
            FaceScanReference = found.FaceScanReference,
            FaceScanSessions = found.FaceScanSessions.IsDefault ? 0 : found.FaceScanSessions.Length,
            AcceptedTermsVersion = found.AcceptedTermsVersion,
            ReviewerId = found.ReviewerId,
            ReasonCode = found.ReasonCode,
            Disputes = found.Disputes.IsDefault ? [] : [.. found.Disputes],
            Events = events,
            Trail = _trail.Verify(found, events),
        });
    }

    /// <summary>
    /// When a case's personal data falls due for the purge, fixed when it is written ended: the retention of its end
    /// counted from <paramref name="now"/>, which for an ended case is when it ended (or when a notice of its end was
    /// given up). <see langword="null"/> for an open case.
    /// </summary>
    private DateTimeOffset? PurgeAfterFor(ResetCase c, DateTimeOffset now) => c.State switch
    {
        CaseState.Completed or CaseState.Rejected => now + _options.Lifetimes.PersonalDataAfterDecision,
        _ when c.IsTerminal => now + _options.Lifetimes.PersonalDataAfterEnd,
        _ => null,
    };

    /// <summary>The record to commit for a case written at <paramref name="now"/>, its purge due time set.</summary>
    private StoredCase StoredAt(ResetCase sealedCase, DateTimeOffset now) =>
        _store.ToStored(sealedCase, PurgeAfterFor(sealedCase, now));

    /// <summary>Redacts and commits one due case; <see langword="false"/> when another run purged it first or it is not due.</summary>
    private async Task<bool> PurgeOneAsync(ResetCase candidate, CancellationToken cancellationToken)
    {
        var current = candidate;
        for (var attempt = 0; attempt <= _options.MaxConcurrencyRetries; attempt++)
        {
            if (!current.IsTerminal)
            {
                return false; // only an ended case is ever due; a row saying otherwise is left alone
            }

            // The files go first: a purge that fails here leaves the case due, and the next run deletes again (idempotent).
            if (Evidence is { } evidence)
            {
                await evidence.DeleteCaseAsync(current.Id, cancellationToken).ConfigureAwait(false);
            }

            var now = _time.GetUtcNow();
            var redacted = CaseRedactor.Redact(current) with { Version = current.Version + 1 };
            var detail = current.State is CaseState.Completed or CaseState.Rejected ? "after-decision" : "after-end";
            var (sealedCase, sealedEvents) = _trail.Seal(redacted, [new CaseEvent(current.Id, redacted.Version, CaseEventTypes.Purged, now, Actor.System, detail)]);

            // No purge due time: a purged case is listed no more.
            var commit = new CaseCommit(_store.ToStored(sealedCase), current.Version, sealedEvents, null, null, [], [], now);
            if (await _store.CommitAsync(commit, cancellationToken).ConfigureAwait(false) == StoreWriteResult.Written)
            {
                SecurityResetTelemetry.CasesPurged.Add(1);
                return true;
            }

            // Another run purged it first, or a notice of its end was given up meanwhile: look again.
            Log.VersionConflict(_logger, current.Id, attempt + 1);
            var stored = await _store.LoadStoredAsync(current.Id, cancellationToken).ConfigureAwait(false);
            if (stored?.PurgeAfter is not { } dueAt || dueAt > now || _store.Read(stored).Case is not { } fresh)
            {
                return false; // not due any more, or quarantined since: an operator's
            }

            current = fresh;
        }

        return false;
    }
}
