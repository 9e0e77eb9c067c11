
namespace SecurityReset;

/// <summary>
/// Every rule of the reset workflow that a deployment may tune, grouped like <c>options.Codes.Lifetime</c>; bind
/// it from configuration with the same paths (<c>SecurityReset:Codes:Lifetime</c>). Validated once by
/// <see cref="SecurityResetOptionsValidator"/>: at start-up when registered with <c>AddSecurityReset</c>, or
/// when a <see cref="SecurityResetService"/> is constructed directly. Not thread-safe while being
/// configured; treat an instance as read-only once the service uses it.
/// </summary>
public sealed class SecurityResetOptions
{
    /// <summary>The fewest bytes a <see cref="SecretKey"/> may decode to.</summary>
    public const int MinimumSecretKeyBytes = OptionCatalog.MinimumSecretKeyBytes;

    /// <summary>The per-deployment secret from which the keys for code hashes, fingerprints, sealed values, snapshot MACs and trail seals are derived; new data always uses it. Keep it in a secret store; to rotate it, move the old value to PreviousSecretKeys.</summary>
    /// <value>The default value is <see langword="null"/>: a key must be configured. Base64 of at least 32 random bytes; one repeated byte value, or less than 3 bits of entropy per byte, is refused.</value>
    public string? SecretKey { get; set; }

    /// <summary>Secrets retired from SecretKey that still verify snapshots and trail seals, open sealed values and check credentials made under them; nothing new uses them. Keep one until SecurityResetService.ResealAsync has sealed again under SecretKey what stored cases made under it need; then remove it.</summary>
    /// <value>The default value is empty: no previous key. Each entry: base64 of at least 32 random bytes; one repeated byte value, or less than 3 bits of entropy per byte, is refused.</value>
    /// <remarks>
    /// To rotate, set <see cref="SecretKey"/> to a new secret and add the old one here, newest first. Data made under a
    /// previous secret (snapshot MACs, trail seals, sealed contacts and outbox payloads, applicant credentials, dispute
    /// tokens) still verifies and opens; a case's snapshot is sealed under the current secret at its next write. To
    /// retire a previous secret, run <see cref="SecurityResetService.ResealAsync"/> through a whole pass first: it
    /// seals snapshots, contacts and pending outbox messages again under the current secret and checkpoints the trails,
    /// which then verify without the old secret. Credentials, dispute tokens and codes issued under it stop working.
    /// </remarks>
    public IList<string> PreviousSecretKeys { get; } = [];

    /// <summary>Decides which optional steps a case needs.</summary>
    /// <value>The default value is <see cref="IStepPolicy.Seed"/> (<see cref="IStepPolicy.Strict"/> with the strict profile). Not <see langword="null"/>.</value>
    public IStepPolicy StepPolicy { get; set; } = OptionCatalog.StepPolicy.Default;

    /// <summary>How many times the service reloads and decides again after a version conflict.</summary>
    /// <value>The default value is 5. Between 0 and 50.</value>
    public int MaxConcurrencyRetries { get; set; } = OptionCatalog.MaxConcurrencyRetries.Default;

    /// <summary>The one-time codes sent to email addresses and phone numbers.</summary>
    /// <value>The default value is a <see cref="VerificationCodeOptions"/> holding its documented defaults.</value>
    public VerificationCodeOptions Codes { get; } = new();

    /// <summary>The authenticator app (TOTP) check.</summary>
    /// <value>The default value is an <see cref="AuthenticatorOptions"/> holding its documented defaults.</value>
    public AuthenticatorOptions Authenticator { get; } = new();

    /// <summary>The face scan shortcut.</summary>
    /// <value>The default value is a <see cref="FaceScanOptions"/> holding its documented defaults.</value>
    public FaceScanOptions FaceScan { get; } = new();

    /// <summary>The uploaded proofs, ID document images and verification video.</summary>
    /// <value>The default value is an <see cref="EvidenceOptions"/> holding its documented defaults.</value>
    public EvidenceOptions Evidence { get; } = new();

    /// <summary>How long cases, reviews and their claims, the dispute window, the protection after a reset, idempotency keys and an ended case's personal data last.</summary>
    /// <value>The default value is a <see cref="LifetimeOptions"/> holding its documented defaults.</value>
    public LifetimeOptions Lifetimes { get; } = new();

    /// <summary>The account's failure budget per factor across cases, and the window of every account limit.</summary>
    /// <value>The default value is an <see cref="AccountLockoutOptions"/> holding its documented defaults.</value>
    public AccountLockoutOptions Lockout { get; } = new();

    /// <summary>How the outbox dispatcher retries codes, notifications and resets.</summary>
    /// <value>The default value is a <see cref="DeliveryOptions"/> holding its documented defaults.</value>
    public DeliveryOptions Delivery { get; } = new();

    /// <summary>
    /// Switches to the strict profile (OWASP ASVS 5.0 V6, NIST SP 800-63B rev 4): every option documented with a
    /// strict-profile value takes it — shorter-lived codes and <see cref="IStepPolicy.Strict"/>, so every path
    /// completes every step.
    /// </summary>
    /// <returns>This instance.</returns>
    public SecurityResetOptions UseStrictProfile()
    {
        foreach (var option in OptionCatalog.All)
        {
            option.ApplyStrictProfile(this);
        }

        return this;
    }
}
