namespace SecurityReset.AspNetCore.Endpoints;

// The JSON bodies of the endpoints. Every field is optional on the wire; the endpoint or the library refuses what is
// missing with request.invalid or the step's own code.

/// <summary>Opens a case. Signed in, only the entry point is read: the account comes from the principal.</summary>
internal sealed record OpenCaseBody(string? Identifier, EntryPoint? EntryPoint);

internal sealed record SelectItemsBody(SecurityItems? Items);

internal sealed record RequestCodeBody(VerificationTarget? Target);

internal sealed record VerifyCodeBody(VerificationTarget? Target, string? Code);

internal sealed record AuthenticatorBody(string? Code);

internal sealed record FaceScanBody(string? SessionId);

internal sealed record QuestionnaireBody(
    IReadOnlyList<string>? RecentTrades,
    IReadOnlyList<string>? AssetHoldings,
    IReadOnlyList<string>? DepositAddresses,
    IReadOnlyList<string>? WithdrawalAddresses,
    string? AntiPhishingCode,
    string? Nickname);

internal sealed record ProofBody(ProofKind? Kind, string? EvidenceId);

internal sealed record ProofsBody(IReadOnlyList<ProofBody?>? Proofs);

internal sealed record ContactBody(ContactKind? Kind, string? Address);

internal sealed record DocumentBody(DocumentType? Type, string? IssuingCountry, string? Number, string? FrontImageId);

internal sealed record StatementBody(string? Uid, string? Email, string? Phone, DateOnly? Date, int? UtcOffsetMinutes, string? Reason);

internal sealed record VideoBody(string? VideoId, StatementBody? Statement);

internal sealed record TermsBody(string? Version);

internal sealed record DisputeBody(string? Token, string? Reason);

internal sealed record RejectBody(string? ReasonCode);

internal sealed record RequestInformationBody(AmendableItems? Items, string? ReasonCode);
