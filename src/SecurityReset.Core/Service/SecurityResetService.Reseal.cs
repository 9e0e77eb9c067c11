using System.Security.Cryptography;
using SecurityReset.Ports;
using SecurityReset.Storage;
using SecurityReset.Trail;

namespace SecurityReset;

/// <summary>Key retirement: sealing again under the current key what stored cases still need a previous key for.</summary>
public sealed partial class SecurityResetService
{
    private readonly Lock _resealGate = new();
    private ResealTally? _resealPass;

    /// <summary>
    /// Seals again, under the current <see cref="SecurityResetOptions.SecretKey"/>, a batch of stored cases that still
    /// need a key of <see cref="SecurityResetOptions.PreviousSecretKeys"/>: a snapshot MAC'd under a previous key, a new
    /// contact sealed under one, pending outbox messages sealed under one, or audit events sealed under one since the
    /// case's last checkpoint. Each such case is committed as a new version (compare-and-swap, decided again on a
    /// conflict) with a <c>case.resealed</c> checkpoint on its trail: it names the key ids replaced and carries the
    /// SHA-256 digest of every event before it, which vouches for those events once their key is removed. Cases that do
    /// not verify (quarantined, a trail that does not hold) are counted and never rewritten. Applicant credentials,
    /// "this wasn't me" tokens, live codes and idempotency answers cannot be sealed again (their holders have the secret,
    /// the library only a keyed hash): they stop working when their key is removed. Call it from the first case
    /// (<paramref name="after"/> <see langword="null"/>) and then with <see cref="ResealResult.Next"/> until it is
    /// <see langword="null"/>; each batch logs its counts, and the end of a pass says whether anything still needs a
    /// previous key. Safe to run from several processes at once.
    /// </summary>
    /// <param name="after">Where the previous batch ended (<see cref="ResealResult.Next"/>), or <see langword="null"/> to start a pass.</param>
    /// <param name="batchSize">The most cases to look at in this batch, 1 to 1,000.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What the batch did, and where the next one starts.</returns>
    public async Task<ResealResult> ResealAsync(CaseId? after = null, int batchSize = 100, CancellationToken cancellationToken = default)
    {
        var size = Math.Clamp(batchSize, 1, 1000);
        var page = await _store.ListCasesAsync(after, size, cancellationToken).ConfigureAwait(false);
        var pending = page.Count == 0 ? [] : await _store.ListMessagesAsync([.. page.Select(c => c.Id)], cancellationToken).ConfigureAwait(false);
        var messagesOf = pending.ToLookup(m => m.CaseId);
        int resealed = 0, messages = 0, quarantined = 0, left = 0;
        foreach (var stored in page)
        {
            var (outcome, sealedMessages) = await ResealOneAsync(stored, [.. messagesOf[stored.Id]], cancellationToken).ConfigureAwait(false);
            switch (outcome)
            {
                case ResealOutcome.Resealed:
                    resealed++;
                    messages += sealedMessages;
                    break;
                case ResealOutcome.Quarantined:
                    quarantined++;
                    break;
                case ResealOutcome.Left:
                    left++;
                    break;
            }
        }

        var result = new ResealResult(page.Count, resealed, messages, quarantined, left, page.Count == size ? page[^1].Id : null);
        Log.ResealBatch(_logger, result.Scanned, resealed, _keys.Current.Id, messages, quarantined, left, result.Next);
        Tally(after is null, result);
        return result;
    }

    /// <summary>Adds a batch to the pass it belongs to, and logs the pass's totals when the batch reached the last case.</summary>
    private void Tally(bool first, ResealResult batch)
    {
        ResealTally pass;
        lock (_resealGate)
        {
            // A pass resumed after a restart has no tally from its first case: its totals say so.
            pass = first || _resealPass is null ? new ResealTally(first) : _resealPass;
            pass.Add(batch);
            _resealPass = batch.Next is null ? null : pass;
        }

        if (batch.Next is null)
        {
            Log.ResealPassFinished(_logger, pass.FromStart, pass.Resealed, pass.Quarantined, pass.Left, pass.FromStart && pass.Resealed == 0 && pass.Quarantined == 0 && pass.Left == 0);
        }
    }

    /// <summary>Seals one case again when it needs a previous key; a case that changes meanwhile is read again, a bounded number of times.</summary>
    private async Task<(ResealOutcome Outcome, int Messages)> ResealOneAsync(StoredCase stored, IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt <= _options.MaxConcurrencyRetries; attempt++)
        {
            var (found, reason) = _store.Read(stored);
            if (found is null)
            {
                _ = Quarantined<ResealResult>(stored.Id, reason!);
                return (ResealOutcome.Quarantined, 0);
            }

            var trail = await _store.ReadEventsAsync(found.Id, cancellationToken).ConfigureAwait(false);
            if (trail.Count > 0 && trail[^1].Version > found.Version)
            {
                // A commit landed between the two reads: read the case again.
                stored = await _store.LoadStoredAsync(found.Id, cancellationToken).ConfigureAwait(false) ?? stored;
                messages = await _store.ListMessagesAsync([found.Id], cancellationToken).ConfigureAwait(false);
                continue;
            }

            // A trail that does not hold is never checkpointed: a checkpoint would vouch for an edit.
            if (!_trail.Verify(found, trail).Holds)
            {
                _ = Quarantined<ResealResult>(found.Id, "its audit trail does not hold");
                return (ResealOutcome.Quarantined, 0);
            }

            var former = new SortedSet<string>(_trail.FormerKeyIds(trail), StringComparer.Ordinal);
            if (SnapshotSeal.KeyIdOf(stored.Payload.Span) is { } snapshotKey && snapshotKey != _keys.Current.Id)
            {
                former.Add(snapshotKey);
            }

            var contact = found.NewContact;
            if (contact is { Sealed: not null })
            {
                try
                {
                    if (_protector.ResealNewContact(found.Id, contact, out var contactKey) is { } resealedContact)
                    {
                        contact = resealedContact;
                        former.Add(contactKey!);
                    }
                }
                catch (Exception ex) when (ex is CryptographicException or FormatException)
                {
                    _ = Quarantined<ResealResult>(found.Id, "its new contact does not open for it");
                    return (ResealOutcome.Quarantined, 0);
                }
            }

            var resealedMessages = new List<OutboxMessage>();
            foreach (var message in messages)
            {
                try
                {
                    if (_outbox.Reseal(message, out var messageKey) is { } resealedMessage)
                    {
                        resealedMessages.Add(resealedMessage);
                        former.Add(messageKey!);
                    }
                }
                catch (CryptographicException)
                {
                    // A payload no configured key opens stays as it is: the dispatcher gives it up, as it would anyway.
                }
            }

            if (former.Count == 0)
            {
                return (ResealOutcome.Current, 0);
            }

            var now = _time.GetUtcNow();
            var next = found with { Version = found.Version + 1, NewContact = contact };
            var (sealedCase, events) = _trail.Seal(next, [TrailSealer.Checkpoint(found.Id, next.Version, now, trail, former)]);

            // The row keeps its purge due time, and the messages their ids, due times and attempts.
            var commit = new CaseCommit(_store.ToStored(sealedCase, stored.PurgeAfter), found.Version, events, null, null, resealedMessages, [.. resealedMessages.Select(m => m.Id)], now);
            if (await _store.CommitAsync(commit, cancellationToken).ConfigureAwait(false) == StoreWriteResult.Written)
            {
                return (ResealOutcome.Resealed, resealedMessages.Count);
            }

            Log.VersionConflict(_logger, found.Id, attempt + 1);
            if (await _store.LoadStoredAsync(found.Id, cancellationToken).ConfigureAwait(false) is not { } fresh)
            {
                return (ResealOutcome.Current, 0);
            }

            stored = fresh;
            messages = await _store.ListMessagesAsync([found.Id], cancellationToken).ConfigureAwait(false);
        }

        return (ResealOutcome.Left, 0);
    }

    private enum ResealOutcome
    {
        Current,
        Resealed,
        Quarantined,
        Left,
    }

    /// <summary>The totals of one reseal pass, batch by batch.</summary>
    private sealed class ResealTally(bool fromStart)
    {
        public bool FromStart { get; } = fromStart;

        public int Resealed { get; private set; }

        public int Quarantined { get; private set; }

        public int Left { get; private set; }

        public void Add(ResealResult batch)
        {
            Resealed += batch.Resealed;
            Quarantined += batch.Quarantined;
            Left += batch.Left;
        }
    }
}
