using System.Collections.Concurrent;
using SecurityReset.Ports;

namespace SecurityReset.InMemory;

/// <summary>
/// An account directory in process memory: add accounts with <see cref="Add"/>; applied resets change them and
/// are recorded in <see cref="AppliedResets"/>. For tests and samples. Thread-safe.
/// </summary>
public sealed class InMemoryAccountDirectory : IAccountDirectory
{
    private readonly ConcurrentDictionary<string, Entry> _accounts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<CaseId, ResetInstruction> _applied = new();

    /// <summary>The resets applied, by case.</summary>
    public IReadOnlyDictionary<CaseId, ResetInstruction> AppliedResets => _applied;

    /// <summary>Adds or replaces an account.</summary>
    /// <param name="account">The account.</param>
    /// <param name="authenticatorSecret">Its authenticator secret, when one is bound.</param>
    /// <param name="facts">The questionnaire facts.</param>
    /// <returns>This directory.</returns>
    public InMemoryAccountDirectory Add(AccountRecord account, byte[]? authenticatorSecret = null, QuestionnaireAnswers? facts = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        _accounts[account.AccountId] = new Entry(account, authenticatorSecret, facts);
        return this;
    }

    /// <summary>The account as it is now.</summary>
    /// <param name="accountId">The account id.</param>
    /// <returns>The account, or <see langword="null"/>.</returns>
    public AccountRecord? Find(string accountId) => _accounts.TryGetValue(accountId, out var entry) ? entry.Account : null;

    /// <inheritdoc />
    public Task<string?> ResolveAccountIdAsync(string identifier, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var entry in _accounts.Values)
        {
            if (Matches(ContactKind.Email, entry.Account.Email, identifier) || Matches(ContactKind.Phone, entry.Account.Phone, identifier))
            {
                return Task.FromResult<string?>(entry.Account.AccountId);
            }
        }

        return Task.FromResult<string?>(null);
    }

    /// <inheritdoc />
    public Task<AccountRecord?> GetAccountAsync(string accountId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Find(accountId));
    }

    /// <inheritdoc />
    public Task<byte[]?> GetAuthenticatorSecretAsync(string accountId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_accounts.TryGetValue(accountId, out var entry) && entry.Account.AuthenticatorBound ? entry.Secret : null);
    }

    /// <inheritdoc />
    public Task<QuestionnaireAnswers?> GetQuestionnaireFactsAsync(string accountId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_accounts.TryGetValue(accountId, out var entry) ? entry.Facts : null);
    }

    /// <inheritdoc />
    public Task ApplyResetAsync(ResetInstruction instruction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instruction);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_accounts.ContainsKey(instruction.AccountId))
        {
            // Checked before the case is recorded as applied: a retry must fail the same way, not pass as done.
            throw new InvalidOperationException("The account does not exist.");
        }

        if (!_applied.TryAdd(instruction.CaseId, instruction))
        {
            return Task.CompletedTask; // Applied once per case.
        }

        _accounts.AddOrUpdate(
            instruction.AccountId,
            _ => throw new InvalidOperationException("The account does not exist."),
            (_, entry) =>
            {
                var account = entry.Account;
                var unbind = instruction.Unbind;
                account = account with
                {
                    Email = (unbind & SecurityItems.Email) != 0 ? null : account.Email,
                    Phone = (unbind & SecurityItems.Phone) != 0 ? null : account.Phone,
                    AuthenticatorBound = (unbind & SecurityItems.Authenticator) == 0 && account.AuthenticatorBound,
                };
                account = instruction.NewContactKind switch
                {
                    ContactKind.Email => account with { Email = instruction.NewContactAddress },
                    ContactKind.Phone => account with { Phone = instruction.NewContactAddress },
                    _ => account,
                };
                return entry with { Account = account, Secret = account.AuthenticatorBound ? entry.Secret : null };
            });
        return Task.CompletedTask;
    }

    private static bool Matches(ContactKind kind, string? bound, string identifier) =>
        bound is not null && ContactNormalizer.TryNormalize(kind, bound, out var normalized) && string.Equals(normalized, identifier, StringComparison.Ordinal);

    private sealed record Entry(AccountRecord Account, byte[]? Secret, QuestionnaireAnswers? Facts);
}
