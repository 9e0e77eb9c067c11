
namespace SecurityReset.Ports;

/// <summary>
/// What an approved case asks the directory to do: unbind the selected items, bind the verified new contact,
/// revoke sessions, block withdrawals until the given time. The directory must apply it idempotently per case.
/// </summary>
/// <param name="CaseId">The case; use it as the idempotency key of the change.</param>
/// <param name="AccountId">The account.</param>
/// <param name="Unbind">The items to unbind.</param>
/// <param name="NewContactKind">The kind of the new contact, or <see langword="null"/> when none.</param>
/// <param name="NewContactAddress">The verified new contact in clear, or <see langword="null"/>.</param>
/// <param name="WithdrawalsProtectedUntil">Until when withdrawals stay blocked.</param>
public sealed record ResetInstruction(
    CaseId CaseId,
    string AccountId,
    SecurityItems Unbind,
    ContactKind? NewContactKind,
    string? NewContactAddress,
    DateTimeOffset WithdrawalsProtectedUntil)
{
    /// <summary>Never shows the new address.</summary>
    /// <returns>A safe description.</returns>
    public override string ToString() => $"ResetInstruction {{ CaseId = {CaseId}, Unbind = {Unbind}, NewContactKind = {NewContactKind} }}";
}
