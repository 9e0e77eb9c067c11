using System.Security.Cryptography;
using System.Text;
using SecurityReset.Tests.TestSupport;

namespace SecurityReset.Tests.Verification;

/// <summary>Sealed values: a fresh nonce each time, bound to their purpose, and refused with a cryptographic error when cut, altered or missing.</summary>
public sealed class PersonalDataProtectorTests
{
    private static readonly CaseId Case = new(Guid.Parse("0195a1b2-c3d4-7e5f-8a9b-00000000000c"));
    private static readonly byte[] Bound = Encoding.UTF8.GetBytes("securityreset/test");
    private static readonly PersonalDataProtector Protector = new(new SecretKeyring(TestSecrets.SecretKey));

    [Fact]
    public void The_same_value_sealed_twice_gives_different_bytes_that_both_open()
    {
        var plain = Encoding.UTF8.GetBytes("new@example.com");
        var first = Protector.Seal(plain, Bound);
        var second = Protector.Seal(plain, Bound);

        Assert.NotEqual(first, second);
        Assert.NotEqual(first.AsSpan(0, 12).ToArray(), second.AsSpan(0, 12).ToArray());
        Assert.Equal(plain, Protector.Unseal(first, Bound));
        Assert.Equal(plain, Protector.Unseal(second, Bound));
    }

    [Fact]
    public void An_empty_value_seals_and_opens()
    {
        Assert.Empty(Protector.Unseal(Protector.Seal([], Bound), Bound));
    }

    [Fact]
    public void Sealed_bytes_shorter_than_a_nonce_and_a_tag_are_refused_as_truncated()
    {
        var sealedBytes = Protector.Seal([], Bound);

        var thrown = Assert.Throws<CryptographicException>(() => Protector.Unseal(sealedBytes.AsSpan(1).ToArray(), Bound));
        Assert.Contains("truncated", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Altered_bytes_or_other_bound_data_are_refused_with_a_cryptographic_error()
    {
        var sealedBytes = Protector.Seal(Encoding.UTF8.GetBytes("new@example.com"), Bound);
        var altered = (byte[])sealedBytes.Clone();
        altered[^1] ^= 1;

        Assert.ThrowsAny<CryptographicException>(() => Protector.Unseal(altered, Bound));
        Assert.ThrowsAny<CryptographicException>(() => Protector.Unseal(sealedBytes, Encoding.UTF8.GetBytes("securityreset/other")));
    }

    [Fact]
    public void A_contact_with_nothing_sealed_is_refused_not_opened()
    {
        var contact = Protector.ProtectNewContact(Case, ContactKind.Email, "new@example.com") with { Sealed = null };

        Assert.Contains("not sealed", Assert.Throws<CryptographicException>(() => Protector.UnsealNewContact(Case, contact)).Message, StringComparison.Ordinal);
        Assert.Contains("not sealed", Assert.Throws<CryptographicException>(() => Protector.ResealNewContact(Case, contact, out _)).Message, StringComparison.Ordinal);
    }
}
