using System.Collections.Immutable;

namespace SecurityReset.Retention;

/// <summary>
/// The snapshot of an ended case with its personal data replaced by <see cref="Marker"/>: the applicant's answers,
/// evidence references, document references, the declared statement, the new contact (its sealed address dropped), the
/// account's contacts and KYC document as the case saw them, face-scan references and disputes' addresses and words.
/// What the workflow and the trail rest on stays: states, times, items, counts, media types and sizes, reason codes,
/// hashes of codes and credentials. Redacting a redacted snapshot changes nothing more. Thread-safe.
/// </summary>
internal static class CaseRedactor
{
    /// <summary>What stands where personal data was.</summary>
    public const string Marker = "[redacted]";

    /// <summary>The snapshot with its personal data redacted (same version: the caller raises it).</summary>
    public static ResetCase Redact(ResetCase c) => c with
    {
        Account = c.Account with
        {
            Email = Contact(c.Account.Email),
            Phone = Contact(c.Account.Phone),
            KycDocument = Document(c.Account.KycDocument),
        },
        FaceScanReference = c.FaceScanReference is null ? null : Marker,
        FaceScanSessions = [.. Each(c.FaceScanSessions).Select(_ => Marker)],
        Questionnaire = c.Questionnaire is { } questionnaire ? questionnaire with { Answers = Answers(questionnaire.Answers) } : null,
        Proofs = [.. Each(c.Proofs).Select(p => p with { File = File(p.File) })],
        NewContact = Contact(c.NewContact),
        Document = c.Document is { } document ? new IdentityDocument(Document(document.Reference)!, File(document.FrontImage)) : null,
        Video = c.Video is { } video
            ? new VerificationVideo(File(video.Video), video.Statement with { Uid = Marker, Email = Marker, Phone = Marker, Reason = Marker })
            : null,
        Disputes = [.. Each(c.Disputes).Select(d => d with { MaskedAddress = Marker, Reason = Marker })],
    };

    private static ImmutableArray<T> Each<T>(ImmutableArray<T> items) => items.IsDefault ? [] : items;

    // The kind stays (the case's bound items and the reset's shape rest on it); the address, its mask and fingerprint go.
    private static ProtectedContact? Contact(ProtectedContact? contact) =>
        contact is null ? null : new ProtectedContact(contact.Kind, Marker, Marker, null);

    private static IdentityDocumentReference? Document(IdentityDocumentReference? reference) =>
        reference is null ? null : reference with { IssuingCountry = Marker, NumberFingerprint = Marker };

    // The media type and size say nothing about the person; the host's id and the content hash point at the file.
    private static EvidenceReference File(EvidenceReference file) => file with { Id = Marker, Sha256 = Marker };

    private static QuestionnaireAnswers Answers(QuestionnaireAnswers answers) => new(
        Markers(answers.RecentTrades),
        Markers(answers.AssetHoldings),
        Markers(answers.DepositAddresses),
        Markers(answers.WithdrawalAddresses),
        answers.AntiPhishingCode is null ? null : Marker,
        answers.Nickname is null ? null : Marker);

    private static string[] Markers(IReadOnlyList<string>? texts) => [.. (texts ?? []).Select(_ => Marker)];
}
