using SecurityReset.InMemory;
using SecurityReset.Ports;

namespace SecurityReset.CrashTests.Driver;

/// <summary>The in-memory account directory, with every reset it is asked to apply journaled before it applies it (<c>reset</c>).</summary>
internal sealed class JournaledDirectory(InMemoryAccountDirectory inner, Journal? journal) : IAccountDirectory
{
    public Task<string?> ResolveAccountIdAsync(string identifier, CancellationToken cancellationToken) => inner.ResolveAccountIdAsync(identifier, cancellationToken);

    public Task<AccountRecord?> GetAccountAsync(string accountId, CancellationToken cancellationToken) => inner.GetAccountAsync(accountId, cancellationToken);

    public Task<byte[]?> GetAuthenticatorSecretAsync(string accountId, CancellationToken cancellationToken) => inner.GetAuthenticatorSecretAsync(accountId, cancellationToken);

    public Task<QuestionnaireAnswers?> GetQuestionnaireFactsAsync(string accountId, CancellationToken cancellationToken) => inner.GetQuestionnaireFactsAsync(accountId, cancellationToken);

    public Task ApplyResetAsync(ResetInstruction instruction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instruction);
        journal?.Append("reset", instruction.CaseId.ToString(), instruction.AccountId);
        return inner.ApplyResetAsync(instruction, cancellationToken);
    }
}
