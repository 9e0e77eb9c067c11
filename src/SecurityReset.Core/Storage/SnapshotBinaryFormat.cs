using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Text;

namespace SecurityReset.Storage;

/// <summary>
/// The binary payload: a format byte (<see cref="Version2"/> when written now), then every stored field of the
/// snapshot in a fixed order. Integers little-endian (<c>int</c> 4 bytes, <c>long</c> 8), enums as LEB128 of their number, a
/// time as its clock ticks (8 bytes) and its offset in minutes (2 bytes), a GUID as its 16 bytes, strings as UTF-8
/// after a LEB128 of their byte length plus one (0 is <see langword="null"/>), optional parts after a presence byte,
/// lists after a LEB128 count. A payload is written in one pass into an array of its exact size, measured first by
/// the same code. Never change the layout of a version: a new layout gets a new format byte and this reader stays.
/// Enum numbers are persisted here, so the snapshot's enums keep explicit, never-reused numbers. Version 2 is version 1
/// followed by the claim time (optional), the face-scan session fingerprints (a list of texts) and the applicant
/// credential's hash (a text); a version 1 payload reads with none of them.
/// </summary>
internal static class SnapshotBinaryFormat
{
    /// <summary>The first byte of a version 1 payload (a JSON payload starts with <c>{</c>): read, no longer written.</summary>
    public const byte Version1 = 1;

    /// <summary>The first byte of a version 2 payload: read, no longer written.</summary>
    public const byte Version2 = 2;

    /// <summary>The first byte of a version 3 payload (version 2 and the head of the sealed audit trail): the format written now.</summary>
    public const byte Version3 = 3;

    // Strict UTF-8: text that cannot be encoded is refused, never replaced (the validators already refuse lone surrogates).
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The size of the payload of a snapshot, in bytes.</summary>
    public static int Measure(ResetCase resetCase)
    {
        var counter = default(Counter);
        Write(ref counter, resetCase);
        return counter.Length;
    }

    /// <summary>Writes the payload of a snapshot into a span of exactly <see cref="Measure"/> bytes.</summary>
    public static void WriteTo(ResetCase resetCase, Span<byte> destination)
    {
        var writer = new SpanWriter(destination);
        Write(ref writer, resetCase);
        if (writer.Position != destination.Length)
        {
            throw new InvalidOperationException("The payload did not fill the measured size.");
        }
    }

    /// <summary>The snapshot of a version 1, 2 or 3 payload (its first byte included).</summary>
    /// <exception cref="InvalidDataException">The payload is truncated, too long or holds a value no snapshot has.</exception>
    public static ResetCase Read(ReadOnlySpan<byte> payload)
    {
        try
        {
            var reader = new Reader(payload);
            var version = reader.Byte();
            if (version is not (Version1 or Version2 or Version3))
            {
                throw new InvalidDataException("The payload is not of format version 1, 2 or 3.");
            }

            var snapshot = ReadCase(ref reader, version);
            if (reader.Position != payload.Length)
            {
                throw new InvalidDataException("The payload has bytes after the snapshot.");
            }

            return snapshot;
        }
        catch (Exception ex) when (ex is ArgumentException or OverflowException)
        {
            // An out-of-range time, offset, day or number, or bytes that are not UTF-8.
            throw new InvalidDataException("The payload holds a value no snapshot has.", ex);
        }
    }

    private static void Write<TSink>(ref TSink w, ResetCase c)
        where TSink : struct, ISink, allows ref struct
    {
        w.Byte(Version3);
        w.Guid(c.Id.Value);
        w.Int64(c.Version);
        w.Enum((int)c.State);
        w.Enum((int)c.Channel);
        w.Enum((int)c.EntryPoint);
        WriteAccount(ref w, c.Account);
        Time(ref w, c.OpenedAt);
        Time(ref w, c.ExpiresAt);
        OptionalTime(ref w, c.SubmittedAt);
        OptionalTime(ref w, c.DecidedAt);
        w.Enum((int)c.SelectedItems);
        w.Enum((int)c.VerifiedItems);
        w.Enum((int)c.VerificationMethod);
        var challenges = c.Challenges.IsDefault ? ImmutableArray<CodeChallenge>.Empty : c.Challenges;
        w.Count(challenges.Length);
        foreach (var challenge in challenges)
        {
            w.Enum((int)challenge.Target);
            w.Text(challenge.CodeHash);
            Time(ref w, challenge.IssuedAt);
            Time(ref w, challenge.ExpiresAt);
            w.Int32(challenge.CodesIssued);
            w.Int32(challenge.FailedAttempts);
            w.Bool(challenge.Verified);
        }

        w.Bool(c.LastAcceptedTotpStep.HasValue);
        if (c.LastAcceptedTotpStep is { } step)
        {
            w.Int64(step);
        }

        w.Int32(c.AuthenticatorFailures);
        w.Int32(c.FaceScanFailures);
        w.Text(c.FaceScanReference);
        w.Enum((int)c.RequiredSteps);
        w.Bool(c.Questionnaire is not null);
        if (c.Questionnaire is { } questionnaire)
        {
            var answers = questionnaire.Answers;
            Texts(ref w, answers.RecentTrades);
            Texts(ref w, answers.AssetHoldings);
            Texts(ref w, answers.DepositAddresses);
            Texts(ref w, answers.WithdrawalAddresses);
            w.Text(answers.AntiPhishingCode);
            w.Text(answers.Nickname);
            w.Int32(questionnaire.Score.Points);
            w.Int32(questionnaire.Score.MaxPoints);
        }

        var proofs = c.Proofs.IsDefault ? ImmutableArray<SupplementaryProof>.Empty : c.Proofs;
        w.Count(proofs.Length);
        foreach (var proof in proofs)
        {
            w.Enum((int)proof.Kind);
            File(ref w, proof.File);
        }

        OptionalContact(ref w, c.NewContact);
        w.Bool(c.NewContactVerified);
        w.Bool(c.Document is not null);
        if (c.Document is { } document)
        {
            DocumentReference(ref w, document.Reference);
            File(ref w, document.FrontImage);
        }

        w.Bool(c.Video is not null);
        if (c.Video is { } video)
        {
            File(ref w, video.Video);
            var statement = video.Statement;
            w.Text(statement.Uid);
            w.Text(statement.Email);
            w.Text(statement.Phone);
            w.Int32(statement.Date.DayNumber);
            w.Int64(statement.UtcOffset.Ticks);
            w.Text(statement.Reason);
        }

        w.Text(c.AcceptedTermsVersion);
        w.Text(c.ReviewerId);
        w.Text(c.ReasonCode);
        w.Enum((int)c.RequestedAmendments);
        w.Enum((int)c.Amended);
        OptionalTime(ref w, c.WithdrawalsProtectedUntil);

        // Version 2 from here.
        OptionalTime(ref w, c.ClaimedAt);
        var sessions = c.FaceScanSessions.IsDefault ? ImmutableArray<string>.Empty : c.FaceScanSessions;
        w.Count(sessions.Length);
        foreach (var session in sessions)
        {
            w.Text(session);
        }

        w.Text(c.CredentialHash);
        var tokens = c.DisputeTokens.IsDefault ? ImmutableArray<DisputeToken>.Empty : c.DisputeTokens;
        w.Count(tokens.Length);
        foreach (var token in tokens)
        {
            w.Text(token.Hash);
            w.Enum((int)token.Channel);
        }

        var disputes = c.Disputes.IsDefault ? ImmutableArray<DisputeFlag>.Empty : c.Disputes;
        w.Count(disputes.Length);
        foreach (var dispute in disputes)
        {
            w.Enum((int)dispute.Channel);
            w.Text(dispute.MaskedAddress);
            Time(ref w, dispute.At);
            w.Enum((int)dispute.StateAtDispute);
            w.Text(dispute.Reason);
        }

        // Version 3 from here.
        w.Text(c.TrailHead);
    }

    private static void WriteAccount<TSink>(ref TSink w, AccountSnapshot a)
        where TSink : struct, ISink, allows ref struct
    {
        w.Text(a.AccountId);
        OptionalContact(ref w, a.Email);
        OptionalContact(ref w, a.Phone);
        w.Bool(a.AuthenticatorBound);
        w.Enum((int)a.Kyc);
        w.Bool(a.KycDocument is not null);
        if (a.KycDocument is { } document)
        {
            DocumentReference(ref w, document);
        }
    }

    private static void OptionalContact<TSink>(ref TSink w, ProtectedContact? contact)
        where TSink : struct, ISink, allows ref struct
    {
        w.Bool(contact is not null);
        if (contact is not null)
        {
            w.Enum((int)contact.Kind);
            w.Text(contact.Masked);
            w.Text(contact.Fingerprint);
            w.Text(contact.Sealed);
        }
    }

    private static void DocumentReference<TSink>(ref TSink w, IdentityDocumentReference reference)
        where TSink : struct, ISink, allows ref struct
    {
        w.Enum((int)reference.Type);
        w.Text(reference.IssuingCountry);
        w.Text(reference.NumberFingerprint);
    }

    private static void File<TSink>(ref TSink w, EvidenceReference file)
        where TSink : struct, ISink, allows ref struct
    {
        w.Text(file.Id);
        w.Text(file.MediaType);
        w.Int64(file.SizeBytes);
        w.Text(file.Sha256);
    }

    private static void Texts<TSink>(ref TSink w, IReadOnlyList<string> texts)
        where TSink : struct, ISink, allows ref struct
    {
        w.Count(texts.Count);
        for (var i = 0; i < texts.Count; i++)
        {
            w.Text(texts[i]);
        }
    }

    private static void Time<TSink>(ref TSink w, DateTimeOffset time)
        where TSink : struct, ISink, allows ref struct
    {
        w.Int64(time.Ticks);
        w.Int16((short)time.TotalOffsetMinutes);
    }

    private static void OptionalTime<TSink>(ref TSink w, DateTimeOffset? time)
        where TSink : struct, ISink, allows ref struct
    {
        w.Bool(time.HasValue);
        if (time is { } value)
        {
            Time(ref w, value);
        }
    }

    private static ResetCase ReadCase(ref Reader r, byte format)
    {
        var id = new CaseId(r.Guid());
        var version = r.Int64();
        var state = (CaseState)r.Enum();
        var channel = (Channel)r.Enum();
        var entryPoint = (EntryPoint)r.Enum();
        var account = ReadAccount(ref r);
        var openedAt = ReadTime(ref r);
        var expiresAt = ReadTime(ref r);
        var submittedAt = ReadOptionalTime(ref r);
        var decidedAt = ReadOptionalTime(ref r);
        var selected = (SecurityItems)r.Enum();
        var verified = (SecurityItems)r.Enum();
        var method = (VerificationMethod)r.Enum();
        var challenges = new CodeChallenge[r.Count()];
        for (var i = 0; i < challenges.Length; i++)
        {
            challenges[i] = new CodeChallenge(
                (VerificationTarget)r.Enum(),
                r.Text(),
                ReadTime(ref r),
                ReadTime(ref r),
                r.Int32(),
                r.Int32(),
                r.Bool());
        }

        long? totpStep = r.Bool() ? r.Int64() : null;
        var authenticatorFailures = r.Int32();
        var faceScanFailures = r.Int32();
        var faceScanReference = r.Text();
        var requiredSteps = (RequiredSteps)r.Enum();
        QuestionnaireRecord? questionnaire = null;
        if (r.Bool())
        {
            var answers = new QuestionnaireAnswers(ReadTexts(ref r), ReadTexts(ref r), ReadTexts(ref r), ReadTexts(ref r), r.Text(), r.Text());
            questionnaire = new QuestionnaireRecord(answers, new QuestionnaireScore(r.Int32(), r.Int32()));
        }

        var proofs = new SupplementaryProof[r.Count()];
        for (var i = 0; i < proofs.Length; i++)
        {
            proofs[i] = new SupplementaryProof((ProofKind)r.Enum(), ReadFile(ref r));
        }

        var newContact = ReadOptionalContact(ref r);
        var newContactVerified = r.Bool();
        var document = r.Bool() ? new IdentityDocument(ReadDocumentReference(ref r), ReadFile(ref r)) : null;
        VerificationVideo? video = null;
        if (r.Bool())
        {
            var file = ReadFile(ref r);
            video = new VerificationVideo(file, new DeclaredStatement(
                r.RequiredText(), r.RequiredText(), r.RequiredText(), DateOnly.FromDayNumber(r.Int32()), new TimeSpan(r.Int64()), r.RequiredText()));
        }

        return new ResetCase
        {
            Id = id,
            Version = version,
            State = state,
            Channel = channel,
            EntryPoint = entryPoint,
            Account = account,
            OpenedAt = openedAt,
            ExpiresAt = expiresAt,
            SubmittedAt = submittedAt,
            DecidedAt = decidedAt,
            SelectedItems = selected,
            VerifiedItems = verified,
            VerificationMethod = method,
            Challenges = ImmutableCollectionsMarshal.AsImmutableArray(challenges),
            LastAcceptedTotpStep = totpStep,
            AuthenticatorFailures = authenticatorFailures,
            FaceScanFailures = faceScanFailures,
            FaceScanReference = faceScanReference,
            RequiredSteps = requiredSteps,
            Questionnaire = questionnaire,
            Proofs = ImmutableCollectionsMarshal.AsImmutableArray(proofs),
            NewContact = newContact,
            NewContactVerified = newContactVerified,
            Document = document,
            Video = video,
            AcceptedTermsVersion = r.Text(),
            ReviewerId = r.Text(),
            ReasonCode = r.Text(),
            RequestedAmendments = (AmendableItems)r.Enum(),
            Amended = (AmendableItems)r.Enum(),
            WithdrawalsProtectedUntil = ReadOptionalTime(ref r),
            ClaimedAt = format >= Version2 ? ReadOptionalTime(ref r) : null,
            FaceScanSessions = format >= Version2 ? ImmutableCollectionsMarshal.AsImmutableArray(ReadTexts(ref r)) : [],
            CredentialHash = format >= Version2 ? r.Text() : null,
            DisputeTokens = format >= Version2 ? ReadDisputeTokens(ref r) : [],
            Disputes = format >= Version2 ? ReadDisputes(ref r) : [],
            TrailHead = format >= Version3 ? r.Text() : null,
        };
    }

    private static ImmutableArray<DisputeToken> ReadDisputeTokens(ref Reader r)
    {
        var tokens = new DisputeToken[r.Count()];
        for (var i = 0; i < tokens.Length; i++)
        {
            tokens[i] = new DisputeToken(r.RequiredText(), (ContactKind)r.Enum());
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(tokens);
    }

    private static ImmutableArray<DisputeFlag> ReadDisputes(ref Reader r)
    {
        var disputes = new DisputeFlag[r.Count()];
        for (var i = 0; i < disputes.Length; i++)
        {
            disputes[i] = new DisputeFlag((ContactKind)r.Enum(), r.RequiredText(), ReadTime(ref r), (CaseState)r.Enum(), r.RequiredText());
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(disputes);
    }

    /// <summary>The fields version 2 adds after the version 1 layout.</summary>
    private static AccountSnapshot ReadAccount(ref Reader r) => new(
        r.RequiredText(),
        ReadOptionalContact(ref r),
        ReadOptionalContact(ref r),
        r.Bool(),
        (KycLevel)r.Enum(),
        r.Bool() ? ReadDocumentReference(ref r) : null);

    private static ProtectedContact? ReadOptionalContact(ref Reader r) =>
        r.Bool() ? new ProtectedContact((ContactKind)r.Enum(), r.RequiredText(), r.RequiredText(), r.Text()) : null;

    private static IdentityDocumentReference ReadDocumentReference(ref Reader r) =>
        new((DocumentType)r.Enum(), r.RequiredText(), r.RequiredText());

    private static EvidenceReference ReadFile(ref Reader r) => new(r.RequiredText(), r.RequiredText(), r.Int64(), r.RequiredText());

    private static string[] ReadTexts(ref Reader r)
    {
        var texts = new string[r.Count()];
        for (var i = 0; i < texts.Length; i++)
        {
            texts[i] = r.RequiredText();
        }

        return texts;
    }

    private static DateTimeOffset ReadTime(ref Reader r)
    {
        var ticks = r.Int64();
        return new DateTimeOffset(ticks, TimeSpan.FromMinutes(r.Int16()));
    }

    private static DateTimeOffset? ReadOptionalTime(ref Reader r) => r.Bool() ? ReadTime(ref r) : null;

    private static int VarLength(uint value) => value < 0x80 ? 1 : value < 0x4000 ? 2 : value < 0x20_0000 ? 3 : value < 0x1000_0000 ? 4 : 5;

    /// <summary>Where the writing code puts bytes: a counter (the measuring pass) or a span (the writing pass).</summary>
    private interface ISink
    {
        void Byte(byte value);

        void Bool(bool value);

        void Int16(short value);

        void Int32(int value);

        void Int64(long value);

        void Enum(int value);

        void Count(int count);

        void Guid(Guid value);

        void Text(string? value);
    }

    private struct Counter : ISink
    {
        public int Length;

        public void Byte(byte value) => Length++;

        public void Bool(bool value) => Length++;

        public void Int16(short value) => Length += 2;

        public void Int32(int value) => Length += 4;

        public void Int64(long value) => Length += 8;

        public void Enum(int value) => Length += VarLength((uint)value);

        public void Count(int count) => Length += VarLength((uint)count);

        public void Guid(Guid value) => Length += 16;

        public void Text(string? value)
        {
            if (value is null)
            {
                Length++;
                return;
            }

            var bytes = Utf8.GetByteCount(value);
            Length += VarLength((uint)bytes + 1) + bytes;
        }
    }

    private ref struct SpanWriter(Span<byte> destination) : ISink
    {
        private readonly Span<byte> _destination = destination;

        public int Position { get; private set; }

        public void Byte(byte value) => _destination[Position++] = value;

        public void Bool(bool value) => Byte(value ? (byte)1 : (byte)0);

        public void Int16(short value)
        {
            BinaryPrimitives.WriteInt16LittleEndian(_destination[Position..], value);
            Position += 2;
        }

        public void Int32(int value)
        {
            BinaryPrimitives.WriteInt32LittleEndian(_destination[Position..], value);
            Position += 4;
        }

        public void Int64(long value)
        {
            BinaryPrimitives.WriteInt64LittleEndian(_destination[Position..], value);
            Position += 8;
        }

        public void Enum(int value) => VarUInt((uint)value);

        public void Count(int count) => VarUInt((uint)count);

        public void Guid(Guid value)
        {
            value.TryWriteBytes(_destination.Slice(Position, 16));
            Position += 16;
        }

        public void Text(string? value)
        {
            if (value is null)
            {
                Byte(0);
                return;
            }

            var bytes = Utf8.GetByteCount(value);
            VarUInt((uint)bytes + 1);
            Position += Utf8.GetBytes(value, _destination.Slice(Position, bytes));
        }

        private void VarUInt(uint value)
        {
            while (value >= 0x80)
            {
                _destination[Position++] = (byte)(value | 0x80);
                value >>= 7;
            }

            _destination[Position++] = (byte)value;
        }
    }

    private ref struct Reader(ReadOnlySpan<byte> payload)
    {
        private readonly ReadOnlySpan<byte> _payload = payload;

        public int Position { get; private set; }

        public byte Byte() => Position < _payload.Length ? _payload[Position++] : throw Truncated();

        public bool Bool() => Byte() switch
        {
            0 => false,
            1 => true,
            _ => throw new InvalidDataException("A flag of the payload is neither 0 nor 1."),
        };

        public short Int16() => BinaryPrimitives.ReadInt16LittleEndian(Take(2));

        public int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

        public long Int64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

        public int Enum() => checked((int)VarUInt());

        public int Count()
        {
            // Every item takes at least one byte: a count beyond the bytes left is corrupt, and is not allocated.
            var count = VarUInt();
            return count <= (uint)(_payload.Length - Position) ? (int)count : throw Truncated();
        }

        public Guid Guid() => new(Take(16));

        public string? Text()
        {
            var prefix = VarUInt();
            return prefix == 0 ? null : Utf8.GetString(Take(checked((int)(prefix - 1))));
        }

        public string RequiredText() => Text() ?? throw new InvalidDataException("A required text of the payload is missing.");

        private ReadOnlySpan<byte> Take(int length)
        {
            if (length > _payload.Length - Position)
            {
                throw Truncated();
            }

            var taken = _payload.Slice(Position, length);
            Position += length;
            return taken;
        }

        private uint VarUInt()
        {
            uint value = 0;
            for (var shift = 0; shift < 35; shift += 7)
            {
                var b = Byte();
                value |= (uint)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return value;
                }
            }

            throw new InvalidDataException("A number of the payload is too long.");
        }

        private static InvalidDataException Truncated() => new("The payload is truncated.");
    }
}
