
namespace SecurityReset.Tests.TestSupport;

/// <summary>What a submitted case must hold: verification done and every step its policy required.</summary>
internal static class RequiredStepsAssert
{
    private static readonly ProofKind[] RequiredProofs =
        [ProofKind.SourceOfFunds, ProofKind.DestinationOfFunds, ProofKind.NotificationRecords, ProofKind.FiatTransactionRecords];

    public static void Done(ResetCase submitted, SecurityResetOptions options)
    {
        // Verification of the remaining items.
        Assert.NotEqual(VerificationMethod.None, submitted.VerificationMethod);
        Assert.Equal(submitted.RemainingItems, submitted.VerifiedItems & submitted.RemainingItems);
        if (submitted.VerificationMethod == VerificationMethod.FaceScan)
        {
            Assert.Equal(KycLevel.Advanced, submitted.Account.Kyc);
        }

        if (submitted.VerificationMethod == VerificationMethod.NothingRemained)
        {
            Assert.Equal(SecurityItems.None, submitted.RemainingItems);
        }

        // The steps are the policy's for what the case knows.
        var context = new StepPolicyContext(submitted.SelectedItems, submitted.RemainingItems, submitted.Account.Kyc, submitted.VerificationMethod);
        var required = options.StepPolicy.Decide(context) & RequiredSteps.All;
        Assert.Equal(required, submitted.RequiredSteps);

        if ((required & RequiredSteps.Questionnaire) != 0)
        {
            Assert.NotNull(submitted.Questionnaire);
        }

        if ((required & RequiredSteps.SupplementaryProofs) != 0)
        {
            Assert.False(submitted.Proofs.IsDefaultOrEmpty);
            Assert.All(RequiredProofs, kind => Assert.Contains(submitted.Proofs, p => p.Kind == kind));
        }

        if ((required & RequiredSteps.IdentityVerification) != 0)
        {
            Assert.NotNull(submitted.NewContact);
            Assert.True(submitted.NewContactVerified);
            Assert.NotEqual(submitted.Account.BoundContact(submitted.NewContact.Kind)?.Fingerprint, submitted.NewContact.Fingerprint);
            Assert.NotNull(submitted.Document);
            if (submitted.Account.Kyc != KycLevel.None && submitted.Account.KycDocument is { } kyc)
            {
                Assert.Equal(kyc, submitted.Document.Reference);
            }

            Assert.NotNull(submitted.Video);
            Assert.Equal(submitted.Account.AccountId, submitted.Video.Statement.Uid.Trim());
            Assert.NotNull(submitted.AcceptedTermsVersion);
        }
    }
}
