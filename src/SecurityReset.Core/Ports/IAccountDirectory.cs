namespace SecurityReset.Ports;

/// <summary>The host's accounts. Thread-safe.</summary>
public interface IAccountDirectory
{
    /// <summary>The account an identifier typed on a logged-out screen belongs to.</summary>
    /// <param name="identifier">The normalised email address or E.164 phone number.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The account id, or <see langword="null"/> when no account matches.</returns>
    Task<string?> ResolveAccountIdAsync(string identifier, CancellationToken cancellationToken);

    /// <summary>An account, or <see langword="null"/> when it does not exist.</summary>
    /// <param name="accountId">The account id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The account.</returns>
    Task<AccountRecord?> GetAccountAsync(string accountId, CancellationToken cancellationToken);

    /// <summary>The authenticator's shared secret (raw bytes), or <see langword="null"/> when none is bound.</summary>
    /// <param name="accountId">The account id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The secret.</returns>
    Task<byte[]?> GetAuthenticatorSecretAsync(string accountId, CancellationToken cancellationToken);

    /// <summary>The account's real answers to the questionnaire, which the applicant's are scored against.</summary>
    /// <param name="accountId">The account id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The facts, or <see langword="null"/> when none are known.</returns>
    Task<QuestionnaireAnswers?> GetQuestionnaireFactsAsync(string accountId, CancellationToken cancellationToken);

    /// <summary>Applies an approved reset. Must be idempotent per <see cref="ResetInstruction.CaseId"/>, and must never sign anyone in.</summary>
    /// <param name="instruction">What to change.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    Task ApplyResetAsync(ResetInstruction instruction, CancellationToken cancellationToken);
}
