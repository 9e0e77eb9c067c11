namespace SecurityReset;

/// <summary>What approving a case will change on the account. Immutable.</summary>
/// <param name="Unbinds">The items the reset unbinds.</param>
/// <param name="NewContactKind">The kind of the contact that becomes the account's new one, once verified; otherwise <see langword="null"/>.</param>
/// <param name="NewContact">That contact, masked; <see langword="null"/> until the applicant verified one.</param>
public sealed record ApprovalPreview(SecurityItems Unbinds, ContactKind? NewContactKind, string? NewContact);
