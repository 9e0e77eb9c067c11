using SecurityReset.Tests.TestSupport;
using SecurityReset.Workflow;
using SecurityReset.Workflow.Commands;

namespace SecurityReset.Tests.Workflow;

/// <summary>The Account Information Questionnaire and the Supplementary Proof Materials.</summary>
public sealed class QuestionnaireAndProofsTests
{
    [Fact]
    public void Answers_are_recorded_with_the_score_but_without_the_anti_phishing_code()
    {
        var harness = new CaseHarness().DriveTo(CaseState.Questionnaire);

        var decision = harness.Send(new AnswerQuestionnaire(Inputs.Answers, Inputs.Score));

        DecisionAssert.Accepted(decision, CaseState.SupplementaryProofs);
        var record = decision.Case.Questionnaire!;
        Assert.Equal(Inputs.Score, record.Score);
        Assert.Null(record.Answers.AntiPhishingCode);
        Assert.Equal(Inputs.Answers.Nickname, record.Answers.Nickname);
        var answered = Assert.Single(decision.Events);
        Assert.Equal(CaseEventTypes.QuestionnaireAnswered, answered.Type);
        Assert.Equal("3/5", answered.Detail);
    }

    public static TheoryData<QuestionnaireAnswers> InvalidAnswers => new()
    {
        Inputs.Answers with { RecentTrades = [.. Enumerable.Range(0, 21).Select(i => $"trade {i}")] },
        Inputs.Answers with { AssetHoldings = ["BTC", "   "] },
        Inputs.Answers with { DepositAddresses = [new string('a', 201)] },
        Inputs.Answers with { WithdrawalAddresses = ["0xabc\n"] },
        Inputs.Answers with { Nickname = new string('n', 65) },
        Inputs.Answers with { AntiPhishingCode = "code\u0007" },
    };

    [Theory]
    [MemberData(nameof(InvalidAnswers))]
    public void Malformed_answers_are_refused(QuestionnaireAnswers answers)
    {
        var harness = new CaseHarness().DriveTo(CaseState.Questionnaire);
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(new AnswerQuestionnaire(answers, Inputs.Score)), ErrorCodes.QuestionnaireInvalid, before);
    }

    [Theory]
    [InlineData(-1, 5)]
    [InlineData(6, 5)]
    public void A_malformed_score_is_refused(int points, int maxPoints)
    {
        var harness = new CaseHarness().DriveTo(CaseState.Questionnaire);
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(new AnswerQuestionnaire(Inputs.Answers, new QuestionnaireScore(points, maxPoints))), ErrorCodes.QuestionnaireInvalid, before);
    }

    [Fact]
    public void Empty_answers_with_a_zero_score_are_recorded_for_the_reviewer()
    {
        var harness = new CaseHarness().DriveTo(CaseState.Questionnaire);
        var empty = new QuestionnaireAnswers([], [], [], [], null, null);

        DecisionAssert.Accepted(harness.Send(new AnswerQuestionnaire(empty, new QuestionnaireScore(0, 5))), CaseState.SupplementaryProofs);
    }

    [Fact]
    public void Later_steps_cannot_be_taken_before_the_questionnaire()
    {
        var harness = new CaseHarness().DriveTo(CaseState.Questionnaire);
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(new ProvideProofs(Inputs.Proofs())), ErrorCodes.TransitionNotAllowed, before);
        DecisionAssert.Refused(harness.Send(new SetNewContact(Inputs.NewEmail)), ErrorCodes.TransitionNotAllowed, before);
        DecisionAssert.Refused(harness.Send(new AcceptTerms(Inputs.TermsVersion)), ErrorCodes.TransitionNotAllowed, before);
        DecisionAssert.Refused(harness.Send(new Submit()), ErrorCodes.TransitionNotAllowed, before);
    }

    [Fact]
    public void The_questionnaire_is_answered_once_outside_an_information_request()
    {
        var harness = new CaseHarness().DriveTo(CaseState.SupplementaryProofs);
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(new AnswerQuestionnaire(Inputs.Answers, Inputs.Score)), ErrorCodes.TransitionNotAllowed, before);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_four_required_proofs_with_or_without_the_optional_one_are_accepted(bool withOther)
    {
        var harness = new CaseHarness().DriveTo(CaseState.SupplementaryProofs);

        var decision = harness.Send(new ProvideProofs(Inputs.Proofs(withOther)));

        DecisionAssert.Accepted(decision, CaseState.IdentityVerification);
        Assert.Equal(withOther ? 5 : 4, decision.Case.Proofs.Length);
        Assert.Equal(CaseEventTypes.ProofsProvided, Assert.Single(decision.Events).Type);
    }

    [Theory]
    [InlineData(ProofKind.SourceOfFunds)]
    [InlineData(ProofKind.DestinationOfFunds)]
    [InlineData(ProofKind.NotificationRecords)]
    [InlineData(ProofKind.FiatTransactionRecords)]
    public void Missing_one_of_the_four_required_kinds_is_refused(ProofKind missing)
    {
        var harness = new CaseHarness().DriveTo(CaseState.SupplementaryProofs);
        var before = harness.Case;
        var proofs = Inputs.Proofs(withOther: true).Where(p => p.Kind != missing).ToList();

        DecisionAssert.Refused(harness.Send(new ProvideProofs(proofs)), ErrorCodes.ProofsMissingRequired, before);
    }

    [Fact]
    public void No_proofs_or_only_the_optional_kind_are_refused()
    {
        var harness = new CaseHarness().DriveTo(CaseState.SupplementaryProofs);
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(new ProvideProofs([])), ErrorCodes.ProofsMissingRequired, before);
        DecisionAssert.Refused(harness.Send(new ProvideProofs([new(ProofKind.Other, Inputs.File())])), ErrorCodes.ProofsMissingRequired, before);
    }

    [Fact]
    public void Twenty_proof_files_are_accepted_and_twenty_one_refused()
    {
        var twenty = Inputs.Proofs().Concat(Enumerable.Range(0, 16).Select(i => new SupplementaryProof(ProofKind.Other, Inputs.File($"other-{i}")))).ToList();
        var harness = new CaseHarness().DriveTo(CaseState.SupplementaryProofs);
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(new ProvideProofs([.. twenty, new(ProofKind.Other, Inputs.File("one-too-many"))])), ErrorCodes.ProofsTooMany, before);
        DecisionAssert.Accepted(harness.Send(new ProvideProofs(twenty)), CaseState.IdentityVerification);
    }

    public static TheoryData<EvidenceReference, string> BadFiles => new()
    {
        { Inputs.File(sha256: Inputs.ValidSha256.ToUpperInvariant()), ErrorCodes.EvidenceInvalid },
        { Inputs.File(sha256: Inputs.ValidSha256[..63]), ErrorCodes.EvidenceInvalid },
        { Inputs.File(sha256: "not a hash"), ErrorCodes.EvidenceInvalid },
        { Inputs.File(id: " "), ErrorCodes.EvidenceInvalid },
        { Inputs.File(sizeBytes: 0), ErrorCodes.EvidenceInvalid },
        { Inputs.File(mediaType: "image/gif"), ErrorCodes.EvidenceMediaTypeNotAllowed },
        { Inputs.File(mediaType: "video/mp4"), ErrorCodes.EvidenceMediaTypeNotAllowed },
        { Inputs.File(sizeBytes: (20L * 1024 * 1024) + 1), ErrorCodes.EvidenceTooLarge },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void A_proof_file_with_a_bad_hash_media_type_or_size_is_refused(EvidenceReference file, string errorCode)
    {
        var harness = new CaseHarness().DriveTo(CaseState.SupplementaryProofs);
        var before = harness.Case;
        var proofs = Inputs.Proofs();
        proofs[2] = proofs[2] with { File = file };

        DecisionAssert.Refused(harness.Send(new ProvideProofs(proofs)), errorCode, before);
    }

    [Fact]
    public void A_file_of_exactly_the_largest_size_is_accepted()
    {
        var harness = new CaseHarness().DriveTo(CaseState.SupplementaryProofs);
        var proofs = Inputs.Proofs();
        proofs[0] = proofs[0] with { File = Inputs.File(sizeBytes: 20L * 1024 * 1024) };

        DecisionAssert.Accepted(harness.Send(new ProvideProofs(proofs)), CaseState.IdentityVerification);
    }

    [Fact]
    public void An_unknown_proof_kind_is_refused()
    {
        var harness = new CaseHarness().DriveTo(CaseState.SupplementaryProofs);
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(new ProvideProofs([.. Inputs.Proofs(), new((ProofKind)9, Inputs.File())])), ErrorCodes.EvidenceInvalid, before);
    }

    [Fact]
    public void Media_types_are_matched_without_regard_to_case()
    {
        var harness = new CaseHarness().DriveTo(CaseState.SupplementaryProofs);
        var proofs = Inputs.Proofs();
        proofs[0] = proofs[0] with { File = Inputs.File(mediaType: "Application/PDF") };

        DecisionAssert.Accepted(harness.Send(new ProvideProofs(proofs)), CaseState.IdentityVerification);
    }

    [Theory]
    [InlineData("BTC\u202EDSU/")]   // right-to-left override: reads differently than it is stored
    [InlineData("BTC\u2066USDT")]   // isolate
    [InlineData("BTC\u0085USDT")]   // C1 control (next line)
    public void Answers_with_bidirectional_overrides_or_c1_controls_are_refused(string trade)
    {
        var harness = new CaseHarness();
        harness.DriveTo(CaseState.Questionnaire);
        var answers = Inputs.Answers with { RecentTrades = [trade] };
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(new AnswerQuestionnaire(answers, Inputs.Score)), ErrorCodes.QuestionnaireInvalid, before);
    }
}
