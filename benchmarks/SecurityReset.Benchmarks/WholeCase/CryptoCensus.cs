namespace SecurityReset.Benchmarks.WholeCase;

/// <summary>
/// How much sealing, MACing and verifying one happy-path case does at the store and outbox boundary, counted on a
/// run of <see cref="HappyPath"/> (so the baseline follows the path when the path changes): every snapshot the store
/// hands out is checked against its MAC, every snapshot written gets one, every audit event is sealed onto the chain
/// and verified once (the reset job checks the trail), every outbox message is sealed with
/// AES-256-GCM when committed and opened when delivered, every applicant call checks the credential, every issued
/// credential and every notification's dispute token is drawn from the CSPRNG and hashed.
/// </summary>
/// <param name="SnapshotsRead">Snapshots the store handed to the service, each checked against its MAC.</param>
/// <param name="SnapshotsWritten">Snapshots committed, each MACed.</param>
/// <param name="SnapshotBytes">The mean size of a stored snapshot.</param>
/// <param name="EventsSealed">Audit events committed, each sealed onto the chain.</param>
/// <param name="EventsVerified">Audit events read back and verified, at most once per event (the reset job's check of the trail).</param>
/// <param name="MessagesSealed">Outbox messages committed, each sealed.</param>
/// <param name="MessagesOpened">Outbox messages delivered, each opened.</param>
/// <param name="MessageBytes">The mean size of a message's plaintext.</param>
/// <param name="CredentialsIssued">Applicant credentials issued (the opening and every rotation).</param>
/// <param name="CredentialChecks">Applicant calls, each checking the credential presented.</param>
/// <param name="DisputeTokens">Notifications sent, each with a dispute token drawn and hashed.</param>
internal sealed record CryptoCensus(
    int SnapshotsRead,
    int SnapshotsWritten,
    int SnapshotBytes,
    int EventsSealed,
    int EventsVerified,
    int MessagesSealed,
    int MessagesOpened,
    int MessageBytes,
    int CredentialsIssued,
    int CredentialChecks,
    int DisputeTokens)
{
    /// <summary>Runs one whole case on fresh adapters and counts.</summary>
    public static CryptoCensus Take()
    {
        var rig = new AdapterRig();
        var path = new HappyPath(rig);
        rig.Count = new StoreCounts();
        if (path.RunAsync().GetAwaiter().GetResult() != CaseState.Completed)
        {
            throw new InvalidOperationException("The happy path did not complete.");
        }

        var c = rig.Count;
        rig.Count = null;
        return new CryptoCensus(
            c.SnapshotsRead,
            c.SnapshotsWritten,
            (int)(c.SnapshotBytes / Math.Max(1, c.SnapshotsRead + c.SnapshotsWritten)),
            c.EventsSealed,
            // The reset needs the trail verified once; reading it again is the library's own cost.
            Math.Min(c.EventsVerified, c.EventsSealed),
            c.MessagesSealed,
            c.MessagesOpened,
            // The sealed payload is the plaintext with a 12-byte nonce and a 16-byte tag.
            (int)(c.MessageBytes / Math.Max(1, c.MessagesSealed)) - 28,
            path.CredentialsIssued,
            path.ApplicantCalls,
            rig.Outbox.Notifications.Count);
    }
}
