using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SecurityReset.Tests.TestSupport;
using SecurityReset.Workflow;
using SecurityReset.Workflow.Commands;

namespace SecurityReset.Tests.Workflow;

/// <summary>The same-document and current-contact rules over generated inputs.</summary>
public sealed class IdentityRuleProperties
{
    private static readonly Lazy<(CaseHarness Harness, ResetCase Case)> AtIdentity = new(() =>
    {
        var harness = new CaseHarness().DriveTo(CaseState.IdentityVerification);
        return (harness, harness.Case);
    });

    private static readonly string[] Countries = ["GB", "IE", "FR"];

    // A small pool so that equal values come up often; it holds case, length and trailing-space near misses.
    private static readonly string[] Fingerprints = ["fp-1", "FP-1", "fp-10", "fp-1 ", "fp-2", "9f86d081884c7d65"];

    private static Decision Decide(ResetCase current, CaseCommand command) =>
        AtIdentity.Value.Harness.Decider.Decide(current, command, Actor.Applicant(current.Account.AccountId), AtIdentity.Value.Harness.Now);

    internal sealed record DocumentCase(KycLevel Kyc, IdentityDocumentReference? KycDocument, IdentityDocumentReference Submitted)
    {
        public bool MustMatch => Kyc != KycLevel.None && KycDocument is not null;

        public bool Same => KycDocument is { } kyc && kyc.Type == Submitted.Type
            && kyc.IssuingCountry == Submitted.IssuingCountry && kyc.NumberFingerprint == Submitted.NumberFingerprint;
    }

    private static readonly Gen<IdentityDocumentReference> Documents =
        from type in Gen.Elements(Enum.GetValues<DocumentType>())
        from country in Gen.Elements(Countries)
        from fingerprint in Gen.Elements(Fingerprints)
        select new IdentityDocumentReference(type, country, fingerprint);

    private static readonly Gen<DocumentCase> DocumentCases =
        from kyc in Gen.Elements(Enum.GetValues<KycLevel>())
        from kycDocument in Gen.Frequency((9, Documents.Select(d => (IdentityDocumentReference?)d)), (1, Gen.Constant<IdentityDocumentReference?>(null)))
        from submitted in Gen.Frequency(
            (3, Gen.Constant(kycDocument ?? AccountBuilder.KycPassport)),
            (2, Gen.Elements(Enum.GetValues<DocumentType>()).Select(t => (kycDocument ?? AccountBuilder.KycPassport) with { Type = t })),
            (2, Gen.Elements(Countries).Select(c => (kycDocument ?? AccountBuilder.KycPassport) with { IssuingCountry = c })),
            (2, Gen.Elements(Fingerprints).Select(f => (kycDocument ?? AccountBuilder.KycPassport) with { NumberFingerprint = f })),
            (1, Documents))
        select new DocumentCase(kyc, kycDocument, submitted);

    [Property(MaxTest = 500, QuietOnSuccess = true)]
    public Property A_kyc_account_takes_exactly_its_kyc_document_and_any_other_account_takes_any_document() =>
        Prop.ForAll(Arb.From(DocumentCases), input =>
        {
            var before = AtIdentity.Value.Case with { Account = AccountBuilder.Default().WithKycExactly(input.Kyc, input.KycDocument).Build() };

            var decision = Decide(before, new SubmitDocument(Inputs.Document(input.Submitted)));

            if (input.MustMatch && !input.Same)
            {
                DecisionAssert.CountedFailure(decision, ErrorCodes.DocumentNotKycDocument, before);
            }
            else
            {
                Assert.True(decision.Succeeded, decision.Error?.Code);
                Assert.Equal(input.Submitted, decision.Case.Document!.Reference);
            }
        });

    public sealed record ContactCase(string? BoundEmail, string? BoundPhone, ContactKind Kind, string Fingerprint);

    private static readonly Gen<ContactCase> ContactCases =
        from boundEmail in Gen.Frequency((8, Gen.Elements(Fingerprints).Select(f => (string?)f)), (2, Gen.Constant<string?>(null)))
        from boundPhone in Gen.Frequency((8, Gen.Elements(Fingerprints).Select(f => (string?)f)), (2, Gen.Constant<string?>(null)))
        from kind in Gen.Elements(ContactKind.Email, ContactKind.Phone)
        from fingerprint in Gen.Frequency(
            (3, Gen.Constant((kind == ContactKind.Email ? boundEmail : boundPhone) ?? "fp-1")),
            (2, Gen.Constant((kind == ContactKind.Email ? boundPhone : boundEmail) ?? "fp-2")),
            (5, Gen.Elements(Fingerprints)))
        select new ContactCase(boundEmail, boundPhone, kind, fingerprint);

    [Property(MaxTest = 500, QuietOnSuccess = true)]
    public Property A_new_contact_with_the_fingerprint_of_the_bound_contact_of_its_kind_is_refused_and_any_other_accepted() =>
        Prop.ForAll(Arb.From(ContactCases), input =>
        {
            var account = AccountBuilder.Default()
                .WithEmail(input.BoundEmail is null ? null : Contacts.WithFingerprint(ContactKind.Email, input.BoundEmail))
                .WithPhone(input.BoundPhone is null ? null : Contacts.WithFingerprint(ContactKind.Phone, input.BoundPhone))
                .Build();
            var before = AtIdentity.Value.Case with { Account = account };
            var contact = Contacts.WithFingerprint(input.Kind, input.Fingerprint);

            var decision = Decide(before, new SetNewContact(contact));

            var bound = input.Kind == ContactKind.Email ? input.BoundEmail : input.BoundPhone;
            if (string.Equals(bound, input.Fingerprint, StringComparison.Ordinal))
            {
                DecisionAssert.CountedFailure(decision, ErrorCodes.ContactSameAsCurrent, before);
            }
            else
            {
                Assert.True(decision.Succeeded, decision.Error?.Code);
                Assert.Equal(contact, decision.Case.NewContact);
                Assert.False(decision.Case.NewContactVerified);
            }
        });

    private static readonly PersonalDataProtector Protector = new(new SecretKeyring(TestSecrets.SecretKey));

    /// <summary>Normalises and fingerprints an email exactly as the service does before it asks the core.</summary>
    private static ProtectedContact ServiceContact(string typed)
    {
        Assert.True(ContactNormalizer.TryNormalizeEmail(typed, out var normalized), $"not an email: [{typed}]");
        return Protector.ProtectNewContact(CaseId.New(), ContactKind.Email, normalized);
    }

    private const string LocalChars = "abcdefghijklmnopqrstuvwxyz0123456789._+-";

    private static readonly string[] Domains = ["example.com", "mail.example.co.uk", "x.io"];

    // Unicode white space that NFKC maps to a space or that Trim removes.
    private static readonly string[] Whitespace = [" ", "\t", "\n", "\r\n", "\u00A0", "\u2003", "\u3000"];

    public sealed record EmailVariant(string Bound, string Variant);

    private static readonly Gen<string> Addresses =
        from first in Gen.Elements("abcdefghijklmnopqrstuvwxyz".ToCharArray())
        from rest in Gen.Choose(0, 11).SelectMany(n => Gen.ArrayOf(Gen.Elements(LocalChars.ToCharArray()), n))
        from domain in Gen.Elements(Domains)
        select first + new string(rest) + "@" + domain;

    private static readonly Gen<string> Padding =
        Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(Gen.Elements(Whitespace), n)).Select(string.Concat);

    /// <summary>Each character kept, upper-cased, or written in its full-width compatibility form (U+FF01..U+FF5E).</summary>
    private static readonly Gen<EmailVariant> EmailVariants =
        from bound in Addresses
        from forms in Gen.ArrayOf(Gen.Choose(0, 2), bound.Length)
        from before in Padding
        from after in Padding
        let varied = string.Concat(bound.Select((c, i) => forms[i] switch
        {
            1 => char.ToUpperInvariant(c),
            2 => (char)(c - '!' + '\uFF01'),
            _ => c,
        }))
        select new EmailVariant(bound, before + varied + after);

    [Property(MaxTest = 300, QuietOnSuccess = true)]
    public Property Case_whitespace_and_full_width_variants_of_the_bound_email_are_refused_after_the_service_normaliser() =>
        Prop.ForAll(Arb.From(EmailVariants), input =>
        {
            var account = AccountBuilder.Default().WithEmail(ServiceContact(input.Bound)).Build();
            var before = AtIdentity.Value.Case with { Account = account };

            var decision = Decide(before, new SetNewContact(ServiceContact(input.Variant)));

            DecisionAssert.CountedFailure(decision, ErrorCodes.ContactSameAsCurrent, before);
        });

    [Property(MaxTest = 300, QuietOnSuccess = true)]
    public Property Another_address_than_the_bound_email_is_accepted_after_the_service_normaliser() =>
        Prop.ForAll(Arb.From(EmailVariants), input =>
        {
            var account = AccountBuilder.Default().WithEmail(ServiceContact(input.Bound)).Build();
            var before = AtIdentity.Value.Case with { Account = account };

            var decision = Decide(before, new SetNewContact(ServiceContact("x" + input.Variant.Trim())));

            Assert.True(decision.Succeeded, decision.Error?.Code);
        });
}
