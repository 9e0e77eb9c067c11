using SecurityReset.Tests.TestSupport;

namespace SecurityReset.Tests.Verification;

public sealed class CodeHasherTests
{
    private static readonly CaseId CaseA = new(Guid.Parse("0195a1b2-c3d4-7e5f-8a9b-00000000000a"));
    private static readonly CaseId CaseB = new(Guid.Parse("0195a1b2-c3d4-7e5f-8a9b-00000000000b"));

    private static CodeHasher Hasher(string? secret = null) => new(new SecretKeyring(secret ?? TestSecrets.SecretKey).CodeKey);

    [Fact]
    public void A_code_of_eighteen_digits_the_longest_the_hash_takes_whole_matches_itself_only()
    {
        var hasher = Hasher();
        var code = "123456789012345678";
        var hash = hasher.Hash(CaseA, VerificationTarget.BoundEmail, code);

        Assert.True(hasher.Matches(CaseA, VerificationTarget.BoundEmail, code, hash));
        Assert.False(hasher.Matches(CaseA, VerificationTarget.BoundEmail, code[..17] + "9", hash));
    }

    [Fact]
    public void A_hash_matches_its_own_code_only()
    {
        var hasher = Hasher();
        var hash = hasher.Hash(CaseA, VerificationTarget.BoundEmail, "123456");

        Assert.True(hasher.Matches(CaseA, VerificationTarget.BoundEmail, "123456", hash));
        Assert.False(hasher.Matches(CaseA, VerificationTarget.BoundEmail, "123457", hash));
        Assert.False(hasher.Matches(CaseA, VerificationTarget.BoundPhone, "123456", hash));
        Assert.False(hasher.Matches(CaseB, VerificationTarget.BoundEmail, "123456", hash));
    }

    [Fact]
    public void A_hash_is_a_keyed_32_byte_value_that_does_not_show_the_code()
    {
        var hash = Hasher().Hash(CaseA, VerificationTarget.BoundEmail, "123456");

        Assert.Equal(32, Convert.FromBase64String(hash).Length);
        Assert.DoesNotContain("123456", hash, StringComparison.Ordinal);
        Assert.Equal(hash, Hasher().Hash(CaseA, VerificationTarget.BoundEmail, "123456"));
        var otherKey = Convert.ToBase64String(Enumerable.Repeat((byte)7, 32).ToArray());
        Assert.NotEqual(hash, Hasher(otherKey).Hash(CaseA, VerificationTarget.BoundEmail, "123456"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("AAAA")]
    public void A_malformed_stored_hash_never_matches(string stored)
    {
        Assert.False(Hasher().Matches(CaseA, VerificationTarget.BoundEmail, "123456", stored));
    }

    [Fact]
    public void The_keyring_derives_distinct_keys_per_purpose()
    {
        var keyring = new SecretKeyring(TestSecrets.SecretKey);
        byte[][] keys = [keyring.CodeKey, keyring.FingerprintKey, keyring.SealKey, keyring.IdempotencyKey];

        Assert.All(keys, k => Assert.Equal(32, k.Length));
        Assert.Equal(4, keys.Select(Convert.ToBase64String).Distinct().Count());
        Assert.DoesNotContain(keys, k => k.SequenceEqual(Convert.FromBase64String(TestSecrets.SecretKey)));
    }
}
