namespace SecurityReset;

/// <summary>
/// A contact address as a case holds it: never in clear. A masked form for screens, a keyed fingerprint of the
/// normalised address for comparisons and, for a new contact that must be bound later, the address sealed with
/// the deployment key. Immutable and thread-safe.
/// </summary>
/// <param name="Kind">Email or phone.</param>
/// <param name="Masked">A form safe to show and log, such as <c>j***@example.com</c>.</param>
/// <param name="Fingerprint">A keyed hash of the normalised address (base64).</param>
/// <param name="Sealed">The address encrypted with the deployment key (base64), or <see langword="null"/> for a bound contact.</param>
internal sealed record ProtectedContact(ContactKind Kind, string Masked, string Fingerprint, string? Sealed = null);
