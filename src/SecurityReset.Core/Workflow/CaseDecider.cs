using System.Runtime.InteropServices;
using System.Security.Cryptography;
using SecurityReset.Cases;
using SecurityReset.Evidence;
using SecurityReset.Identity;
using SecurityReset.Policies;
using SecurityReset.Review;
using SecurityReset.Validation;
using SecurityReset.Verification;
using SecurityReset.Workflow.Commands;

namespace SecurityReset.Workflow;

/// <summary>
/// The pure decision core: given a case snapshot, a command, the actor and the current time, it returns a
/// <see cref="Decision"/>. No I/O, no clock, no randomness but the injected code generator. Every (state,
/// trigger) pair and every destination is checked against <see cref="CaseWorkflow"/>. Thread-safe.
/// </summary>
public sealed class CaseDecider
{
    private readonly SecurityResetOptions _options;
    private readonly IVerificationCodeGenerator _generator;
    private readonly CodeHasher _hasher;

    /// <summary>Creates a decider over validated options; it does not check them again.</summary>
    /// <param name="options">The rules; must have passed <see cref="SecurityResetOptionsValidator"/> (the service and <c>AddSecurityReset</c> check them).</param>
    /// <param name="generator">Where codes come from; the CSPRNG when <see langword="null"/>.</param>
    public CaseDecider(SecurityResetOptions options, IVerificationCodeGenerator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _generator = generator ?? RandomVerificationCodeGenerator.Instance;
        _hasher = new CodeHasher(new SecretKeyring(options.SecretKey!).CodeKey);
    }

    /// <summary>Opens a case for an account.</summary>
    /// <param name="id">The new case's id.</param>
    /// <param name="account">The account as the directory knows it now.</param>
    /// <param name="channel">Web or app.</param>
    /// <param name="entryPoint">How the applicant got here.</param>
    /// <param name="now">The current time.</param>
    /// <param name="lastAcceptedTotpStep">The last authenticator step accepted for the account in earlier cases.</param>
    /// <returns>The accepted decision with the new case at version 1.</returns>
    public Decision Open(CaseId id, AccountSnapshot account, Channel channel, EntryPoint entryPoint, DateTimeOffset now, long? lastAcceptedTotpStep = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        var opened = new ResetCase
        {
            Id = id,
            Version = 1,
            State = CaseState.SelectingItems,
            Channel = channel,
            EntryPoint = entryPoint,
            Account = account,
            OpenedAt = now,
            ExpiresAt = now + _options.Lifetimes.Case,
            LastAcceptedTotpStep = lastAcceptedTotpStep,
        };
        var actor = Actor.Applicant(account.AccountId);
        return Decision.Accept(opened, new CaseEvent(id, 1, CaseEventTypes.Opened, now, actor, $"{channel}/{entryPoint}"));
    }

    /// <summary>Decides one command.</summary>
    /// <param name="current">The case as loaded.</param>
    /// <param name="command">The command.</param>
    /// <param name="actor">Who sends it.</param>
    /// <param name="now">The current time.</param>
    /// <param name="authenticatorSecret">The account's authenticator secret, needed only by <see cref="VerifyAuthenticator"/>.</param>
    /// <returns>The decision.</returns>
    public Decision Decide(ResetCase current, CaseCommand command, Actor actor, DateTimeOffset now, byte[]? authenticatorSecret = null)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(actor);

        var trigger = command.Trigger;
        if (!CaseWorkflow.Table.IsListed(current.State, trigger))
        {
            return Refuse(current, ErrorCodes.TransitionNotAllowed, $"{trigger} is not allowed while the case is {current.State}.");
        }

        if (!MayAct(current, trigger, actor))
        {
            return Refuse(current, ErrorCodes.ActorNotAllowed, $"This actor may not {trigger} this case.");
        }

        // Past its lifetime an unfinished case only accepts its expiry: a late vendor callback cannot move it either.
        if (trigger != CaseTrigger.Expire && CaseWorkflow.Table.IsListed(current.State, CaseTrigger.Expire) && now >= current.ExpiresAt)
        {
            return Refuse(current, ErrorCodes.CaseExpired, "The case is past its lifetime.");
        }

        var step = new Step(this, current, trigger, actor, now);
        return command switch
        {
            SelectItems c => step.SelectItems(c.Items),
            RequestCode c => step.RequestCode(c.Target),
            VerifyCode c => step.VerifyCode(c.Target, c.Code),
            VerifyAuthenticator c => step.VerifyAuthenticator(c.Code, authenticatorSecret),
            RecordFaceScan c => step.RecordFaceScan(c.Passed, c.VendorReference),
            AnswerQuestionnaire c => step.AnswerQuestionnaire(c.Answers, c.Score),
            ProvideProofs c => step.ProvideProofs(c.Proofs),
            SetNewContact c => step.SetNewContact(c.Contact),
            SubmitDocument c => step.SubmitDocument(c.Document),
            SubmitVideo c => step.SubmitVideo(c.Video),
            AcceptTerms c => step.AcceptTerms(c.TermsVersion),
            Submit => step.Submit(),
            Claim => step.Go(CaseState.UnderReview, CaseEventTypes.Claimed, null, c => c with { ReviewerId = actor.Id }),
            Approve => step.Go(CaseState.Approved, CaseEventTypes.Approved, null, c => c with { DecidedAt = now }),
            Reject c => step.Reject(c.ReasonCode),
            RequestInformation c => step.RequestInformation(c.Items, c.ReasonCode),
            CompleteReset => step.Go(CaseState.Completed, CaseEventTypes.Completed, null, c => c with { WithdrawalsProtectedUntil = now + _options.Lifetimes.WithdrawalProtection }),
            ReleaseUndeliveredCode c => step.ReleaseUndeliveredCode(c.Target),
            Cancel => step.Go(CaseState.Cancelled, CaseEventTypes.Cancelled, null, c => c),
            Expire => now >= current.ExpiresAt
                ? step.Go(CaseState.Expired, CaseEventTypes.Expired, null, c => c)
                : Refuse(current, ErrorCodes.CaseNotExpired, "The case has not reached its expiry time."),
            _ => throw new ArgumentException($"Unknown command {command.GetType().Name}.", nameof(command)),
        };
    }

    private static Decision Refuse(ResetCase current, string code, string message) => Decision.Refuse(current, new ResetError(code, message));

    private static bool MayAct(ResetCase current, CaseTrigger trigger, Actor actor) => trigger switch
    {
        CaseTrigger.Claim => actor.Kind == ActorKind.Reviewer,
        CaseTrigger.Approve or CaseTrigger.Reject or CaseTrigger.RequestInformation =>
            actor.Kind == ActorKind.Reviewer && string.Equals(actor.Id, current.ReviewerId, StringComparison.Ordinal),
        CaseTrigger.CompleteReset or CaseTrigger.Expire or CaseTrigger.ReleaseUndeliveredCode => actor.Kind == ActorKind.System,
        CaseTrigger.RecordFaceScan => actor.Kind == ActorKind.System || IsApplicant(current, actor),
        _ => IsApplicant(current, actor),
    };

    private static bool IsApplicant(ResetCase current, Actor actor) =>
        actor.Kind == ActorKind.Applicant && string.Equals(actor.Id, current.Account.AccountId, StringComparison.Ordinal);

    /// <summary>One decision in progress: the inputs every rule reads, and the helpers that build results.</summary>
    private sealed class Step(CaseDecider decider, ResetCase current, CaseTrigger trigger, Actor actor, DateTimeOffset now)
    {
        private SecurityResetOptions Options => decider._options;

        public Decision SelectItems(SecurityItems items)
        {
            if (items == SecurityItems.None)
            {
                return Refuse(current, ErrorCodes.ItemsEmpty, "Select at least one item.");
            }

            if ((items & ~current.Account.BoundItems) != 0)
            {
                return Refuse(current, ErrorCodes.ItemsNotBound, "Only items bound to the account can be selected.");
            }

            var selected = current with { SelectedItems = items };
            var detail = items.ToString();
            if (selected.RemainingItems == SecurityItems.None)
            {
                // Nothing remains to verify, so there is nothing for the face scan to replace either.
                return Verified(selected, VerificationMethod.NothingRemained, CaseEventTypes.ItemsSelected, detail);
            }

            return Go(CaseState.VerifyingItems, CaseEventTypes.ItemsSelected, detail, _ => selected);
        }

        public Decision RequestCode(VerificationTarget target)
        {
            var refusal = CheckTarget(target);
            if (refusal is not null)
            {
                return refusal;
            }

            var challenge = current.Challenge(target);
            if (challenge is not null)
            {
                if (challenge.FailedAttempts >= Options.Codes.MaxFailedAttemptsPerDestination)
                {
                    return Refuse(current, ErrorCodes.CodeAttemptsExhausted, "Too many wrong codes for this destination.");
                }

                if (challenge.CodesIssued >= Options.Codes.MaxPerDestination)
                {
                    return Refuse(current, ErrorCodes.CodeSendLimitReached, "This destination received the most codes allowed for a case.");
                }

                if (now - challenge.IssuedAt < Options.Codes.ResendCooldown)
                {
                    return Refuse(current, ErrorCodes.CodeResendTooSoon, "Wait before asking for another code.");
                }
            }

            var code = decider._generator.Generate(Options.Codes.Length);
            var expiresAt = now + Options.Codes.Lifetime;
            var next = new CodeChallenge(
                target,
                decider._hasher.Hash(current.Id, target, code),
                now,
                expiresAt,
                (challenge?.CodesIssued ?? 0) + 1,
                challenge?.FailedAttempts ?? 0,
                Verified: false);
            var changed = WithChallenge(current, next);
            var @event = Event(CaseEventTypes.CodeIssued, target.ToString());
            return Decision.Accept(Advance(changed, current.State), @event, new IssuedCode(target, code, expiresAt));
        }

        public Decision ReleaseUndeliveredCode(VerificationTarget target)
        {
            var challenge = current.Challenge(target);
            if (challenge?.CodeHash is null)
            {
                return Refuse(current, ErrorCodes.CodeNotRequested, "No live code to release.");
            }

            // Undo the send: the cooldown and the send limit only count codes that reached the applicant.
            var released = challenge with
            {
                CodeHash = null,
                CodesIssued = challenge.CodesIssued - 1,
                IssuedAt = challenge.IssuedAt - Options.Codes.ResendCooldown,
            };
            return Go(current.State, CaseEventTypes.CodeReleased, target.ToString(), c => WithChallenge(c, released));
        }

        public Decision VerifyCode(VerificationTarget target, string code)
        {
            var refusal = CheckTarget(target);
            if (refusal is not null)
            {
                return refusal;
            }

            if (!CodeFormat.IsDigits(code, Options.Codes.Length))
            {
                return Refuse(current, ErrorCodes.CodeMalformed, $"A code is {Options.Codes.Length} digits.");
            }

            var challenge = current.Challenge(target);
            if (challenge is not null && challenge.FailedAttempts >= Options.Codes.MaxFailedAttemptsPerDestination)
            {
                return Refuse(current, ErrorCodes.CodeAttemptsExhausted, "Too many wrong codes for this destination.");
            }

            if (challenge?.CodeHash is null)
            {
                return Refuse(current, ErrorCodes.CodeNotRequested, "Request a code first.");
            }

            if (now >= challenge.ExpiresAt)
            {
                return Refuse(current, ErrorCodes.CodeExpired, "The code expired; request a new one.");
            }

            if (!decider._hasher.Matches(current.Id, target, code, challenge.CodeHash))
            {
                var failures = challenge.FailedAttempts + 1;
                var burnt = failures >= Options.Codes.MaxFailedAttemptsPerDestination;
                var failed = WithChallenge(current, challenge with { FailedAttempts = failures, CodeHash = burnt ? null : challenge.CodeHash });
                return Decision.Fail(Advance(failed, current.State), Event(CaseEventTypes.CodeFailed, target.ToString()), new ResetError(ErrorCodes.CodeInvalid, "The code is wrong."));
            }

            var verified = WithChallenge(current, challenge with { CodeHash = null, Verified = true });
            if (target == VerificationTarget.NewContact)
            {
                return Go(CaseState.IdentityVerification, CaseEventTypes.CodeVerified, target.ToString(), _ => verified with { NewContactVerified = true });
            }

            var item = target == VerificationTarget.BoundEmail ? SecurityItems.Email : SecurityItems.Phone;
            return ItemVerified(verified with { VerifiedItems = verified.VerifiedItems | item }, CaseEventTypes.CodeVerified, target.ToString());
        }

        public Decision VerifyAuthenticator(string code, byte[]? secret)
        {
            if ((current.RemainingItems & SecurityItems.Authenticator) == 0)
            {
                return Refuse(current, ErrorCodes.VerificationNotRequired, "The authenticator is not a remaining item of this case.");
            }

            if ((current.VerifiedItems & SecurityItems.Authenticator) != 0)
            {
                return Refuse(current, ErrorCodes.VerificationAlreadyDone, "The authenticator was verified already.");
            }

            if (!CodeFormat.IsDigits(code, TotpChecker.Digits))
            {
                return Refuse(current, ErrorCodes.CodeMalformed, $"An authenticator code is {TotpChecker.Digits} digits.");
            }

            if (current.AuthenticatorFailures >= Options.Authenticator.MaxFailures)
            {
                return Refuse(current, ErrorCodes.CodeAttemptsExhausted, "Too many wrong authenticator codes.");
            }

            if (secret is null || secret.Length == 0)
            {
                throw new InvalidOperationException("The account's authenticator secret is required to verify an authenticator code.");
            }

            var matched = TotpChecker.TryMatch(secret, code, now, Options.Authenticator.Step, Options.Authenticator.WindowSteps, out var step);
            if (matched && step > (current.LastAcceptedTotpStep ?? long.MinValue))
            {
                var verified = current with
                {
                    LastAcceptedTotpStep = step,
                    VerifiedItems = current.VerifiedItems | SecurityItems.Authenticator,
                };
                return ItemVerified(verified, CaseEventTypes.AuthenticatorVerified, null);
            }

            var failed = current with { AuthenticatorFailures = current.AuthenticatorFailures + 1 };
            var error = matched
                ? new ResetError(ErrorCodes.CodeReplayed, "This authenticator code was used already; wait for the next one.")
                : new ResetError(ErrorCodes.CodeInvalid, "The code is wrong.");
            return Decision.Fail(Advance(failed, current.State), Event(CaseEventTypes.CodeFailed, "Authenticator"), error);
        }

        public Decision RecordFaceScan(bool passed, string vendorReference)
        {
            if (current.Account.Kyc != KycLevel.Advanced)
            {
                return Refuse(current, ErrorCodes.FaceScanNotOffered, "The face scan needs Advanced KYC.");
            }

            if (current.FaceScanFailures >= Options.FaceScan.MaxFailures)
            {
                return Refuse(current, ErrorCodes.FaceScanClosed, "Too many failed face scans; verify with codes.");
            }

            if (!Text.IsCleanNonBlank(vendorReference, Text.ShortMax))
            {
                return Refuse(current, ErrorCodes.RequestInvalid, "The vendor reference is missing or malformed.");
            }

            if (passed)
            {
                var scanned = current with { FaceScanReference = vendorReference, VerifiedItems = current.RemainingItems };
                return Verified(scanned, VerificationMethod.FaceScan, CaseEventTypes.FaceScanPassed, null);
            }

            var failed = current with { FaceScanFailures = current.FaceScanFailures + 1 };
            var error = new ResetError(ErrorCodes.FaceScanFailed, "The face scan did not pass.");
            return Decision.Fail(Advance(failed, current.State), Event(CaseEventTypes.FaceScanFailed, null), error);
        }

        public Decision AnswerQuestionnaire(QuestionnaireAnswers answers, QuestionnaireScore score)
        {
            var error = QuestionnaireAnswersValidator.Instance.FirstError(answers, ErrorCodes.QuestionnaireInvalid);
            if (error is not null)
            {
                return Decision.Refuse(current, error);
            }

            if (score is null || score.Points < 0 || score.MaxPoints < score.Points)
            {
                return Refuse(current, ErrorCodes.QuestionnaireInvalid, "The score is malformed.");
            }

            var amended = Amend(AmendableItems.Questionnaire);
            if (amended is null)
            {
                return Refuse(current, ErrorCodes.AmendmentNotRequested, "The reviewer did not ask to amend the questionnaire.");
            }

            var record = new QuestionnaireRecord(answers with { AntiPhishingCode = null }, score);
            return MoveOn(amended with { Questionnaire = record }, CaseEventTypes.QuestionnaireAnswered, $"{score.Points}/{score.MaxPoints}");
        }

        public Decision ProvideProofs(IReadOnlyList<SupplementaryProof>? proofs)
        {
            if (proofs is null || proofs.Count == 0)
            {
                return Refuse(current, ErrorCodes.ProofsMissingRequired, "Provide the required proofs.");
            }

            if (proofs.Count > Options.Evidence.MaxProofFiles)
            {
                return Refuse(current, ErrorCodes.ProofsTooMany, $"At most {Options.Evidence.MaxProofFiles} proof files.");
            }

            var kinds = 0;
            foreach (var proof in proofs)
            {
                if (proof is null || !Enum.IsDefined(proof.Kind))
                {
                    return Refuse(current, ErrorCodes.EvidenceInvalid, "A proof is missing or of an unknown kind.");
                }

                var evidenceError = CheckFile(proof.File, Options.Evidence.AllowedFileMediaTypes, Options.Evidence.MaxFileBytes);
                if (evidenceError is not null)
                {
                    return Decision.Refuse(current, evidenceError);
                }

                kinds |= 1 << (int)proof.Kind;
            }

            const int required = (1 << (int)ProofKind.SourceOfFunds) | (1 << (int)ProofKind.DestinationOfFunds)
                | (1 << (int)ProofKind.NotificationRecords) | (1 << (int)ProofKind.FiatTransactionRecords);
            if ((kinds & required) != required)
            {
                return Refuse(current, ErrorCodes.ProofsMissingRequired, "Source of funds, destination of funds, notification records and fiat transaction records are required.");
            }

            var amended = Amend(AmendableItems.SupplementaryProofs);
            if (amended is null)
            {
                return Refuse(current, ErrorCodes.AmendmentNotRequested, "The reviewer did not ask to amend the proofs.");
            }

            return MoveOn(amended with { Proofs = [.. proofs] }, CaseEventTypes.ProofsProvided, proofs.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        public Decision SetNewContact(ProtectedContact? contact)
        {
            if (contact is null || !Enum.IsDefined(contact.Kind) || !Text.IsCleanNonBlank(contact.Fingerprint, 100)
                || !Text.IsClean(contact.Masked, 300) || !Text.IsCleanNonBlank(contact.Sealed, 4096))
            {
                return Refuse(current, ErrorCodes.ContactInvalid, "The new contact is malformed.");
            }

            var bound = current.Account.BoundContact(contact.Kind);
            if (bound is not null && SameFingerprint(bound.Fingerprint, contact.Fingerprint))
            {
                return Refuse(current, ErrorCodes.ContactSameAsCurrent, "The new contact must differ from the one bound to the account.");
            }

            // The destination's counters stay: switching addresses never buys more codes or guesses.
            var challenge = current.Challenge(VerificationTarget.NewContact);
            var changed = challenge is null ? current : WithChallenge(current, challenge with { CodeHash = null, Verified = false });
            return Go(CaseState.IdentityVerification, CaseEventTypes.NewContactSet, contact.Kind.ToString(), _ => changed with { NewContact = contact, NewContactVerified = false });
        }

        public Decision SubmitDocument(IdentityDocument document)
        {
            var error = IdentityDocumentValidator.Instance.FirstError(document, ErrorCodes.DocumentInvalid)
                ?? CheckFile(document.FrontImage, Options.Evidence.AllowedFileMediaTypes, Options.Evidence.MaxFileBytes);
            if (error is not null)
            {
                return Decision.Refuse(current, error);
            }

            var kyc = current.Account.KycDocument;
            if (current.Account.Kyc != KycLevel.None && kyc is not null && !IsSameDocument(kyc, document.Reference))
            {
                return Refuse(current, ErrorCodes.DocumentNotKycDocument, "Use the same document as for KYC.");
            }

            var amended = Amend(AmendableItems.IdentityDocument);
            if (amended is null)
            {
                return Refuse(current, ErrorCodes.AmendmentNotRequested, "The reviewer did not ask to amend the document.");
            }

            return Go(current.State, CaseEventTypes.DocumentSubmitted, document.Reference.Type.ToString(), _ => amended with { Document = document });
        }

        public Decision SubmitVideo(VerificationVideo video)
        {
            var error = VerificationVideoValidator.Instance.FirstError(video, ErrorCodes.StatementInvalid)
                ?? CheckFile(video.Video, Options.Evidence.AllowedVideoMediaTypes, Options.Evidence.MaxVideoBytes);
            if (error is not null)
            {
                return Decision.Refuse(current, error);
            }

            var statement = video.Statement;
            if (!string.Equals(statement.Uid.Trim(), current.Account.AccountId, StringComparison.Ordinal))
            {
                return Refuse(current, ErrorCodes.StatementUidMismatch, "The UID in the statement is not the account's.");
            }

            if (statement.Date != DateOnly.FromDateTime(now.ToOffset(statement.UtcOffset).DateTime))
            {
                return Refuse(current, ErrorCodes.StatementDateNotToday, "The date in the statement must be today.");
            }

            var amended = Amend(AmendableItems.VerificationVideo);
            if (amended is null)
            {
                return Refuse(current, ErrorCodes.AmendmentNotRequested, "The reviewer did not ask to amend the video.");
            }

            var masked = video with { Statement = statement with { Email = ContactMask.Email(statement.Email), Phone = ContactMask.Phone(statement.Phone) } };
            return Go(current.State, CaseEventTypes.VideoSubmitted, null, _ => amended with { Video = masked });
        }

        public Decision AcceptTerms(string termsVersion)
        {
            if (!Text.IsCleanNonBlank(termsVersion, 50))
            {
                return Refuse(current, ErrorCodes.TermsVersionInvalid, "The terms version is missing or malformed.");
            }

            return Go(CaseState.IdentityVerification, CaseEventTypes.TermsAccepted, termsVersion, c => c with { AcceptedTermsVersion = termsVersion });
        }

        public Decision Submit()
        {
            var complete = current.State switch
            {
                CaseState.IdentityVerification => current.NewContactVerified && current.Document is not null
                    && current.Video is not null && current.AcceptedTermsVersion is not null,
                CaseState.InformationRequested => (current.Amended & current.RequestedAmendments) == current.RequestedAmendments,
                _ => true,
            };
            if (!complete)
            {
                return Refuse(current, ErrorCodes.SubmissionIncomplete, "Complete every required item before submitting.");
            }

            return Go(CaseState.Submitted, CaseEventTypes.Submitted, null, c => c with
            {
                SubmittedAt = now,
                ReviewerId = null,
                RequestedAmendments = AmendableItems.None,
                Amended = AmendableItems.None,
            });
        }

        public Decision Reject(string reasonCode)
        {
            if (!Text.IsReasonCode(reasonCode))
            {
                return Refuse(current, ErrorCodes.ReviewReasonInvalid, "The reason code must be 1–64 of a–z, 0–9, '.', '_', '-'.");
            }

            var decidedAt = now;
            return Go(CaseState.Rejected, CaseEventTypes.Rejected, reasonCode, c => c with { ReasonCode = reasonCode, DecidedAt = decidedAt });
        }

        public Decision RequestInformation(AmendableItems items, string reasonCode)
        {
            if (items == AmendableItems.None || (items & ~(AmendableItems.Questionnaire | AmendableItems.SupplementaryProofs | AmendableItems.IdentityDocument | AmendableItems.VerificationVideo)) != 0)
            {
                return Refuse(current, ErrorCodes.ReviewAmendmentsRequired, "Name at least one known item to amend.");
            }

            if (!Text.IsReasonCode(reasonCode))
            {
                return Refuse(current, ErrorCodes.ReviewReasonInvalid, "The reason code must be 1–64 of a–z, 0–9, '.', '_', '-'.");
            }

            // The applicant gets a fresh lifetime to amend.
            var expiresAt = now + Options.Lifetimes.Case;
            return Go(CaseState.InformationRequested, CaseEventTypes.InformationRequested, $"{items}:{reasonCode}", c => c with
            {
                RequestedAmendments = items,
                Amended = AmendableItems.None,
                ReasonCode = reasonCode,
                ExpiresAt = expiresAt,
            });
        }

        /// <summary>Moves to <paramref name="destination"/> with one event, after checking the table lists the move.</summary>
        public Decision Go(CaseState destination, string eventType, string? detail, Func<ResetCase, ResetCase> change) =>
            Decision.Accept(Advance(change(current), destination), Event(eventType, detail));

        private static ResetError? CheckFile(EvidenceReference? file, ISet<string> mediaTypes, long maxBytes)
        {
            var error = EvidenceReferenceValidator.Instance.FirstError(file, ErrorCodes.EvidenceInvalid);
            if (error is not null)
            {
                return error;
            }

            if (!mediaTypes.Contains(file!.MediaType))
            {
                return new ResetError(ErrorCodes.EvidenceMediaTypeNotAllowed, "This media type is not accepted here.");
            }

            return file.SizeBytes > maxBytes
                ? new ResetError(ErrorCodes.EvidenceTooLarge, $"Files here may be at most {maxBytes} bytes.")
                : null;
        }

        private Decision? CheckTarget(VerificationTarget target)
        {
            switch (target)
            {
                case VerificationTarget.BoundEmail or VerificationTarget.BoundPhone when current.State == CaseState.VerifyingItems:
                    var item = target == VerificationTarget.BoundEmail ? SecurityItems.Email : SecurityItems.Phone;
                    if ((current.RemainingItems & item) == 0)
                    {
                        return Refuse(current, ErrorCodes.VerificationNotRequired, "This destination is not a remaining item of this case.");
                    }

                    return (current.VerifiedItems & item) != 0
                        ? Refuse(current, ErrorCodes.VerificationAlreadyDone, "This item was verified already.")
                        : null;
                case VerificationTarget.NewContact when current.State == CaseState.IdentityVerification:
                    if (current.NewContact is null)
                    {
                        return Refuse(current, ErrorCodes.ContactNotSet, "Give the new contact first.");
                    }

                    return current.NewContactVerified
                        ? Refuse(current, ErrorCodes.VerificationAlreadyDone, "The new contact was verified already.")
                        : null;
                default:
                    return Refuse(current, ErrorCodes.VerificationNotRequired, "This destination does not take a code in this step.");
            }
        }

        /// <summary>After one item verified: move on when every remaining item is verified, else stay.</summary>
        private Decision ItemVerified(ResetCase verified, string eventType, string? detail) =>
            (verified.VerifiedItems & verified.RemainingItems) == verified.RemainingItems
                ? Verified(verified, VerificationMethod.Codes, eventType, detail)
                : Decision.Accept(Advance(verified, CaseState.VerifyingItems), Event(eventType, detail));

        /// <summary>Verification passed: ask the policy for the steps and move to the first one.</summary>
        private Decision Verified(ResetCase verified, VerificationMethod method, string eventType, string? detail)
        {
            var context = new StepPolicyContext(verified.SelectedItems, verified.RemainingItems, verified.Account.Kyc, method);
            var steps = Options.StepPolicy.Decide(context) & RequiredSteps.All;
            if (method == VerificationMethod.NothingRemained)
            {
                // Nothing was verified: whatever the policy says, the reviewer gets identity evidence to judge.
                steps |= RequiredSteps.IdentityVerification;
            }

            var next = verified with { VerificationMethod = method, RequiredSteps = steps };
            var version = current.Version + 1;
            var events = new[]
            {
                new CaseEvent(current.Id, version, eventType, now, actor, detail),
                new CaseEvent(current.Id, version, CaseEventTypes.VerificationCompleted, now, actor, $"{method}:{steps}"),
            };
            return Decision.Accept(Advance(next, FirstOpenStep(next)), events);
        }

        /// <summary>After a step completed in its own state: move to the next required one.</summary>
        private Decision MoveOn(ResetCase changed, string eventType, string? detail) =>
            current.State == CaseState.InformationRequested
                ? Decision.Accept(Advance(changed, CaseState.InformationRequested), Event(eventType, detail))
                : Decision.Accept(Advance(changed, FirstOpenStep(changed)), Event(eventType, detail));

        /// <summary>Marks an amendment when the reviewer asked for one; <see langword="null"/> when they did not ask for this item.</summary>
        private ResetCase? Amend(AmendableItems item)
        {
            if (current.State != CaseState.InformationRequested)
            {
                return current;
            }

            return (current.RequestedAmendments & item) == 0 ? null : current with { Amended = current.Amended | item };
        }

        private static CaseState FirstOpenStep(ResetCase c)
        {
            if ((c.RequiredSteps & RequiredSteps.Questionnaire) != 0 && c.Questionnaire is null)
            {
                return CaseState.Questionnaire;
            }

            if ((c.RequiredSteps & RequiredSteps.SupplementaryProofs) != 0 && c.Proofs.IsDefaultOrEmpty)
            {
                return CaseState.SupplementaryProofs;
            }

            return (c.RequiredSteps & RequiredSteps.IdentityVerification) != 0 ? CaseState.IdentityVerification : CaseState.ReadyToSubmit;
        }

        private ResetCase Advance(ResetCase next, CaseState destination)
        {
            if (!CaseWorkflow.Table.Leads(current.State, trigger, destination))
            {
                throw new InvalidOperationException($"The transition table does not lead from {current.State} to {destination}.");
            }

            return next with { State = destination, Version = current.Version + 1 };
        }

        private static ResetCase WithChallenge(ResetCase c, CodeChallenge challenge)
        {
            var index = -1;
            for (var i = 0; i < c.Challenges.Length; i++)
            {
                if (c.Challenges[i].Target == challenge.Target)
                {
                    index = i;
                }
            }

            return c with { Challenges = index < 0 ? c.Challenges.Add(challenge) : c.Challenges.SetItem(index, challenge) };
        }

        private static bool SameFingerprint(string a, string b) =>
            CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(a.AsSpan()), MemoryMarshal.AsBytes(b.AsSpan()));

        private static bool IsSameDocument(IdentityDocumentReference kyc, IdentityDocumentReference given) =>
            kyc.Type == given.Type
            && string.Equals(kyc.IssuingCountry, given.IssuingCountry, StringComparison.OrdinalIgnoreCase)
            && SameFingerprint(kyc.NumberFingerprint, given.NumberFingerprint);

        private CaseEvent Event(string type, string? detail) => new(current.Id, current.Version + 1, type, now, actor, detail);
    }
}
