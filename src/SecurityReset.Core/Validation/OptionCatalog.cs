using System.Globalization;

namespace SecurityReset;

/// <summary>
/// Every option of <see cref="SecurityResetOptions"/>, declared once: path, meaning, default and range. The
/// properties take their initial values from here, <see cref="SecurityResetOptionsValidator"/> checks exactly
/// these ranges, and the README options table and the XML <c>&lt;value&gt;</c> texts are checked against these
/// declarations by tests. Thread-safe.
/// </summary>
internal static class OptionCatalog
{
    /// <summary>The least secret key size in bytes.</summary>
    public const int MinimumSecretKeyBytes = 32;

    private const long KiB = 1024;
    private const long MiB = 1024 * KiB;
    private const long GiB = 1024 * MiB;

    /// <summary><see cref="SecurityResetOptions.SecretKey"/>.</summary>
    public static readonly SecretKeyOption SecretKey = new(
        "SecretKey",
        "The per-deployment secret from which the keys for code hashes, fingerprints, sealed values, snapshot MACs and trail seals are derived; new data always uses it. Keep it in a secret store; to rotate it, move the old value to PreviousSecretKeys.",
        MinimumSecretKeyBytes,
        o => [o.SecretKey],
        required: true);

    /// <summary><see cref="SecurityResetOptions.PreviousSecretKeys"/>.</summary>
    public static readonly SecretKeyOption PreviousSecretKeys = new(
        "PreviousSecretKeys",
        "Secrets retired from SecretKey that still verify snapshots and trail seals, open sealed values and check credentials made under them; nothing new uses them. Keep one until SecurityResetService.ResealAsync has sealed again under SecretKey what stored cases made under it need; then remove it.",
        MinimumSecretKeyBytes,
        o => o.PreviousSecretKeys,
        required: false);

    /// <summary><see cref="VerificationCodeOptions.Length"/>.</summary>
    public static readonly RangeOption<int> CodeLength = Count(
        "Codes.Length", "How many digits a verification code has.",
        6, 6, 10, o => o.Codes.Length, (o, v) => o.Codes.Length = v);

    /// <summary><see cref="VerificationCodeOptions.Lifetime"/>.</summary>
    public static readonly RangeOption<TimeSpan> CodeLifetime = Duration(
        "Codes.Lifetime", "How long a code is accepted after it was issued.",
        TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(1), TimeSpan.FromHours(1), o => o.Codes.Lifetime, (o, v) => o.Codes.Lifetime = v,
        strict: TimeSpan.FromMinutes(10));

    /// <summary><see cref="VerificationCodeOptions.MaxFailedAttemptsPerDestination"/>.</summary>
    public static readonly RangeOption<int> CodeMaxFailedAttemptsPerDestination = Count(
        "Codes.MaxFailedAttemptsPerDestination", "Wrong codes per destination per case before the code is burnt; resends never reset the count.",
        5, 1, 10, o => o.Codes.MaxFailedAttemptsPerDestination, (o, v) => o.Codes.MaxFailedAttemptsPerDestination = v);

    /// <summary><see cref="VerificationCodeOptions.ResendCooldown"/>.</summary>
    public static readonly RangeOption<TimeSpan> CodeResendCooldown = Duration(
        "Codes.ResendCooldown", "The least time between two codes to one destination.",
        TimeSpan.FromSeconds(60), TimeSpan.Zero, TimeSpan.FromMinutes(15), o => o.Codes.ResendCooldown, (o, v) => o.Codes.ResendCooldown = v);

    /// <summary><see cref="VerificationCodeOptions.MaxPerDestination"/>.</summary>
    public static readonly RangeOption<int> CodeMaxPerDestination = Count(
        "Codes.MaxPerDestination", "Codes one destination may receive in one case.",
        5, 1, 20, o => o.Codes.MaxPerDestination, (o, v) => o.Codes.MaxPerDestination = v);

    /// <summary><see cref="VerificationCodeOptions.MaxPerDestinationPerAccount"/>.</summary>
    public static readonly RangeOption<int> CodeMaxPerDestinationPerAccount = Count(
        "Codes.MaxPerDestinationPerAccount",
        "Codes one destination (the bound email, the bound phone, each new contact) may receive for one account, across cases, before codes to it are refused for `Lockout.Window`.",
        10, 1, 100, o => o.Codes.MaxPerDestinationPerAccount, (o, v) => o.Codes.MaxPerDestinationPerAccount = v);

    /// <summary><see cref="VerificationCodeOptions.MaxNewContactsPerAccount"/>.</summary>
    public static readonly RangeOption<int> CodeMaxNewContactsPerAccount = Count(
        "Codes.MaxNewContactsPerAccount", "New contacts one account may have codes sent to, across cases, within `Lockout.Window`.",
        5, 1, 20, o => o.Codes.MaxNewContactsPerAccount, (o, v) => o.Codes.MaxNewContactsPerAccount = v);

    /// <summary><see cref="AuthenticatorOptions.Step"/>.</summary>
    public static readonly RangeOption<TimeSpan> AuthenticatorStep = Duration(
        "Authenticator.Step", "The authenticator's time step.",
        TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(120), o => o.Authenticator.Step, (o, v) => o.Authenticator.Step = v,
        also: (step => step.Ticks % TimeSpan.TicksPerSecond == 0, "in whole seconds"));

    /// <summary><see cref="AuthenticatorOptions.WindowSteps"/>.</summary>
    public static readonly RangeOption<int> AuthenticatorWindowSteps = Count(
        "Authenticator.WindowSteps", "How many time steps before and after the current one an authenticator code may come from.",
        1, 0, 2, o => o.Authenticator.WindowSteps, (o, v) => o.Authenticator.WindowSteps = v);

    /// <summary><see cref="AuthenticatorOptions.MaxFailures"/>.</summary>
    public static readonly RangeOption<int> AuthenticatorMaxFailures = Count(
        "Authenticator.MaxFailures", "Wrong authenticator codes per case before the authenticator check is closed.",
        5, 1, 10, o => o.Authenticator.MaxFailures, (o, v) => o.Authenticator.MaxFailures = v);

    /// <summary><see cref="FaceScanOptions.MaxFailures"/>.</summary>
    public static readonly RangeOption<int> FaceScanMaxFailures = Count(
        "FaceScan.MaxFailures", "Failed face scans per case before the shortcut closes and the case falls back to codes.",
        5, 1, 10, o => o.FaceScan.MaxFailures, (o, v) => o.FaceScan.MaxFailures = v);

    /// <summary><see cref="FaceScanOptions.MaxFailuresPerAccount"/>.</summary>
    public static readonly RangeOption<int> FaceScanMaxFailuresPerAccount = Count(
        "FaceScan.MaxFailuresPerAccount", "Failed face scans per account, across cases, before face scans are refused for `Lockout.Window`.",
        10, 1, 100, o => o.FaceScan.MaxFailuresPerAccount, (o, v) => o.FaceScan.MaxFailuresPerAccount = v);

    /// <summary><see cref="EvidenceOptions.AllowedFileMediaTypes"/>.</summary>
    public static readonly MediaTypesOption EvidenceFileMediaTypes = new(
        "Evidence.AllowedFileMediaTypes", "Media types accepted for proofs and ID documents.",
        ["image/jpeg", "image/png", "application/pdf"], o => o.Evidence.AllowedFileMediaTypes);

    /// <summary><see cref="EvidenceOptions.AllowedVideoMediaTypes"/>.</summary>
    public static readonly MediaTypesOption EvidenceVideoMediaTypes = new(
        "Evidence.AllowedVideoMediaTypes", "Media types accepted for the verification video.",
        ["video/mp4", "video/webm", "video/quicktime"], o => o.Evidence.AllowedVideoMediaTypes);

    /// <summary><see cref="EvidenceOptions.MaxFileBytes"/>.</summary>
    public static readonly RangeOption<long> EvidenceMaxFileBytes = Bytes(
        "Evidence.MaxFileBytes", "The largest image or document file.",
        20 * MiB, 1 * KiB, 4 * GiB, o => o.Evidence.MaxFileBytes, (o, v) => o.Evidence.MaxFileBytes = v);

    /// <summary><see cref="EvidenceOptions.MaxVideoBytes"/>.</summary>
    public static readonly RangeOption<long> EvidenceMaxVideoBytes = Bytes(
        "Evidence.MaxVideoBytes", "The largest verification video.",
        200 * MiB, 1 * KiB, 16 * GiB, o => o.Evidence.MaxVideoBytes, (o, v) => o.Evidence.MaxVideoBytes = v);

    /// <summary><see cref="EvidenceOptions.MaxProofFiles"/>.</summary>
    public static readonly RangeOption<int> EvidenceMaxProofFiles = Count(
        "Evidence.MaxProofFiles", "The most supplementary proof files per case.",
        20, 4, 100, o => o.Evidence.MaxProofFiles, (o, v) => o.Evidence.MaxProofFiles = v);

    /// <summary><see cref="LifetimeOptions.Case"/>.</summary>
    public static readonly RangeOption<TimeSpan> CaseLifetime = Duration(
        "Lifetimes.Case", "How long after opening an unfinished case expires.",
        TimeSpan.FromHours(72), TimeSpan.FromHours(1), TimeSpan.FromDays(30), o => o.Lifetimes.Case, (o, v) => o.Lifetimes.Case = v);

    /// <summary><see cref="LifetimeOptions.WithdrawalProtection"/>.</summary>
    public static readonly RangeOption<TimeSpan> WithdrawalProtection = Duration(
        "Lifetimes.WithdrawalProtection", "How long withdrawals stay blocked after a reset; the host enforces it.",
        TimeSpan.FromHours(24), TimeSpan.Zero, TimeSpan.FromDays(30), o => o.Lifetimes.WithdrawalProtection, (o, v) => o.Lifetimes.WithdrawalProtection = v);

    /// <summary><see cref="LifetimeOptions.IdempotencyKey"/>.</summary>
    public static readonly RangeOption<TimeSpan> IdempotencyKeyLifetime = Duration(
        "Lifetimes.IdempotencyKey", "How long the service remembers an idempotency key and its answer.",
        TimeSpan.FromHours(24), TimeSpan.FromMinutes(1), TimeSpan.FromDays(30), o => o.Lifetimes.IdempotencyKey, (o, v) => o.Lifetimes.IdempotencyKey = v);

    /// <summary><see cref="LifetimeOptions.ReviewDeadline"/>.</summary>
    public static readonly RangeOption<TimeSpan> ReviewDeadline = Duration(
        "Lifetimes.ReviewDeadline", "How long after its (re)submission a case waits for a decision before it expires and the account's channels are told.",
        TimeSpan.FromDays(14), TimeSpan.FromDays(1), TimeSpan.FromDays(90), o => o.Lifetimes.ReviewDeadline, (o, v) => o.Lifetimes.ReviewDeadline = v);

    /// <summary><see cref="LifetimeOptions.DisputeWindow"/>.</summary>
    public static readonly RangeOption<TimeSpan> DisputeWindow = Duration(
        "Lifetimes.DisputeWindow", "How long after the approval the reset waits before it applies: a \"this wasn't me\" from a channel bound before the case holds it and sends the case back to review.",
        TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromDays(7), o => o.Lifetimes.DisputeWindow, (o, v) => o.Lifetimes.DisputeWindow = v,
        strict: TimeSpan.FromHours(24));

    /// <summary><see cref="LifetimeOptions.ReviewClaim"/>.</summary>
    public static readonly RangeOption<TimeSpan> ReviewClaim = Duration(
        "Lifetimes.ReviewClaim", "How long a reviewer's claim holds: once it lapses, any reviewer may claim the case and the lapsed one can no longer decide it.",
        TimeSpan.FromHours(4), TimeSpan.FromMinutes(5), TimeSpan.FromHours(24), o => o.Lifetimes.ReviewClaim, (o, v) => o.Lifetimes.ReviewClaim = v);

    /// <summary><see cref="LifetimeOptions.PersonalDataAfterDecision"/>.</summary>
    public static readonly RangeOption<TimeSpan> PersonalDataAfterDecision = Duration(
        "Lifetimes.PersonalDataAfterDecision", "How long after a reviewer's decision ended a case (completed after approval, or rejected) its personal data is kept.",
        TimeSpan.FromDays(90), TimeSpan.FromDays(1), TimeSpan.FromDays(3650), o => o.Lifetimes.PersonalDataAfterDecision, (o, v) => o.Lifetimes.PersonalDataAfterDecision = v);

    /// <summary><see cref="LifetimeOptions.PersonalDataAfterEnd"/>.</summary>
    public static readonly RangeOption<TimeSpan> PersonalDataAfterEnd = Duration(
        "Lifetimes.PersonalDataAfterEnd", "How long after a case ended without a decision (cancelled, expired or superseded) its personal data is kept.",
        TimeSpan.FromDays(30), TimeSpan.FromDays(1), TimeSpan.FromDays(3650), o => o.Lifetimes.PersonalDataAfterEnd, (o, v) => o.Lifetimes.PersonalDataAfterEnd = v);

    /// <summary><see cref="AccountLockoutOptions.MaxFailuresPerFactor"/>.</summary>
    public static readonly RangeOption<int> LockoutMaxFailuresPerFactor = Count(
        "Lockout.MaxFailuresPerFactor",
        "Failed checks of one factor per account, across cases, before that factor's checks are refused for a window (NIST SP 800-63B rev 4: at most 100). The bound email's codes, the bound phone's codes, the authenticator, the new contact's codes and the details compared with the account's own (the KYC document, the contacts on the video's sheet, a new contact that is the bound one) each count apart; the face scan has its own limit.",
        100, 1, 100, o => o.Lockout.MaxFailuresPerFactor, (o, v) => o.Lockout.MaxFailuresPerFactor = v);

    /// <summary><see cref="AccountLockoutOptions.Window"/>.</summary>
    public static readonly RangeOption<TimeSpan> LockoutWindow = Duration(
        "Lockout.Window",
        "The rolling window of the account limits: a factor's failures, or a destination's codes, count until a whole window passes without one, and the one that reaches a limit refuses that factor or destination for a whole window from then; so no window-long interval holds more than the limit.",
        TimeSpan.FromHours(24), TimeSpan.FromMinutes(1), TimeSpan.FromDays(30), o => o.Lockout.Window, (o, v) => o.Lockout.Window = v);

    /// <summary><see cref="DeliveryOptions.MaxAttempts"/>.</summary>
    public static readonly RangeOption<int> DeliveryMaxAttempts = Count(
        "Delivery.MaxAttempts", "How many times a code, notification or reset is tried before it is given up (and a code voided).",
        8, 1, 100, o => o.Delivery.MaxAttempts, (o, v) => o.Delivery.MaxAttempts = v);

    /// <summary><see cref="DeliveryOptions.FirstRetryDelay"/>.</summary>
    public static readonly RangeOption<TimeSpan> DeliveryFirstRetryDelay = Duration(
        "Delivery.FirstRetryDelay", "How long after a failed try the first retry comes; each later one waits twice as long, with jitter.",
        TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1), TimeSpan.FromHours(1), o => o.Delivery.FirstRetryDelay, (o, v) => o.Delivery.FirstRetryDelay = v);

    /// <summary><see cref="DeliveryOptions.MaxRetryDelay"/>.</summary>
    public static readonly RangeOption<TimeSpan> DeliveryMaxRetryDelay = Duration(
        "Delivery.MaxRetryDelay", "The longest wait between two tries.",
        TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(1), TimeSpan.FromHours(24), o => o.Delivery.MaxRetryDelay, (o, v) => o.Delivery.MaxRetryDelay = v);

    /// <summary><see cref="DeliveryOptions.Lease"/>.</summary>
    public static readonly RangeOption<TimeSpan> DeliveryLease = Duration(
        "Delivery.Lease", "How long a dispatcher holds the messages it claimed; a crashed dispatcher's messages are tried again after it.",
        TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(10), TimeSpan.FromHours(1), o => o.Delivery.Lease, (o, v) => o.Delivery.Lease = v);

    /// <summary><see cref="SecurityResetOptions.StepPolicy"/>.</summary>
    public static readonly StepPolicyOption StepPolicy = new(
        "StepPolicy", "Decides which optional steps a case needs.", SeedStepPolicy.Instance, StrictStepPolicy.Instance);

    /// <summary><see cref="SecurityResetOptions.MaxConcurrencyRetries"/>.</summary>
    public static readonly RangeOption<int> MaxConcurrencyRetries = Count(
        "MaxConcurrencyRetries", "How many times the service reloads and decides again after a version conflict.",
        5, 0, 50, o => o.MaxConcurrencyRetries, (o, v) => o.MaxConcurrencyRetries = v);

    /// <summary>Every option, in the order of the README table.</summary>
    public static readonly IReadOnlyList<OptionDescriptor> All =
    [
        SecretKey, PreviousSecretKeys, StepPolicy, MaxConcurrencyRetries,
        CodeLength, CodeLifetime, CodeMaxFailedAttemptsPerDestination, CodeResendCooldown, CodeMaxPerDestination,
        CodeMaxPerDestinationPerAccount, CodeMaxNewContactsPerAccount,
        AuthenticatorStep, AuthenticatorWindowSteps, AuthenticatorMaxFailures,
        FaceScanMaxFailures, FaceScanMaxFailuresPerAccount,
        EvidenceFileMediaTypes, EvidenceVideoMediaTypes, EvidenceMaxFileBytes, EvidenceMaxVideoBytes, EvidenceMaxProofFiles,
        CaseLifetime, ReviewDeadline, ReviewClaim, DisputeWindow, WithdrawalProtection, IdempotencyKeyLifetime,
        PersonalDataAfterDecision, PersonalDataAfterEnd,
        LockoutMaxFailuresPerFactor, LockoutWindow,
        DeliveryMaxAttempts, DeliveryFirstRetryDelay, DeliveryMaxRetryDelay, DeliveryLease,
    ];

    /// <summary>A count for people: <c>5</c>.</summary>
    /// <param name="value">The count.</param>
    /// <returns>The text.</returns>
    public static string FormatCount(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A size for people in the largest whole binary unit: <c>20 MiB</c>, <c>1500 bytes</c>.</summary>
    /// <param name="value">The size in bytes.</param>
    /// <returns>The text.</returns>
    public static string FormatBytes(long value) => value switch
    {
        0 => "0",
        _ when value % GiB == 0 => Invariant($"{value / GiB} GiB"),
        _ when value % MiB == 0 => Invariant($"{value / MiB} MiB"),
        _ when value % KiB == 0 => Invariant($"{value / KiB} KiB"),
        _ => Invariant($"{value} bytes"),
    };

    /// <summary>A duration for people in the largest whole unit (days only from a week on): <c>72 hours</c>, <c>30 days</c>.</summary>
    /// <param name="value">The duration.</param>
    /// <returns>The text.</returns>
    public static string FormatDuration(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0";
        }

        return value.Ticks switch
        {
            var t when t % TimeSpan.TicksPerDay == 0 && t >= 7 * TimeSpan.TicksPerDay => Unit(t / TimeSpan.TicksPerDay, "day"),
            var t when t % TimeSpan.TicksPerHour == 0 => Unit(t / TimeSpan.TicksPerHour, "hour"),
            var t when t % TimeSpan.TicksPerMinute == 0 => Unit(t / TimeSpan.TicksPerMinute, "minute"),
            var t when t % TimeSpan.TicksPerSecond == 0 => Unit(t / TimeSpan.TicksPerSecond, "second"),
            _ => value.ToString("c", CultureInfo.InvariantCulture),
        };

        static string Unit(long count, string unit) => Invariant($"{count} {unit}{(count is 1 or -1 ? string.Empty : "s")}");
    }

    private static RangeOption<int> Count(string path, string summary, int @default, int minimum, int maximum, Func<SecurityResetOptions, int> get, Action<SecurityResetOptions, int> set) =>
        new(path, summary, @default, minimum, maximum, FormatCount, get, set);

    private static RangeOption<long> Bytes(string path, string summary, long @default, long minimum, long maximum, Func<SecurityResetOptions, long> get, Action<SecurityResetOptions, long> set) =>
        new(path, summary, @default, minimum, maximum, FormatBytes, get, set);

    private static RangeOption<TimeSpan> Duration(
        string path, string summary, TimeSpan @default, TimeSpan minimum, TimeSpan maximum, Func<SecurityResetOptions, TimeSpan> get, Action<SecurityResetOptions, TimeSpan> set,
        TimeSpan? strict = null, (Func<TimeSpan, bool> Holds, string Text)? also = null) =>
        new(path, summary, @default, minimum, maximum, FormatDuration, get, set, strict, also);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
