using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace SecurityReset;

/// <summary>
/// The snapshot of one reset case: everything the workflow decides from. Immutable and thread-safe: the
/// workflow never changes a snapshot, it returns a new one. Holds no code, secret, full contact or document
/// number in clear.
/// </summary>
internal sealed record ResetCase
{
    /// <summary>The case identifier.</summary>
    public required CaseId Id { get; init; }

    /// <summary>The version, raised by one with every accepted command; stores use it for optimistic concurrency.</summary>
    public required long Version { get; init; }

    /// <summary>Where the case stands.</summary>
    public required CaseState State { get; init; }

    /// <summary>Where the applicant opened the case.</summary>
    public required Channel Channel { get; init; }

    /// <summary>How the applicant reached the reset.</summary>
    public required EntryPoint EntryPoint { get; init; }

    /// <summary>The account as it was when the case was opened.</summary>
    public required AccountSnapshot Account { get; init; }

    /// <summary>When the case was opened.</summary>
    public required DateTimeOffset OpenedAt { get; init; }

    /// <summary>
    /// When the case expires if nothing happens: the end of its lifetime while the applicant has work to do, the
    /// review deadline once it waits for the support team.
    /// </summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>When the case was last submitted to the review queue.</summary>
    public DateTimeOffset? SubmittedAt { get; init; }

    /// <summary>When a reviewer approved or rejected the case.</summary>
    public DateTimeOffset? DecidedAt { get; init; }

    /// <summary>The items the applicant reported unavailable: the items the reset unbinds.</summary>
    public SecurityItems SelectedItems { get; init; }

    /// <summary>The remaining items verified so far.</summary>
    public SecurityItems VerifiedItems { get; init; }

    /// <summary>How verification was passed.</summary>
    public VerificationMethod VerificationMethod { get; init; }

    /// <summary>The code state of every destination that received a code.</summary>
    public ImmutableArray<CodeChallenge> Challenges { get; init; } = [];

    /// <summary>The last authenticator time step accepted for this account; a step is never accepted twice.</summary>
    public long? LastAcceptedTotpStep { get; init; }

    /// <summary>Wrong authenticator codes entered in this case.</summary>
    public int AuthenticatorFailures { get; init; }

    /// <summary>Failed face scans in this case.</summary>
    public int FaceScanFailures { get; init; }

    /// <summary>The identity vendor's reference of the passing face scan.</summary>
    public string? FaceScanReference { get; init; }

    /// <summary>
    /// The keyed fingerprints of the face-scan sessions this case asked the vendor about, passed or failed: a
    /// session counts once per case.
    /// </summary>
    public ImmutableArray<string> FaceScanSessions { get; init; } = [];

    /// <summary>The steps the policy required once verification passed.</summary>
    public RequiredSteps RequiredSteps { get; init; }

    /// <summary>The questionnaire answers and their score.</summary>
    public QuestionnaireRecord? Questionnaire { get; init; }

    /// <summary>The supplementary proofs.</summary>
    public ImmutableArray<SupplementaryProof> Proofs { get; init; } = [];

    /// <summary>The new contact to bind on approval.</summary>
    public ProtectedContact? NewContact { get; init; }

    /// <summary>Whether the new contact was verified with a code.</summary>
    public bool NewContactVerified { get; init; }

    /// <summary>The ID document.</summary>
    public IdentityDocument? Document { get; init; }

    /// <summary>The verification video and its statement (email and phone masked).</summary>
    public VerificationVideo? Video { get; init; }

    /// <summary>The version of the terms the applicant accepted.</summary>
    public string? AcceptedTermsVersion { get; init; }

    /// <summary>The reviewer who claimed the case.</summary>
    public string? ReviewerId { get; init; }

    /// <summary>When <see cref="ReviewerId"/> claimed the case: the claim lapses <see cref="LifetimeOptions.ReviewClaim"/> later.</summary>
    public DateTimeOffset? ClaimedAt { get; init; }

    /// <summary>The reviewer's reason code for a rejection or a request for information.</summary>
    public string? ReasonCode { get; init; }

    /// <summary>What the reviewer asked the applicant to amend.</summary>
    public AmendableItems RequestedAmendments { get; init; }

    /// <summary>What the applicant amended since the request.</summary>
    public AmendableItems Amended { get; init; }

    /// <summary>Until when withdrawals stay blocked after the reset; the host enforces it.</summary>
    public DateTimeOffset? WithdrawalsProtectedUntil { get; init; }

    /// <summary>
    /// The keyed hash of the applicant credential in force (never the credential): every applicant command must show
    /// the credential it hashes to. Replaced after every verified factor.
    /// </summary>
    public string? CredentialHash { get; init; }

    /// <summary>
    /// The keyed hashes of the live "this wasn't me" tokens the notices of this case carried (never the tokens), each
    /// with the channel it went to. A token used is removed: each works once, and none after the case ends.
    /// </summary>
    public ImmutableArray<DisputeToken> DisputeTokens { get; init; } = [];

    /// <summary>The disputes received, oldest first: flags for the reviewer.</summary>
    public ImmutableArray<DisputeFlag> Disputes { get; init; } = [];

    /// <summary>
    /// The seal of the case's last audit event (see <see cref="Ports.CaseEvent.Seal"/>), or <see langword="null"/> before the
    /// first: the end the trail must reach, so an event removed from the end is noticed too.
    /// </summary>
    public string? TrailHead { get; init; }

    /// <summary>
    /// Whether the applicant has shown to be the account's owner: the host signed them in, or they proved a factor
    /// bound to the account before the case (a bound contact's code, the authenticator, a face scan against the KYC).
    /// A signed-out open never supersedes such a case; it supersedes any other.
    /// </summary>
    [JsonIgnore]
    public bool OwnerProven => EntryPoint == EntryPoint.LoggedIn || VerifiedItems != SecurityItems.None || FaceScanReference is not null;

    /// <summary>
    /// The items the applicant is shown as bound, and which the workflow's rules treat as bound: the account's real ones
    /// once the owner is proven (<see cref="OwnerProven"/>), every item before. A signed-out applicant thus sees the same
    /// shape for every identifier, known or not, until a factor bound to the account is proven; a code for an item the
    /// account does not have is drawn and hashed as usual and goes nowhere, like a stand-in's.
    /// </summary>
    [JsonIgnore]
    public SecurityItems ShownItems => OwnerProven ? Account.BoundItems : SecurityItems.All;

    /// <summary>The shown items that are not being reset: the ones the applicant must verify.</summary>
    [JsonIgnore]
    public SecurityItems RemainingItems => ShownItems & ~SelectedItems;

    /// <summary>
    /// The account's KYC level as the offer of the face scan sees it: Advanced until the owner is proven, so every
    /// signed-out applicant is offered the seed's shortcut (whether it is offered would otherwise tell the account's KYC
    /// level to whoever typed its identifier). Only a scan for an account that really has Advanced KYC can pass.
    /// </summary>
    [JsonIgnore]
    public KycLevel ShownKyc => OwnerProven ? Account.Kyc : KycLevel.Advanced;

    /// <summary>Whether the case reached a state that accepts nothing more.</summary>
    [JsonIgnore]
    public bool IsTerminal => Workflow.CaseWorkflow.IsTerminal(State);

    /// <summary>Whether the case still counts as the account's one open case.</summary>
    [JsonIgnore]
    public bool IsOpen => !IsTerminal;

    /// <summary>
    /// Whether the host should offer Forgot Password next: the reset completed and the case came in through
    /// Forgot Password (security items first, then the password).
    /// </summary>
    [JsonIgnore]
    public bool OfferForgotPasswordNext => State == CaseState.Completed && EntryPoint == EntryPoint.ForgotPassword;

    /// <summary>The code state of a destination, or <see langword="null"/> when it never received a code.</summary>
    /// <param name="target">The destination.</param>
    /// <returns>The challenge.</returns>
    public CodeChallenge? Challenge(VerificationTarget target)
    {
        foreach (var challenge in Challenges)
        {
            if (challenge.Target == target)
            {
                return challenge;
            }
        }

        return null;
    }
}
