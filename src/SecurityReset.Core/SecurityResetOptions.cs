using SecurityReset.Policies;

namespace SecurityReset;

/// <summary>
/// Every rule of the reset workflow that a deployment may tune. Validated at start-up by
/// <see cref="Validation.SecurityResetOptionsValidator"/>. Not thread-safe while being configured; treat an
/// instance as read-only once the service uses it.
/// </summary>
public sealed class SecurityResetOptions
{
    /// <summary>
    /// The per-deployment secret (base64, at least 32 bytes) from which the keys for code hashes, contact and
    /// document fingerprints and sealed contacts are derived. Keep it in a secret store; changing it makes live
    /// codes and sealed contacts unusable.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: a key must be configured.</value>
    public string? SecretKey { get; set; }

    /// <summary>How many digits a verification code has.</summary>
    /// <value>The default value is 6. Between 6 and 10.</value>
    public int CodeLength { get; set; } = 6;

    /// <summary>How long a code is accepted after it was issued.</summary>
    /// <value>The default value is 15 minutes. Between 1 minute and 1 hour.</value>
    public TimeSpan CodeLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Wrong codes per destination per case before the code is burnt; resends never reset the count.</summary>
    /// <value>The default value is 5. Between 1 and 10.</value>
    public int MaxFailedAttemptsPerDestination { get; set; } = 5;

    /// <summary>The least time between two codes to one destination.</summary>
    /// <value>The default value is 60 seconds. Between 0 and 15 minutes.</value>
    public TimeSpan ResendCooldown { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Codes one destination may receive in one case.</summary>
    /// <value>The default value is 5. Between 1 and 20.</value>
    public int MaxCodesPerDestination { get; set; } = 5;

    /// <summary>The authenticator's time step.</summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan TotpStep { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many time steps before and after the current one an authenticator code may come from.</summary>
    /// <value>The default value is 1. Between 0 and 2.</value>
    public int TotpWindowSteps { get; set; } = 1;

    /// <summary>Wrong authenticator codes per case before the authenticator check is closed.</summary>
    /// <value>The default value is 5. Between 1 and 10.</value>
    public int MaxAuthenticatorFailures { get; set; } = 5;

    /// <summary>Failed face scans per case before the shortcut closes and the case falls back to codes.</summary>
    /// <value>The default value is 5. Between 1 and 10.</value>
    public int MaxFaceScanFailures { get; set; } = 5;

    /// <summary>How long after opening an unfinished case expires.</summary>
    /// <value>The default value is 72 hours. Between 1 hour and 30 days.</value>
    public TimeSpan CaseLifetime { get; set; } = TimeSpan.FromHours(72);

    /// <summary>How long withdrawals stay blocked after a reset; the host enforces it.</summary>
    /// <value>The default value is 24 hours. Between 0 and 30 days.</value>
    public TimeSpan WithdrawalProtection { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Consecutive verification failures per account, across cases, before code checks are refused.</summary>
    /// <value>The default value is 100. Between 1 and 1000.</value>
    public int AccountFailureBudget { get; set; } = 100;

    /// <summary>How long an exhausted account failure budget refuses code checks before it resets.</summary>
    /// <value>The default value is 24 hours. Between 1 minute and 30 days.</value>
    public TimeSpan AccountLockout { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The most supplementary proof files per case.</summary>
    /// <value>The default value is 20. Between 4 and 100.</value>
    public int MaxProofFiles { get; set; } = 20;

    /// <summary>The largest image or document file.</summary>
    /// <value>The default value is 20 MiB.</value>
    public long MaxFileBytes { get; set; } = 20L * 1024 * 1024;

    /// <summary>The largest verification video.</summary>
    /// <value>The default value is 200 MiB.</value>
    public long MaxVideoBytes { get; set; } = 200L * 1024 * 1024;

    /// <summary>Media types accepted for proofs and ID documents.</summary>
    /// <value>The default value is <c>image/jpeg</c>, <c>image/png</c>, <c>application/pdf</c>.</value>
    public ISet<string> AllowedFileMediaTypes { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "image/jpeg", "image/png", "application/pdf",
    };

    /// <summary>Media types accepted for the verification video.</summary>
    /// <value>The default value is <c>video/mp4</c>, <c>video/webm</c>, <c>video/quicktime</c>.</value>
    public ISet<string> AllowedVideoMediaTypes { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "video/mp4", "video/webm", "video/quicktime",
    };

    /// <summary>Decides which optional steps a case needs.</summary>
    /// <value>The default value is <see cref="SeedStepPolicy.Instance"/>.</value>
    public IStepPolicy StepPolicy { get; set; } = SeedStepPolicy.Instance;

    /// <summary>How many times the service reloads and decides again after a version conflict.</summary>
    /// <value>The default value is 5. Between 0 and 50.</value>
    public int MaxConcurrencyRetries { get; set; } = 5;

    /// <summary>How long the service remembers an idempotency key.</summary>
    /// <value>The default value is 24 hours.</value>
    public TimeSpan IdempotencyRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Switches to the strict profile (OWASP ASVS 5.0 V6, NIST SP 800-63B rev 4): 10-minute codes and
    /// <see cref="StrictStepPolicy"/>, so every path completes every step.
    /// </summary>
    /// <returns>This instance.</returns>
    public SecurityResetOptions UseStrictProfile()
    {
        CodeLifetime = TimeSpan.FromMinutes(10);
        StepPolicy = StrictStepPolicy.Instance;
        return this;
    }
}
