using System.Text.Json;
using System.Text.Json.Serialization;
using SecurityReset.Ports;

namespace SecurityReset;

/// <summary>
/// Everything the library holds about one case, for a data subject's request: the case's columns, the personal data
/// still held (the new contact unsealed, the questionnaire answers, the evidence and document references, the declared
/// statement, face-scan references, disputes) and the whole audit trail. After a purge every personal value reads
/// <see cref="Redacted"/> and <see cref="PurgedAt"/> says when. <see cref="ToJson"/> writes the documented JSON shape
/// (docs/storage.md, "Export"). Immutable.
/// </summary>
public sealed record CaseExport
{
    /// <summary>What stands in place of a personal value the purge removed.</summary>
    public const string Redacted = Retention.CaseRedactor.Marker;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(), new CaseIdConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>The case.</summary>
    public required CaseId Id { get; init; }

    /// <summary>The account the case was for.</summary>
    public required string AccountId { get; init; }

    /// <summary>Where the case stands (as stored: a case past its lifetime that nothing read since still shows its last state).</summary>
    public required CaseState State { get; init; }

    /// <summary>The case's version.</summary>
    public required long Version { get; init; }

    /// <summary>Web or app.</summary>
    public required Channel Channel { get; init; }

    /// <summary>How the applicant reached the reset.</summary>
    public required EntryPoint EntryPoint { get; init; }

    /// <summary>When the case was opened.</summary>
    public required DateTimeOffset OpenedAt { get; init; }

    /// <summary>When the case expires (or expired) if nothing happens.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>When the case was last submitted.</summary>
    public DateTimeOffset? SubmittedAt { get; init; }

    /// <summary>When a reviewer last approved or rejected it.</summary>
    public DateTimeOffset? DecidedAt { get; init; }

    /// <summary>When the personal data of the case falls due for the purge; <see langword="null"/> while the case is open and once purged.</summary>
    public DateTimeOffset? PurgeAfter { get; init; }

    /// <summary>When the purge redacted the case, or <see langword="null"/> when it has not.</summary>
    public DateTimeOffset? PurgedAt { get; init; }

    /// <summary>The items bound to the account when the case opened.</summary>
    public required SecurityItems BoundItems { get; init; }

    /// <summary>The items the applicant reported unavailable.</summary>
    public required SecurityItems SelectedItems { get; init; }

    /// <summary>The remaining items the applicant proved.</summary>
    public required SecurityItems VerifiedItems { get; init; }

    /// <summary>The account's email as the case saw it, masked; <see cref="Redacted"/> after the purge.</summary>
    public string? BoundEmail { get; init; }

    /// <summary>The account's phone as the case saw it, masked; <see cref="Redacted"/> after the purge.</summary>
    public string? BoundPhone { get; init; }

    /// <summary>Whether the new contact is an email or a phone.</summary>
    public ContactKind? NewContactKind { get; init; }

    /// <summary>
    /// The new contact in clear (unsealed for the export); <see cref="Redacted"/> after the purge, or when its sealed
    /// value does not open for this case.
    /// </summary>
    public string? NewContact { get; init; }

    /// <summary>Whether the applicant proved the new contact with a code.</summary>
    public bool NewContactVerified { get; init; }

    /// <summary>The questionnaire answers (the anti-phishing code is never kept).</summary>
    public QuestionnaireAnswers? QuestionnaireAnswers { get; init; }

    /// <summary>The supplementary proofs: kind and evidence reference each.</summary>
    public required IReadOnlyList<SupplementaryProof> Proofs { get; init; }

    /// <summary>The ID document's type, or <see langword="null"/> when none was submitted.</summary>
    public DocumentType? DocumentType { get; init; }

    /// <summary>The ID document's issuing country (ISO 3166-1 alpha-2).</summary>
    public string? DocumentCountry { get; init; }

    /// <summary>The keyed fingerprint of the ID document's number: the library never keeps the number itself.</summary>
    public string? DocumentNumberFingerprint { get; init; }

    /// <summary>The front image of the ID document.</summary>
    public EvidenceReference? DocumentImage { get; init; }

    /// <summary>The verification video's reference and the statement it declared (email and phone masked).</summary>
    public VerificationVideo? Video { get; init; }

    /// <summary>The identity vendor's reference of the passing face scan.</summary>
    public string? FaceScanReference { get; init; }

    /// <summary>How many face-scan sessions the case asked the vendor about (their fingerprints are kept, not the sessions).</summary>
    public int FaceScanSessions { get; init; }

    /// <summary>The version of the terms the applicant accepted.</summary>
    public string? AcceptedTermsVersion { get; init; }

    /// <summary>The reviewer who claimed the case.</summary>
    public string? ReviewerId { get; init; }

    /// <summary>The reviewer's reason code for a rejection or a request for information.</summary>
    public string? ReasonCode { get; init; }

    /// <summary>The disputes received ("this wasn't me"), oldest first.</summary>
    public required IReadOnlyList<DisputeFlag> Disputes { get; init; }

    /// <summary>The audit trail, in the order written, seals included.</summary>
    public required IReadOnlyList<CaseEvent> Events { get; init; }

    /// <summary>Whether the trail holds (see <see cref="SecurityResetService.VerifyTrailAsync"/>).</summary>
    public required TrailVerification Trail { get; init; }

    /// <summary>
    /// The export as UTF-8 JSON: one object with a camelCase member per property, enums by name (flags joined with
    /// <c>", "</c>), times in ISO 8601 with their offset, the case id as text, <see langword="null"/> members written.
    /// </summary>
    /// <returns>The JSON bytes.</returns>
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, JsonOptions);

    /// <summary>The case id, state and how many events: never a personal value, so an export logged by mistake leaks nothing.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"CaseExport {{ Id = {Id}, State = {State}, Version = {Version}, Events = {Events.Count}, PurgedAt = {PurgedAt:O} }}");

    private sealed class CaseIdConverter : JsonConverter<CaseId>
    {
        public override CaseId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            CaseId.TryParse(reader.GetString(), out var id) ? id : throw new JsonException("Not a case id.");

        public override void Write(Utf8JsonWriter writer, CaseId value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString());
    }
}
