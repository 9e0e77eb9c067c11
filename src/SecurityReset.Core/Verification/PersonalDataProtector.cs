using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SecurityReset;

/// <summary>
/// Keeps personal data out of stored cases: keyed fingerprints for comparisons, masks for screens, and
/// AES-256-GCM sealing for the one address the case must hand back on approval. Thread-safe.
/// </summary>
internal sealed class PersonalDataProtector(SecretKeyring keys)
{
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    /// <summary>A bound contact as a case keeps it: masked and fingerprinted, never sealed (the directory holds it).</summary>
    public ProtectedContact Protect(ContactKind kind, string normalized) =>
        new(kind, Mask(kind, normalized), ContactFingerprint(kind, normalized), null);

    /// <summary>
    /// The applicant's new contact: masked, fingerprinted, and sealed bound to its case and kind, so a sealed value
    /// copied into another case (or passed off as the other kind) does not open.
    /// </summary>
    public ProtectedContact ProtectNewContact(CaseId caseId, ContactKind kind, string normalized) =>
        new(kind, Mask(kind, normalized), ContactFingerprint(kind, normalized), Convert.ToBase64String(Seal(Encoding.UTF8.GetBytes(normalized), ContactBinding(caseId, kind))));

    /// <summary>Opens the new contact of a case; throws <see cref="CryptographicException"/> when it was sealed for another case or kind, or altered.</summary>
    public string UnsealNewContact(CaseId caseId, ProtectedContact contact) =>
        Encoding.UTF8.GetString(Unseal(Convert.FromBase64String(contact.Sealed ?? throw new CryptographicException("The contact is not sealed.")), ContactBinding(caseId, contact.Kind)));

    /// <summary>
    /// The new contact sealed again under the current key, its mask and fingerprint as they were, and the id of the key
    /// that sealed it; <see langword="null"/> when the current key sealed it already. Throws
    /// <see cref="CryptographicException"/> when no configured key opens it for this case.
    /// </summary>
    public ProtectedContact? ResealNewContact(CaseId caseId, ProtectedContact contact, out string? formerKeyId)
    {
        var binding = ContactBinding(caseId, contact.Kind);
        var resealed = Reseal(Convert.FromBase64String(contact.Sealed ?? throw new CryptographicException("The contact is not sealed.")), binding, out formerKeyId);
        return resealed is null ? null : contact with { Sealed = Convert.ToBase64String(resealed) };
    }

    private static byte[] ContactBinding(CaseId caseId, ContactKind kind) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"securityreset/new-contact/{caseId}/{kind}"));

    /// <summary>
    /// The email and phone of a video statement as the workflow compares them with the bound contacts: normalised as new
    /// contacts are, then fingerprinted as bound contacts are; a blank or invalid field has no fingerprint.
    /// </summary>
    public StatementContacts StatementContactsOf(DeclaredStatement? statement) => statement is null
        ? StatementContacts.None
        : new(TypedFingerprint(ContactKind.Email, statement.Email), TypedFingerprint(ContactKind.Phone, statement.Phone));

    /// <summary>The keyed fingerprint of a normalised contact, as a case keeps it.</summary>
    public string ContactFingerprint(ContactKind kind, string normalized) => Fingerprint(kind == ContactKind.Email ? "email" : "phone", normalized);

    public string Fingerprint(string purpose, string normalized)
    {
        var bytes = Encoding.UTF8.GetBytes($"{purpose}\n{normalized}");
        return Convert.ToBase64String(HMACSHA256.HashData(keys.FingerprintKey, bytes));
    }

    public IdentityDocumentReference Document(DocumentType type, string issuingCountry, string number)
    {
        var country = issuingCountry.Trim().ToUpperInvariant();
        var canonical = new StringBuilder(number.Length);
        foreach (var c in number.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsLetterOrDigit(c))
            {
                canonical.Append(char.ToUpperInvariant(c));
            }
        }

        var purpose = string.Create(CultureInfo.InvariantCulture, $"document/{type}/{country}");
        return new IdentityDocumentReference(type, country, Fingerprint(purpose, canonical.ToString()));
    }

    /// <summary>Seals bytes bound to <paramref name="associated"/>: they open only with the same associated data.</summary>
    public byte[] Seal(ReadOnlySpan<byte> plain, ReadOnlySpan<byte> associated)
    {
        var output = new byte[NonceBytes + plain.Length + TagBytes];
        var nonce = output.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(keys.SealKey, TagBytes);
        aes.Encrypt(nonce, plain, output.AsSpan(NonceBytes, plain.Length), output.AsSpan(NonceBytes + plain.Length), associated);
        return output;
    }

    /// <summary>Opens bytes sealed by <see cref="Seal(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>; throws <see cref="CryptographicException"/> when they were altered or moved.</summary>
    public byte[] Unseal(ReadOnlySpan<byte> sealedBytes, ReadOnlySpan<byte> associated) => Open(sealedBytes, associated, out _);

    /// <summary>
    /// Sealed bytes sealed again under the current key, and the id of the key generation that opened them;
    /// <see langword="null"/> when the current key opens them. Throws <see cref="CryptographicException"/> when no
    /// configured key does.
    /// </summary>
    public byte[]? Reseal(ReadOnlySpan<byte> sealedBytes, ReadOnlySpan<byte> associated, out string? formerKeyId)
    {
        var plain = Open(sealedBytes, associated, out var opener);
        try
        {
            formerKeyId = opener == keys.Current ? null : opener.Id;
            return formerKeyId is null ? null : Seal(plain, associated);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    private byte[] Open(ReadOnlySpan<byte> sealedBytes, ReadOnlySpan<byte> associated, out KeyGeneration opener)
    {
        var length = sealedBytes.Length - NonceBytes - TagBytes;
        if (length < 0)
        {
            throw new CryptographicException("The sealed value is truncated.");
        }

        // Sealed under the current secret or a previous one: the tag tells which opens it.
        var plain = new byte[length];
        CryptographicException? last = null;
        foreach (var generation in keys.All)
        {
            using var aes = new AesGcm(generation.SealKey, TagBytes);
            try
            {
                aes.Decrypt(sealedBytes[..NonceBytes], sealedBytes.Slice(NonceBytes, length), sealedBytes[(NonceBytes + length)..], plain, associated);
                opener = generation;
                return plain;
            }
            catch (AuthenticationTagMismatchException ex)
            {
                last = ex;
            }
        }

        throw last!;
    }

    private string? TypedFingerprint(ContactKind kind, string? typed) =>
        ContactNormalizer.TryNormalize(kind, typed, out var normalized) ? ContactFingerprint(kind, normalized) : null;

    public static string Mask(ContactKind kind, string normalized) =>
        kind == ContactKind.Email ? ContactMask.Email(normalized) : ContactMask.Phone(normalized);
}
