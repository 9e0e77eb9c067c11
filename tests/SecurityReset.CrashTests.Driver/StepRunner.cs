namespace SecurityReset.CrashTests.Driver;

/// <summary>What a step answered: the case as it stands after it, and the credential the applicant holds now.</summary>
public sealed record StepOutcome(CaseId CaseId, string? Credential, CaseState State, long Version, string? Error);

/// <summary>Runs scenario steps through the service, as a host does one request at a time, keeping the applicant's credential.</summary>
public sealed class StepRunner(DriverHost host)
{
    private CaseId _caseId;
    private string? _credential;

    /// <summary>Takes up a case where the last process left it.</summary>
    public void Resume(CaseId caseId, string? credential)
    {
        _caseId = caseId;
        _credential = credential;
    }

    public async Task<StepOutcome> RunAsync(ScenarioKind kind, int n, int index, CancellationToken cancellationToken)
    {
        var step = Scenarios.Steps(kind)[index];
        var account = Scenarios.Account(kind, n);
        var key = Scenarios.Key(kind, n, index);
        var s = host.Service;
        var access = new ApplicantAccess(_caseId, _credential ?? "none");
        var now = host.Clock.GetUtcNow();
        ResetResult<ApplicantCaseView> applicant;
        switch (step.Action)
        {
            case StepAction.Dispatch:
                while (await s.DispatchAsync(50, cancellationToken).ConfigureAwait(false) > 0)
                {
                }

                var stored = await host.Store.LoadAsync(_caseId, cancellationToken).ConfigureAwait(false);
                return new StepOutcome(_caseId, _credential, stored!.State, stored.Version, null);
            case StepAction.Claim:
                return Reviewer(await s.ClaimAsync(_caseId, DriverHost.ReviewerId, key, cancellationToken).ConfigureAwait(false));
            case StepAction.Approve:
                return Reviewer(await s.ApproveAsync(_caseId, DriverHost.ReviewerId, key, cancellationToken).ConfigureAwait(false));
            case StepAction.Open:
                applicant = await s.OpenCaseAsync(OpenCaseRequest.SignedIn(account.Record.AccountId, Channel.Web), key, cancellationToken).ConfigureAwait(false);
                break;
            case StepAction.SelectItems:
                var lost = kind == ScenarioKind.Codes ? SecurityItems.Authenticator | SecurityItems.Phone : SecurityItems.Email;
                applicant = await s.SelectItemsAsync(access, lost, key, cancellationToken).ConfigureAwait(false);
                break;
            case StepAction.RequestEmailCode:
                applicant = await s.RequestCodeAsync(access, VerificationTarget.BoundEmail, key, cancellationToken).ConfigureAwait(false);
                break;
            case StepAction.VerifyEmailCode:
                applicant = await s.VerifyCodeAsync(access, VerificationTarget.BoundEmail, host.LastCode(_caseId, account.Record.Email!) ?? "000000", key, cancellationToken).ConfigureAwait(false);
                break;
            case StepAction.Questionnaire:
                applicant = await s.AnswerQuestionnaireAsync(access, Scenarios.Answers(account), key, cancellationToken).ConfigureAwait(false);
                break;
            case StepAction.Proofs:
                applicant = await s.ProvideProofsAsync(access, Scenarios.Proofs(), key, cancellationToken).ConfigureAwait(false);
                break;
            case StepAction.NewContact:
                applicant = await s.SetNewContactAsync(access, ContactKind.Email, account.NewEmail, key, cancellationToken).ConfigureAwait(false);
                break;
            case StepAction.RequestNewContactCode:
                applicant = await s.RequestCodeAsync(access, VerificationTarget.NewContact, key, cancellationToken).ConfigureAwait(false);
                break;
            case StepAction.VerifyNewContactCode:
                applicant = await s.VerifyCodeAsync(access, VerificationTarget.NewContact, host.LastCode(_caseId, account.NewEmail) ?? "000000", key, cancellationToken).ConfigureAwait(false);
                break;
            case StepAction.Document:
                applicant = await s.SubmitDocumentAsync(access, Scenarios.Document(), key, cancellationToken).ConfigureAwait(false);
                break;
            case StepAction.Video:
                applicant = await s.SubmitVideoAsync(access, Scenarios.Video(account, now), key, cancellationToken).ConfigureAwait(false);
                break;
            case StepAction.Terms:
                applicant = await s.AcceptTermsAsync(access, "2026-11", key, cancellationToken).ConfigureAwait(false);
                break;
            case StepAction.FaceScan:
                // The vendor's session for this case, passed: registered again by every process, as the vendor keeps it.
                var session = "scan-" + account.Record.AccountId;
                host.Identity.RegisterFaceScan(account.Record.AccountId, _caseId, session, passed: true);
                applicant = await s.RecordFaceScanAsync(access, session, key, cancellationToken).ConfigureAwait(false);
                break;
            case StepAction.Submit:
                applicant = await s.SubmitAsync(access, key, cancellationToken).ConfigureAwait(false);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(index), step.Action, "Unknown step.");
        }

        if (applicant.View is { } view)
        {
            _caseId = view.Id;
            _credential = view.Access?.Credential ?? _credential;
            return new StepOutcome(_caseId, _credential, view.State, view.Version, applicant.ErrorCode);
        }

        return new StepOutcome(_caseId, _credential, default, 0, applicant.ErrorCode ?? "no view");
    }

    private StepOutcome Reviewer(ResetResult<ReviewerCaseView> result) =>
        result.View is { } view
            ? new StepOutcome(_caseId, _credential, view.State, view.Version, result.ErrorCode)
            : new StepOutcome(_caseId, _credential, default, 0, result.ErrorCode ?? "no view");
}
