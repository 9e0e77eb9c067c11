using System.Collections.Immutable;
using SecurityReset.Ports;

namespace SecurityReset.Limits;

/// <summary>A factor whose failed checks an account counts, each apart from the others.</summary>
internal enum AccountFactor
{
    /// <summary>Codes sent to the email bound before the case.</summary>
    BoundEmail,

    /// <summary>Codes sent to the phone bound before the case.</summary>
    BoundPhone,

    /// <summary>The authenticator bound before the case.</summary>
    Authenticator,

    /// <summary>The face scan against the account's KYC.</summary>
    FaceScan,

    /// <summary>Codes sent to the new contact the applicant gave: it never proves the owner.</summary>
    NewContact,

    /// <summary>
    /// Details compared with what the account holds (the KYC document, the contacts on the video's sheet, a new
    /// contact that is the bound one): each mismatch tells whoever typed it something about the account.
    /// </summary>
    IdentityDetails,
}

/// <summary>Events of one kind (failures of one factor, codes to one destination) since a whole window last passed without one.</summary>
/// <param name="Count">How many, at least 1.</param>
/// <param name="Last">When the last one happened.</param>
internal readonly record struct LimitRun(int Count, DateTimeOffset Last)
{
    /// <summary>Whether the run still counts at <paramref name="now"/>: less than a whole window passed since its last event.</summary>
    public bool IsLiveAt(DateTimeOffset now, TimeSpan window) => now < Last + window;
}

/// <summary>Where a code goes, as the account's send limit counts it: the bound email, the bound phone, or a new contact by its keyed fingerprint.</summary>
/// <param name="Key">The key of its count in <see cref="AccountLimits"/>.</param>
internal readonly record struct SendDestination(string Key)
{
    /// <summary>The destination of a code to <paramref name="target"/>; a new contact's is its keyed fingerprint, never its address.</summary>
    public static SendDestination Of(VerificationTarget target, ProtectedContact? newContact) => target switch
    {
        VerificationTarget.BoundEmail => new(AccountLimits.EmailSendsKey),
        VerificationTarget.BoundPhone => new(AccountLimits.PhoneSendsKey),
        _ => new(AccountLimits.NewContactSendsPrefix + (newContact ?? throw new InvalidOperationException("A code to the new contact needs the new contact.")).Fingerprint),
    };

    /// <summary>Whether this is one of the applicant's new contacts.</summary>
    public bool IsNewContact => Key.StartsWith(AccountLimits.NewContactSendsPrefix, StringComparison.Ordinal);
}

/// <summary>
/// An account's limits across cases, held in the account guard's payload: the failed checks of each factor, the
/// codes sent to each destination, and the last authenticator step accepted. Every count runs until a whole
/// window (<see cref="AccountLockoutOptions.Window"/>) passes without an event of its kind, and the event that
/// reaches a limit refuses that kind for a whole window from that moment; so no window-long interval ever holds
/// more events of one kind than its limit, and a new case starts from the account's counts, not from zero.
/// Immutable and thread-safe.
/// </summary>
internal sealed class AccountLimits
{
    internal const string EmailSendsKey = "se";
    internal const string PhoneSendsKey = "sp";
    internal const string NewContactSendsPrefix = "sn.";

    private readonly ImmutableSortedDictionary<string, LimitRun> _runs;

    internal AccountLimits(ImmutableSortedDictionary<string, LimitRun> runs, long? lastAcceptedTotpStep)
    {
        _runs = runs;
        LastAcceptedTotpStep = lastAcceptedTotpStep;
    }

    /// <summary>An account never counted.</summary>
    public static AccountLimits None { get; } = new(ImmutableSortedDictionary.Create<string, LimitRun>(StringComparer.Ordinal), null);

    /// <summary>The last authenticator time step accepted for the account, or <see langword="null"/>.</summary>
    public long? LastAcceptedTotpStep { get; }

    /// <summary>Every count, by key, as last written (live or not).</summary>
    internal ImmutableSortedDictionary<string, LimitRun> Runs => _runs;

    /// <summary>The limits a guard holds (none for a guard never stored).</summary>
    /// <exception cref="InvalidDataException">The guard's payload is not one the library wrote.</exception>
    public static AccountLimits Of(AccountGuard? guard) =>
        guard is null || guard.Payload.Length == 0 ? None : AccountLimitsFormat.Read(guard.Payload);

    /// <summary>The factor a check of <paramref name="target"/> counts against, or <see langword="null"/> for a target that is none.</summary>
    public static AccountFactor? FactorOf(VerificationTarget target) => target switch
    {
        VerificationTarget.BoundEmail => AccountFactor.BoundEmail,
        VerificationTarget.BoundPhone => AccountFactor.BoundPhone,
        VerificationTarget.NewContact => AccountFactor.NewContact,
        _ => null,
    };

    /// <summary>The failures a factor may have within a window.</summary>
    public static int Budget(AccountFactor factor, SecurityResetOptions options) =>
        factor == AccountFactor.FaceScan ? options.FaceScan.MaxFailuresPerAccount : options.Lockout.MaxFailuresPerFactor;

    /// <summary>The failed checks of a factor that count at <paramref name="now"/>.</summary>
    public int Failures(AccountFactor factor, DateTimeOffset now, TimeSpan window) => Live(FailuresKey(factor), now, window)?.Count ?? 0;

    /// <summary>The codes sent to a destination that count at <paramref name="now"/>.</summary>
    public int Sends(SendDestination to, DateTimeOffset now, TimeSpan window) => Live(to.Key, now, window)?.Count ?? 0;

    /// <summary>Until when checks of a factor are refused, or <see langword="null"/> when they are not.</summary>
    public DateTimeOffset? LockedUntil(AccountFactor factor, DateTimeOffset now, SecurityResetOptions options)
    {
        var window = options.Lockout.Window;
        return Live(FailuresKey(factor), now, window) is { } run && run.Count >= Budget(factor, options) ? run.Last + window : null;
    }

    /// <summary>
    /// Whether one more code may go to a destination: it has not received its limit within the window, and a new
    /// contact not yet counted does not exceed the number of new contacts the account may use within the window.
    /// </summary>
    public bool MaySend(SendDestination to, DateTimeOffset now, SecurityResetOptions options)
    {
        var window = options.Lockout.Window;
        if (Live(to.Key, now, window) is { } run)
        {
            return run.Count < options.Codes.MaxPerDestinationPerAccount;
        }

        return !to.IsNewContact || LiveNewContacts(now, window) < options.Codes.MaxNewContactsPerAccount;
    }

    /// <summary>The limits after a failed check of a factor.</summary>
    public AccountLimits Failed(AccountFactor factor, DateTimeOffset now, TimeSpan window) => Counted(FailuresKey(factor), now, window);

    /// <summary>The limits after a code sent to a destination.</summary>
    public AccountLimits Sent(SendDestination to, DateTimeOffset now, TimeSpan window) => Counted(to.Key, now, window);

    /// <summary>The limits after the owner proved a factor bound before the case: that factor's failures are forgotten, nothing else.</summary>
    public AccountLimits Cleared(AccountFactor factor, DateTimeOffset now, TimeSpan window) =>
        new AccountLimits(_runs.Remove(FailuresKey(factor)), LastAcceptedTotpStep).Pruned(now, window);

    /// <summary>The limits with the later of the remembered authenticator step and <paramref name="step"/>.</summary>
    public AccountLimits WithTotpStep(long? step) =>
        step is { } s && !(LastAcceptedTotpStep >= s) ? new AccountLimits(_runs, s) : this;

    /// <summary>The limits without the counts that no longer count at <paramref name="now"/>.</summary>
    public AccountLimits Pruned(DateTimeOffset now, TimeSpan window)
    {
        var builder = _runs.ToBuilder();
        foreach (var (key, run) in _runs)
        {
            if (!run.IsLiveAt(now, window))
            {
                builder.Remove(key);
            }
        }

        return builder.Count == _runs.Count ? this : new AccountLimits(builder.ToImmutable(), LastAcceptedTotpStep);
    }

    /// <summary>The payload to store in the account guard.</summary>
    public string Write() => AccountLimitsFormat.Write(this);

    /// <summary>The key of a factor's failures in the payload.</summary>
    internal static string FailuresKey(AccountFactor factor) => factor switch
    {
        AccountFactor.BoundEmail => "fe",
        AccountFactor.BoundPhone => "fp",
        AccountFactor.Authenticator => "fa",
        AccountFactor.FaceScan => "ff",
        AccountFactor.NewContact => "fn",
        AccountFactor.IdentityDetails => "fi",
        _ => throw new ArgumentOutOfRangeException(nameof(factor), factor, "Not a factor."),
    };

    private AccountLimits Counted(string key, DateTimeOffset now, TimeSpan window)
    {
        // A clock that steps back never shortens a window that already runs.
        var next = Live(key, now, window) is { } run ? new LimitRun(run.Count + 1, run.Last > now ? run.Last : now) : new LimitRun(1, now);
        return new AccountLimits(_runs.SetItem(key, next), LastAcceptedTotpStep).Pruned(now, window);
    }

    private LimitRun? Live(string key, DateTimeOffset now, TimeSpan window) =>
        _runs.TryGetValue(key, out var run) && run.IsLiveAt(now, window) ? run : null;

    private int LiveNewContacts(DateTimeOffset now, TimeSpan window)
    {
        var count = 0;
        foreach (var (key, run) in _runs)
        {
            if (key.StartsWith(NewContactSendsPrefix, StringComparison.Ordinal) && run.IsLiveAt(now, window))
            {
                count++;
            }
        }

        return count;
    }
}
