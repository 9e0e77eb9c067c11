using SecurityReset.Tests.TestSupport;
using SecurityReset.Workflow;
using SecurityReset.Workflow.Commands;
using SecurityReset.Workflow.Definition;

namespace SecurityReset.Tests.Workflow;

/// <summary>
/// The labels of the diagram are the rules: every refusal the workflow definition can give is driven here, and
/// the guard that refused is checked to be the one the diagram shows on that transition, with the same error
/// code, and the one Stateless (configured from the same definition) reports as unmet.
/// </summary>
public sealed class GuardLabelTests
{
    private static readonly string Diagram = CaseWorkflow.ToMermaid();

    // A refusal's message is a sentence a host can show; a label is a few words (the diagram's guard text).
    private const string Sentence = @"^[A-Z0-9].{8,}[.!?]$";
    private const string Label = @"^[A-Za-z0-9][^\r\n\[\]|]*[A-Za-z0-9)]$";

    [Fact]
    public void Every_guard_of_the_definition_refuses_in_some_case_with_its_own_label_and_code()
    {
        var covered = new HashSet<(Transition, Guard)>();
        var refusals = 0;
        var accepted = 0;
        foreach (var harness in Cases())
        {
            var current = harness.Case;
            var machine = CaseWorkflow.Configure(() => current.State.ToString());
            foreach (var command in Commands(current, harness.Now))
            {
                foreach (var actor in SampleCommands.Actors(current))
                {
                    foreach (var now in new[] { harness.Now, harness.Now + TimeSpan.FromMinutes(16), harness.Now + TimeSpan.FromDays(4) })
                    {
                        var decision = harness.Decider.Decide(current, command, actor, now, TestSecrets.AuthenticatorSecret);
                        var transition = CaseWorkflow.Find(current.State, command.Trigger);
                        if (transition is null)
                        {
                            Assert.Equal("transition.not_allowed", decision.Error?.Code);
                            Assert.Null(decision.RefusedBy);
                            Assert.False(machine.CanFire(command.Trigger), $"Stateless permits {command.Trigger} in {current.State}");
                            continue;
                        }

                        var context = new CommandContext(harness.Decider, current, command, command.Trigger, actor, now, TestSecrets.AuthenticatorSecret);
                        var trigger = new Stateless.StateMachine<string, CaseTrigger>.TriggerWithParameters<CommandContext>(command.Trigger);
                        var permitted = machine.CanFire(trigger, context, out var unmet);
                        if (decision.RefusedBy is not { } guard)
                        {
                            accepted++;
                            Assert.True(permitted, $"Stateless refuses {command.Trigger} in {current.State} the decider took: {string.Join("; ", unmet)}");
                            continue;
                        }

                        refusals++;
                        covered.Add((transition, guard));
                        Assert.Contains(guard, transition.Guards);
                        Assert.Equal(guard.ErrorCode, decision.Error!.Code);
                        Assert.Matches(Sentence, decision.Error.Message);
                        Assert.Matches(Label, guard.Label);
                        Assert.False(permitted, $"Stateless permits {command.Trigger} in {current.State} although '{guard.Label}' refused it");
                        Assert.Equal(guard.Description, unmet.First());
                        Assert.Contains(
                            Diagram.Split('\n'),
                            line => line.TrimStart().StartsWith(transition.From.Name + " --> ", StringComparison.Ordinal)
                                && line.Contains($": {command.Trigger} ", StringComparison.Ordinal)
                                && line.Contains($"[{guard.Description}]", StringComparison.Ordinal));
                    }
                }
            }
        }

        var missing = CaseWorkflow.Transitions
            .SelectMany(t => t.Guards.Select(g => (t, g)))
            .Where(pair => !covered.Contains(pair))
            .Select(pair => $"{pair.t}: {pair.g.Description}")
            .ToList();
        Assert.True(missing.Count == 0, "No case drove these guards to refuse:\n" + string.Join('\n', missing));
        TestContext.Current.SendDiagnosticMessage($"[workflow] guard labels: {covered.Count} guards refused with their own label and code in {refusals} refusals; {accepted} decisions Stateless also permitted");
    }

    /// <summary>Cases in every state, plus the shapes some rules need: KYC, spent counters, live and verified codes.</summary>
    private static IEnumerable<CaseHarness> Cases()
    {
        foreach (var state in Enum.GetValues<CaseState>().Where(s => s != CaseState.ReadyToSubmit))
        {
            yield return new CaseHarness().DriveTo(state);
        }

        var ready = new CaseHarness(AccountBuilder.Default().WithKyc(KycLevel.Advanced).Build());
        ready.SelectItems();
        ready.Accept(Scans.Result(true, "scan"));
        yield return ready;

        // Step 2 with a code sent (cooldown running), with a code burnt by wrong guesses, with sends spent.
        var sent = new CaseHarness();
        sent.SelectItems(SecurityItems.Phone);
        sent.RequestCode(VerificationTarget.BoundEmail);
        yield return sent;

        var burnt = new CaseHarness();
        burnt.SelectItems(SecurityItems.Phone);
        burnt.RequestCode(VerificationTarget.BoundEmail);
        for (var i = 0; i < burnt.Options.Codes.MaxFailedAttemptsPerDestination; i++)
        {
            burnt.Send(new VerifyCode(VerificationTarget.BoundEmail, "000000"));
        }

        yield return burnt;

        var spent = new CaseHarness();
        spent.SelectItems(SecurityItems.Phone);
        for (var i = 0; i < spent.Options.Codes.MaxPerDestination; i++)
        {
            spent.RequestCode(VerificationTarget.BoundEmail);
            spent.Wait(spent.Options.Codes.ResendCooldown);
        }

        yield return spent;

        // The email verified, the authenticator's attempts spent; a face scan with its attempts spent.
        var authenticator = new CaseHarness();
        authenticator.SelectItems(SecurityItems.Phone);
        authenticator.Accept(new VerifyCode(VerificationTarget.BoundEmail, CodeOf(authenticator, VerificationTarget.BoundEmail)));
        for (var i = 0; i < authenticator.Options.Authenticator.MaxFailures; i++)
        {
            authenticator.Send(new VerifyAuthenticator("000000"));
        }

        yield return authenticator;

        var scans = new CaseHarness(AccountBuilder.Default().WithKyc(KycLevel.Advanced).Build());
        scans.SelectItems();
        for (var i = 0; i < scans.Options.FaceScan.MaxFailures; i++)
        {
            scans.Send(Scans.Result(false, "scan"));
        }

        yield return scans;

        var scanning = new CaseHarness(AccountBuilder.Default().WithKyc(KycLevel.Advanced).Build());
        scanning.SelectItems();
        yield return scanning;

        var rescanning = new CaseHarness(AccountBuilder.Default().WithKyc(KycLevel.Advanced).Build());
        rescanning.SelectItems();
        rescanning.Send(Scans.Result(false, "scan"));
        yield return rescanning;

        // Every item selected on an Advanced KYC account: the face scan in the steps, fresh, after a failure, closed;
        // and an Advanced KYC case that passed verification by codes.
        var everything = new CaseHarness(AccountBuilder.Default().WithKyc(KycLevel.Advanced).Build());
        everything.SelectItems(SecurityItems.All);
        yield return everything;

        var everythingRescanning = new CaseHarness(AccountBuilder.Default().WithKyc(KycLevel.Advanced).Build());
        everythingRescanning.SelectItems(SecurityItems.All);
        everythingRescanning.Send(Scans.Result(false, "scan"));
        yield return everythingRescanning;

        var everythingClosed = new CaseHarness(AccountBuilder.Default().WithKyc(KycLevel.Advanced).Build());
        everythingClosed.SelectItems(SecurityItems.All);
        for (var i = 0; i < everythingClosed.Options.FaceScan.MaxFailures; i++)
        {
            everythingClosed.Send(Scans.Result(false, "scan"));
        }

        yield return everythingClosed;

        var verifiedByCodes = new CaseHarness(AccountBuilder.Default().WithKyc(KycLevel.Advanced).Build());
        verifiedByCodes.SelectItems();
        verifiedByCodes.VerifyRemaining();
        yield return verifiedByCodes;

        var authenticated = new CaseHarness();
        authenticated.SelectItems(SecurityItems.Phone);
        authenticated.Accept(new VerifyAuthenticator(Authenticator.CodeAt(authenticated.Now)));
        yield return authenticated;

        // Step 5 on a KYC'd account, with the new contact given and a code sent, and with it verified.
        var identity = new CaseHarness(AccountBuilder.Default().WithKyc(KycLevel.Basic).Build()).DriveTo(CaseState.IdentityVerification);
        identity.Accept(new SetNewContact(Inputs.NewEmail));
        identity.RequestCode(VerificationTarget.NewContact);
        yield return identity;

        var given = new CaseHarness().DriveTo(CaseState.IdentityVerification);
        given.Accept(new SetNewContact(Inputs.NewEmail));
        yield return given;

        var guessed = new CaseHarness().DriveTo(CaseState.IdentityVerification);
        guessed.Accept(new SetNewContact(Inputs.NewEmail));
        guessed.RequestCode(VerificationTarget.NewContact);
        for (var i = 0; i < guessed.Options.Codes.MaxFailedAttemptsPerDestination; i++)
        {
            guessed.Send(new VerifyCode(VerificationTarget.NewContact, "000000"));
        }

        yield return guessed;

        var resent = new CaseHarness().DriveTo(CaseState.IdentityVerification);
        resent.Accept(new SetNewContact(Inputs.NewEmail));
        for (var i = 0; i < resent.Options.Codes.MaxPerDestination; i++)
        {
            resent.RequestCode(VerificationTarget.NewContact);
            resent.Wait(resent.Options.Codes.ResendCooldown);
        }

        yield return resent;

        var verified = new CaseHarness().DriveTo(CaseState.IdentityVerification);
        verified.Accept(new SetNewContact(Inputs.NewEmail));
        verified.Accept(new VerifyCode(VerificationTarget.NewContact, CodeOf(verified, VerificationTarget.NewContact)));
        yield return verified;

        // Amending after a reviewer named only the video (the questionnaire, the proofs and the document not).
        var amending = new CaseHarness().DriveTo(CaseState.UnderReview);
        amending.Accept(new RequestInformation(AmendableItems.VerificationVideo, "video.unclear"), CaseHarness.ReviewerA);
        yield return amending;

        yield return new CaseHarness(AccountBuilder.Default().WithKyc(KycLevel.Basic).Build()).DriveTo(CaseState.InformationRequested);

        // Waiting for the support team past the review deadline: only the expiry is taken.
        foreach (var state in new[] { CaseState.Submitted, CaseState.UnderReview, CaseState.Disputed })
        {
            var unreviewed = new CaseHarness().DriveTo(state);
            unreviewed.Clock.SetUtcNow(unreviewed.Case.ExpiresAt);
            yield return unreviewed;
        }
    }

    private static string CodeOf(CaseHarness harness, VerificationTarget target) => harness.RequestCode(target);

    /// <summary>For every trigger a well-formed command and commands that break one rule each.</summary>
    private static IEnumerable<CaseCommand> Commands(ResetCase current, DateTimeOffset now)
    {
        foreach (var (command, _) in SampleCommands.For(current, now))
        {
            yield return command;
        }

        yield return new SelectItems(SecurityItems.None);
        yield return new SelectItems((SecurityItems)8);
        foreach (var target in Enum.GetValues<VerificationTarget>())
        {
            yield return new RequestCode(target);
            yield return new VerifyCode(target, "12a");
            yield return new VerifyCode(target, "000000");
            yield return new ReleaseUndeliveredCode(target, "000000");
        }

        yield return new VerifyAuthenticator("12");
        yield return Scans.Result(true, " ");
        yield return new RecordFaceScan(" ", true, "scan");
        if (!current.FaceScanSessions.IsDefaultOrEmpty)
        {
            yield return new RecordFaceScan(current.FaceScanSessions[0], true, "scan");
        }

        yield return new AnswerQuestionnaire(Inputs.Answers with { Nickname = new string('n', 5000) }, Inputs.Score);
        yield return new AnswerQuestionnaire(Inputs.Answers, new QuestionnaireScore(6, 5));

        var proofs = Inputs.Proofs();
        yield return new ProvideProofs([]);
        yield return new ProvideProofs([.. Enumerable.Repeat(proofs[0], 50)]);
        yield return new ProvideProofs([.. proofs, new SupplementaryProof((ProofKind)99, Inputs.File())]);
        yield return new ProvideProofs([.. proofs, new SupplementaryProof(ProofKind.Other, Inputs.File(sha256: "nope"))]);
        yield return new ProvideProofs([.. proofs, new SupplementaryProof(ProofKind.Other, Inputs.File(mediaType: "text/html"))]);
        yield return new ProvideProofs([.. proofs, new SupplementaryProof(ProofKind.Other, Inputs.File(sizeBytes: long.MaxValue))]);
        yield return new ProvideProofs(proofs.Skip(1).ToList());

        yield return new SetNewContact(null!);
        yield return new SetNewContact(current.Account.Email!);

        var document = Inputs.Document(current.Account.KycDocument);
        yield return new SubmitDocument(document with { Reference = document.Reference with { IssuingCountry = "ZZZ" } });
        yield return new SubmitDocument(document with { FrontImage = Inputs.File(sha256: "nope") });
        yield return new SubmitDocument(document with { FrontImage = Inputs.File(mediaType: "text/html") });
        yield return new SubmitDocument(document with { FrontImage = Inputs.File(sizeBytes: long.MaxValue) });
        yield return new SubmitDocument(Inputs.Document(Inputs.OtherPassport));
        yield return new SubmitDocument(document, KycVendorConfirms: false);

        var video = Inputs.Video(Inputs.Statement(current.Account.AccountId, now));
        yield return Inputs.SubmitVideo(video with { Video = Inputs.VideoFile() with { Sha256 = "nope" } });
        yield return Inputs.SubmitVideo(video with { Statement = video.Statement with { Uid = " " } });
        yield return Inputs.SubmitVideo(video with { Statement = video.Statement with { Reason = " " } });
        yield return Inputs.SubmitVideo(video with { Video = Inputs.VideoFile(mediaType: "text/html") });
        yield return Inputs.SubmitVideo(video with { Video = Inputs.VideoFile(sizeBytes: long.MaxValue) });
        yield return Inputs.SubmitVideo(video with { Statement = video.Statement with { Uid = "U00000000" } });
        yield return Inputs.SubmitVideo(video with { Statement = video.Statement with { Date = video.Statement.Date.AddDays(-3) } });
        // Stateless evaluates every guard of the transition: the date rule must answer, not throw, for an offset
        // the statement rule refuses.
        yield return Inputs.SubmitVideo(video with { Statement = video.Statement with { UtcOffset = TimeSpan.FromHours(15) } });
        yield return Inputs.SubmitVideo(video with { Statement = video.Statement with { Phone = "+447700900124" } });
        yield return Inputs.SubmitVideo(video, vendorCheckPassed: false);

        yield return new AcceptTerms(" ");
        yield return new Reject("Not A Reason");
        yield return new RequestInformation(AmendableItems.None, "video.unclear");
        yield return new RequestInformation(AmendableItems.VerificationVideo, "Not A Reason");
    }
}
