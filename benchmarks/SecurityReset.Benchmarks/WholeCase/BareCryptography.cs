using System.Security.Cryptography;
using System.Text;
using SecurityReset.Benchmarks.Support;

namespace SecurityReset.Benchmarks.WholeCase;

/// <summary>
/// The cryptography the happy path of <see cref="HappyPath"/> cannot do without, done directly with the same
/// primitives and keys as the library, on inputs encoded beforehand and into stack buffers:
/// <list type="bullet">
/// <item>the case id: 16 bytes from the CSPRNG (<see cref="Guid.NewGuid"/>);</item>
/// <item>4 HMAC-SHA256 fingerprints: the bound email and phone (the account snapshot), the new email, the document number;</item>
/// <item>3 codes (bound email, bound phone, new email): 6 digits each from <see cref="RandomNumberGenerator.GetInt32(int)"/>,
/// the HMAC-SHA256 stored for each, and at verification the HMAC-SHA256 again and a constant-time compare;</item>
/// <item>the new contact: one AES-256-GCM seal (12-byte nonce from the CSPRNG) and two unseals (code delivery and
/// applying the reset), each with its own <see cref="AesGcm"/> as the library does;</item>
/// <item>the constant-time compare of the anti-phishing code;</item>
/// <item>what the record and the outbox add, in the numbers a <see cref="CryptoCensus"/> counted on the same path: an
/// HMAC-SHA256 over every snapshot written and, with a constant-time compare, over every snapshot read; an HMAC-SHA256
/// seal per audit event written and again when the reset job verifies the trail; an AES-256-GCM seal per outbox message and an unseal
/// per delivery; 32 CSPRNG bytes and an HMAC-SHA256 per applicant credential issued, and an HMAC-SHA256 with a
/// constant-time compare per credential presented; 32 CSPRNG bytes and an HMAC-SHA256 per notification's dispute
/// token.</item>
/// </list>
/// Not included: HKDF (the keys are derived once, when the service is built, not per case); no TOTP (this path
/// resets the authenticator, so none is checked); base64 and UTF-8 encoding; and the HMAC-SHA256 of every request
/// that the service's idempotency support computes, which is the library's own cost.
/// </summary>
internal sealed class BareCryptography
{
    private const int TagBytes = 16;
    private const int NonceBytes = 12;
    private const int CodeLength = 6;

    private readonly byte[] _codeKey;
    private readonly byte[] _fingerprintKey;
    private readonly byte[] _sealKey;
    private readonly byte[][] _fingerprintInputs;
    private readonly byte[] _newContact;
    private readonly byte[] _antiPhishing;
    private readonly byte[] _antiPhishingKnown;
    private readonly CryptoCensus _census;
    private readonly byte[] _snapshotKey;
    private readonly byte[] _trailKey;
    private readonly byte[] _credentialKey;
    private readonly byte[] _disputeKey;
    private readonly byte[] _snapshot;
    private readonly byte[] _message;
    private readonly byte[] _event = new byte[EventBytes];

    /// <summary>The fields an audit event's seal covers: the previous seal, the case id, version, type, time, actor and detail.</summary>
    private const int EventBytes = 160;

    public BareCryptography(CryptoCensus census)
    {
        _census = census;
        var secret = Convert.FromBase64String(Fixtures.SecretKey);
        _codeKey = Derive(secret, "securityreset/code-hash/v1");
        _fingerprintKey = Derive(secret, "securityreset/fingerprint/v1");
        _sealKey = Derive(secret, "securityreset/seal/v1");
        _snapshotKey = Derive(secret, "securityreset/snapshot-mac/v1");
        _trailKey = Derive(secret, "securityreset/audit-trail/v1");
        _credentialKey = Derive(secret, "securityreset/applicant-credential/v1");
        _disputeKey = Derive(secret, "securityreset/dispute-token/v1");
        _snapshot = RandomNumberGenerator.GetBytes(census.SnapshotBytes);
        _message = RandomNumberGenerator.GetBytes(census.MessageBytes);
        _fingerprintInputs =
        [
            Encoding.UTF8.GetBytes($"email\n{Fixtures.Email}"),
            Encoding.UTF8.GetBytes($"phone\n{Fixtures.Phone}"),
            Encoding.UTF8.GetBytes($"email\n{Fixtures.NewEmail}"),
            Encoding.UTF8.GetBytes("document/NationalId/DE\nL01X00T47"),
        ];
        _newContact = Encoding.UTF8.GetBytes(Fixtures.NewEmail);
        _antiPhishing = Encoding.UTF8.GetBytes(Fixtures.AntiPhishing);
        _antiPhishingKnown = Encoding.UTF8.GetBytes(Fixtures.AntiPhishing);
    }

    /// <summary>Does one case's cryptography; returns a byte of the results so nothing is optimised away.</summary>
    public int Run()
    {
        Span<byte> mac = stackalloc byte[32];
        Span<byte> check = stackalloc byte[32];
        var result = 0;

        var caseId = Guid.NewGuid();

        foreach (var input in _fingerprintInputs)
        {
            HMACSHA256.HashData(_fingerprintKey, input, mac);
            result ^= mac[0];
        }

        // case id (16) | target (1) | code (ASCII digits), as the library hashes it.
        Span<byte> message = stackalloc byte[16 + 1 + CodeLength];
        caseId.TryWriteBytes(message);
        for (byte target = 0; target < 3; target++)
        {
            message[16] = target;
            for (var i = 0; i < CodeLength; i++)
            {
                message[17 + i] = (byte)('0' + RandomNumberGenerator.GetInt32(10));
            }

            HMACSHA256.HashData(_codeKey, message, mac);
            HMACSHA256.HashData(_codeKey, message, check);
            result ^= CryptographicOperations.FixedTimeEquals(mac, check) ? 1 : 0;
        }

        Span<byte> sealedContact = stackalloc byte[NonceBytes + 64 + TagBytes];
        var length = _newContact.Length;
        var nonce = sealedContact[..NonceBytes];
        var cipher = sealedContact.Slice(NonceBytes, length);
        var tag = sealedContact.Slice(NonceBytes + length, TagBytes);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(_sealKey, TagBytes))
        {
            aes.Encrypt(nonce, _newContact, cipher, tag);
        }

        Span<byte> plain = stackalloc byte[64];
        for (var unseal = 0; unseal < 2; unseal++)
        {
            using var aes = new AesGcm(_sealKey, TagBytes);
            aes.Decrypt(nonce, cipher, tag, plain[..length]);
            result ^= plain[0];
        }

        result ^= CryptographicOperations.FixedTimeEquals(_antiPhishing, _antiPhishingKnown) ? 1 : 0;
        return result ^ RecordAndOutbox(mac, check);
    }

    private int RecordAndOutbox(Span<byte> mac, Span<byte> check)
    {
        var c = _census;
        var result = 0;
        for (var i = 0; i < c.SnapshotsWritten; i++)
        {
            HMACSHA256.HashData(_snapshotKey, _snapshot, mac);
            result ^= mac[0];
        }

        for (var i = 0; i < c.SnapshotsRead; i++)
        {
            HMACSHA256.HashData(_snapshotKey, _snapshot, check);
            result ^= CryptographicOperations.FixedTimeEquals(mac, check) ? 1 : 0;
        }

        for (var i = 0; i < c.EventsSealed + c.EventsVerified; i++)
        {
            HMACSHA256.HashData(_trailKey, _event, mac);
            result ^= mac[0];
        }

        Span<byte> secret = stackalloc byte[32];
        for (var i = 0; i < c.CredentialsIssued; i++)
        {
            RandomNumberGenerator.Fill(secret);
            HMACSHA256.HashData(_credentialKey, secret, mac);
        }

        for (var i = 0; i < c.CredentialChecks; i++)
        {
            HMACSHA256.HashData(_credentialKey, secret, check);
            result ^= CryptographicOperations.FixedTimeEquals(mac, check) ? 1 : 0;
        }

        for (var i = 0; i < c.DisputeTokens; i++)
        {
            RandomNumberGenerator.Fill(secret);
            HMACSHA256.HashData(_disputeKey, secret, mac);
            result ^= mac[0];
        }

        var sealedMessage = new byte[NonceBytes + _message.Length + TagBytes];
        var nonce = sealedMessage.AsSpan(0, NonceBytes);
        var cipher = sealedMessage.AsSpan(NonceBytes, _message.Length);
        var tag = sealedMessage.AsSpan(NonceBytes + _message.Length);
        for (var i = 0; i < c.MessagesSealed; i++)
        {
            RandomNumberGenerator.Fill(nonce);
            using var aes = new AesGcm(_sealKey, TagBytes);
            aes.Encrypt(nonce, _message, cipher, tag);
        }

        var plain = new byte[_message.Length];
        for (var i = 0; i < c.MessagesOpened; i++)
        {
            using var aes = new AesGcm(_sealKey, TagBytes);
            aes.Decrypt(nonce, cipher, tag, plain);
            result ^= plain[0];
        }

        return result;
    }

    private static byte[] Derive(byte[] secret, string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, salt: null, info: Encoding.UTF8.GetBytes(purpose));
}
