using System.Collections.Immutable;

namespace SecurityReset;

/// <summary>
/// The deployment's keys: one <see cref="KeyGeneration"/> per configured secret, the current one first. New data is
/// sealed, hashed and fingerprinted with <see cref="Current"/>; data made under a previous secret is still verified and
/// opened with the generation its key id names (or, for values that carry no key id, with each generation in turn).
/// The per-purpose properties are the current generation's. Thread-safe: read-only after construction.
/// </summary>
internal sealed class SecretKeyring
{
    public SecretKeyring(string secretKeyBase64, IEnumerable<string>? previousSecretKeysBase64 = null)
    {
        var generations = new List<KeyGeneration> { new(secretKeyBase64) };
        foreach (var previous in previousSecretKeysBase64 ?? [])
        {
            var generation = new KeyGeneration(previous);
            if (!generations.Exists(g => g.Id == generation.Id))
            {
                generations.Add(generation);
            }
        }

        All = [.. generations];
    }

    /// <summary>The generation new data uses.</summary>
    public KeyGeneration Current => All[0];

    /// <summary>Every generation, the current one first.</summary>
    public ImmutableArray<KeyGeneration> All { get; }

    public byte[] CodeKey => Current.CodeKey;

    public byte[] FingerprintKey => Current.FingerprintKey;

    public byte[] SealKey => Current.SealKey;

    public byte[] IdempotencyKey => Current.IdempotencyKey;

    public byte[] CredentialKey => Current.CredentialKey;

    /// <summary>Keys the hashes of the "this wasn't me" tokens notices carry.</summary>
    public byte[] DisputeKey => Current.DisputeKey;

    /// <summary>Keys the seals that chain a case's audit events, each to the one before.</summary>
    public byte[] TrailKey => Current.TrailKey;

    /// <summary>The generation with a key id, or <see langword="null"/> when no configured secret has it.</summary>
    public KeyGeneration? Find(ReadOnlySpan<char> id)
    {
        foreach (var generation in All)
        {
            if (id.SequenceEqual(generation.Id))
            {
                return generation;
            }
        }

        return null;
    }
}
