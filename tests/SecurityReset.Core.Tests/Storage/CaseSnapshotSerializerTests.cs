using System.Collections;
using System.Collections.Immutable;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SecurityReset.Ports;
using SecurityReset.Storage;
using SecurityReset.Tests.Reliability;
using SecurityReset.Tests.TestSupport;
using SecurityReset.Workflow;

namespace SecurityReset.Tests.Storage;

/// <summary>The stored form of a case: every field of the snapshot survives it, and a store's columns must match it.</summary>
public sealed class CaseSnapshotSerializerTests
{
    // Well-formed text only: the validators refuse lone surrogates before anything reaches a snapshot.
    private static readonly string[] Texts =
    [
        "", " ", "a", "uid-1001", "j***@example.com", "+49*******78", "quote \" and \\ backslash", "line\nbreak\ttab",
        "<script>&amp;</script>", "Ünïcödé ß", "日本語", "emoji 😀 pair", "\u0001\u001f control", "\u2028\u2029", "+", "null",
        "c2VhbGVkLW5ldy1jb250YWN0", "9f86d081884c7d65 9a2feaa0c55ad015",
    ];

    private static readonly Gen<string> Text =
        Gen.Frequency((3, Gen.Elements(Texts)), (1, Gen.ArrayOf(Gen.Choose(0x20, 0x7e).Select(c => (char)c)).Select(c => new string(c))));

    private static readonly Gen<long> Long =
        Gen.Frequency(
            (1, Gen.Elements(0L, 1L, -1L, long.MaxValue, long.MinValue)),
            (4, Gen.Zip(Gen.Choose(int.MinValue, int.MaxValue), Gen.Choose(int.MinValue, int.MaxValue), (hi, lo) => ((long)hi << 32) | (uint)lo)));

    private static readonly Gen<int> Int = Gen.Frequency((1, Gen.Elements(0, 1, int.MaxValue, int.MinValue)), (4, Gen.Choose(-1000, 1000)));

    private static readonly Gen<DateTimeOffset> Time =
        from ticks in Gen.Zip(Gen.Choose(0, 3_000_000), Gen.Choose(0, int.MaxValue), (day, within) => (day * TimeSpan.TicksPerDay / 1000) + (within % TimeSpan.TicksPerDay))
        from minutes in Gen.Frequency((2, Gen.Constant(0)), (3, Gen.Choose(-14 * 60, 14 * 60)))
        let offset = TimeSpan.FromMinutes(minutes)
        let utc = Math.Clamp(ticks, 14 * TimeSpan.TicksPerHour, DateTimeOffset.MaxValue.UtcTicks - (14 * TimeSpan.TicksPerHour))
        select new DateTimeOffset(utc + offset.Ticks, offset);

    private static Gen<T?> OrNull<T>(Gen<T> gen)
        where T : class => Gen.Frequency((1, Gen.Constant<T?>(null)), (3, gen.Select(v => (T?)v)));

    private static Gen<T?> OrNullValue<T>(Gen<T> gen)
        where T : struct => Gen.Frequency((1, Gen.Constant<T?>(null)), (3, gen.Select(v => (T?)v)));

    private static Gen<TFlags> Flags<TFlags>(int bits)
        where TFlags : struct, Enum => Gen.Choose(0, (1 << bits) - 1).Select(v => (TFlags)Enum.ToObject(typeof(TFlags), v));

    private static readonly Gen<ProtectedContact> Contacts =
        from kind in Gen.Elements(Enum.GetValues<ContactKind>())
        from masked in Text
        from fingerprint in Text
        from sealedValue in OrNull(Text)
        select new ProtectedContact(kind, masked, fingerprint, sealedValue);

    private static readonly Gen<IdentityDocumentReference> DocumentReferences =
        from type in Gen.Elements(Enum.GetValues<DocumentType>())
        from country in Text
        from fingerprint in Text
        select new IdentityDocumentReference(type, country, fingerprint);

    private static readonly Gen<EvidenceReference> Files =
        from id in Text
        from mediaType in Text
        from size in Long
        from sha in Text
        select new EvidenceReference(id, mediaType, size, sha);

    private static readonly Gen<AccountSnapshot> Accounts =
        from id in Text
        from email in OrNull(Contacts)
        from phone in OrNull(Contacts)
        from authenticator in Gen.Elements(true, false)
        from kyc in Gen.Elements(Enum.GetValues<KycLevel>())
        from document in OrNull(DocumentReferences)
        select new AccountSnapshot(id, email, phone, authenticator, kyc, document);

    private static readonly Gen<CodeChallenge> Challenges =
        from target in Gen.Elements(Enum.GetValues<VerificationTarget>())
        from hash in OrNull(Text)
        from issued in Time
        from expires in Time
        from codes in Int
        from failed in Int
        from verified in Gen.Elements(true, false)
        select new CodeChallenge(target, hash, issued, expires, codes, failed, verified);

    private static readonly Gen<IReadOnlyList<string>> TextLists = Gen.ListOf(Text).Select(l => (IReadOnlyList<string>)[.. l]);

    private static readonly Gen<QuestionnaireRecord> Questionnaires =
        from trades in TextLists
        from holdings in TextLists
        from deposits in TextLists
        from withdrawals in TextLists
        from phishing in OrNull(Text)
        from nickname in OrNull(Text)
        from points in Int
        from max in Int
        select new QuestionnaireRecord(new QuestionnaireAnswers(trades, holdings, deposits, withdrawals, phishing, nickname), new QuestionnaireScore(points, max));

    private static readonly Gen<SupplementaryProof> Proofs =
        from kind in Gen.Elements(Enum.GetValues<ProofKind>())
        from file in Files
        select new SupplementaryProof(kind, file);

    private static readonly Gen<VerificationVideo> Videos =
        from file in Files
        from uid in Text
        from email in Text
        from phone in Text
        from day in Gen.Choose(DateOnly.MinValue.DayNumber, DateOnly.MaxValue.DayNumber)
        from offset in Gen.Choose(-14 * 60, 14 * 60)
        from reason in Text
        select new VerificationVideo(file, new DeclaredStatement(uid, email, phone, DateOnly.FromDayNumber(day), TimeSpan.FromMinutes(offset), reason));

    private static readonly Gen<(ResetCase Case, bool Unused)> CasesCore =
        from id in Gen.Zip(Gen.Choose(int.MinValue, int.MaxValue), Gen.Choose(int.MinValue, int.MaxValue), (a, b) => new CaseId(new Guid(a, (short)b, (short)(b >> 16), [1, 2, 3, 4, 5, 6, 7, (byte)a])))
        from version in Long
        from state in Gen.Elements(Enum.GetValues<CaseState>())
        from channel in Gen.Elements(Enum.GetValues<Channel>())
        from entry in Gen.Elements(Enum.GetValues<EntryPoint>())
        from account in Accounts
        from opened in Time
        from expires in Time
        from submitted in OrNullValue(Time)
        from decided in OrNullValue(Time)
        from selected in Flags<SecurityItems>(3)
        from verifiedItems in Flags<SecurityItems>(3)
        from method in Gen.Elements(Enum.GetValues<VerificationMethod>())
        from challenges in Gen.ListOf(Challenges)
        select (new ResetCase
        {
            Id = id,
            Version = version,
            State = state,
            Channel = channel,
            EntryPoint = entry,
            Account = account,
            OpenedAt = opened,
            ExpiresAt = expires,
            SubmittedAt = submitted,
            DecidedAt = decided,
            SelectedItems = selected,
            VerifiedItems = verifiedItems,
            VerificationMethod = method,
            Challenges = [.. challenges],
        }, false);

    /// <summary>Snapshots with every field drawn: optional parts present or absent, lists empty or not, extreme numbers and times.</summary>
    private static readonly Gen<ResetCase> Cases =
        from core in CasesCore
        from totp in OrNullValue(Long)
        from authenticatorFailures in Int
        from faceScanFailures in Int
        from faceScan in OrNull(Text)
        from steps in Flags<RequiredSteps>(3)
        from questionnaire in OrNull(Questionnaires)
        from proofs in Gen.ListOf(Proofs)
        from newContact in OrNull(Contacts)
        from newContactVerified in Gen.Elements(true, false)
        from document in OrNull(from reference in DocumentReferences from front in Files select new IdentityDocument(reference, front))
        from video in OrNull(Videos)
        from terms in OrNull(Text)
        from reviewer in OrNull(Text)
        from claimedAt in OrNullValue(Time)
        from reason in OrNull(Text)
        from requested in Flags<AmendableItems>(4)
        from amended in Flags<AmendableItems>(4)
        from protectedUntil in OrNullValue(Time)
        from sessions in Gen.ListOf(Text)
        from credentialHash in OrNull(Text)
        from trailHead in OrNull(Text)
        from tokens in Gen.ListOf(from hash in Text from kind in Gen.Elements(ContactKind.Email, ContactKind.Phone) select new DisputeToken(hash, kind))
        from disputes in Gen.ListOf(
            from kind in Gen.Elements(ContactKind.Email, ContactKind.Phone)
            from masked in Text
            from at in Time
            from state in Gen.Elements(Enum.GetValues<CaseState>())
            from said in Text
            select new DisputeFlag(kind, masked, at, state, said))
        select core.Case with
        {
            LastAcceptedTotpStep = totp,
            AuthenticatorFailures = authenticatorFailures,
            FaceScanFailures = faceScanFailures,
            FaceScanReference = faceScan,
            RequiredSteps = steps,
            Questionnaire = questionnaire,
            Proofs = [.. proofs],
            NewContact = newContact,
            NewContactVerified = newContactVerified,
            Document = document,
            Video = video,
            AcceptedTermsVersion = terms,
            ReviewerId = reviewer,
            ClaimedAt = claimedAt,
            FaceScanSessions = [.. sessions],
            ReasonCode = reason,
            RequestedAmendments = requested,
            Amended = amended,
            WithdrawalsProtectedUntil = protectedUntil,
            CredentialHash = credentialHash,
            TrailHead = trailHead,
            DisputeTokens = [.. tokens],
            Disputes = [.. disputes],
        };

    [Property(MaxTest = 300, QuietOnSuccess = true)]
    public Property Every_field_of_a_snapshot_survives_the_stored_form() =>
        Prop.ForAll(Arb.From(Cases), original =>
        {
            var payload = CaseSnapshotSerializer.Serialize(original);
            Assert.Equal(SnapshotBinaryFormat.Version3, payload[0]);
            Assert.Equal(payload.Length, SnapshotBinaryFormat.Measure(original));
            var back = CaseSnapshotSerializer.Deserialize(payload);
            var differences = new List<string>();
            Compare("ResetCase", original, back, differences);
            Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences));

            // Writing it again gives the same bytes: the service compares payloads to tell whether a save landed.
            Assert.Equal(payload, CaseSnapshotSerializer.Serialize(back));
        });

    [Property(MaxTest = 300, QuietOnSuccess = true)]
    public Property Every_field_of_a_snapshot_stored_as_json_by_an_earlier_version_is_read_back() =>
        Prop.ForAll(Arb.From(Cases), original =>
        {
            // The format before the binary one: rows a store kept from then must still load.
            var json = JsonSerializer.SerializeToUtf8Bytes(original, SnapshotJsonContext.Default.ResetCase);
            Assert.Equal((byte)'{', json[0]);
            var differences = new List<string>();
            Compare("ResetCase", original, CaseSnapshotSerializer.Deserialize(json), differences);
            Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences));

            // The generated writer gives the bytes the metadata (the reader's view of the format) gives.
            Assert.Equal(json, JsonSerializer.SerializeToUtf8Bytes(original, MetadataWriter));
        });

    [Property(MaxTest = 40, QuietOnSuccess = true)]
    public Property A_truncated_or_extended_payload_is_refused_as_invalid_data() =>
        Prop.ForAll(Arb.From(Cases), original =>
        {
            var payload = CaseSnapshotSerializer.Serialize(original);

            // A mutation run (which mutates no storage code) tries every 61st length and the last; else every length.
            var stride = Settings.MutationRun ? 61 : 1;
            foreach (var length in Enumerable.Range(0, payload.Length).Where(length => length % stride == 0 || length == payload.Length - 1))
            {
                Assert.Throws<InvalidDataException>(() => CaseSnapshotSerializer.Deserialize(payload.AsSpan(0, length)));
            }

            Assert.Throws<InvalidDataException>(() => CaseSnapshotSerializer.Deserialize([.. payload, 0]));
        });

    [Fact]
    public void Every_stored_property_is_read_back_and_no_computed_property_is_stored()
    {
        // A computed property (no setter, no constructor parameter) must carry [JsonIgnore], which leaves it no
        // getter in the metadata: else the generated writer would store it, and nothing would read it back.
        var unread = new SortedSet<string>(StringComparer.Ordinal);
        var visited = new HashSet<Type>();
        Walk(typeof(ResetCase));
        Assert.Empty(unread);
        Assert.Contains(typeof(QuestionnaireScore), visited);

        void Walk(Type type)
        {
            if (!visited.Add(type))
            {
                return;
            }

            var info = SnapshotJsonContext.Default.GetTypeInfo(type)!;
            if (info.Kind == JsonTypeInfoKind.Enumerable)
            {
                Walk(info.ElementType!);
                return;
            }

            if (info.Kind != JsonTypeInfoKind.Object)
            {
                return;
            }

            foreach (var property in info.Properties)
            {
                if (property.Get is not null && property.Set is null && property.AssociatedParameter is null)
                {
                    unread.Add($"{type.Name}.{property.Name}");
                }

                Walk(Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType);
            }
        }
    }

    [Fact]
    public void The_generator_sets_every_stored_property_of_the_snapshot_somewhere()
    {
        // A property added to the snapshot (or to a part of it) that the generator never sets fails here, so the
        // round-trip property above covers every field the serializer must keep.
        var all = new SortedSet<string>(StringComparer.Ordinal);
        Paths(typeof(ResetCase), "ResetCase", all);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var sample in Gen.Sample(Cases, 20, 300))
        {
            Seen(sample, "ResetCase", seen);
        }

        Assert.Empty(all.Except(seen));
        Assert.Contains("ResetCase.Video.Statement.UtcOffset", all);
        Assert.Contains("ResetCase.Challenges[].CodeHash", all);
    }

    [Fact]
    public void A_snapshot_is_stored_in_binary_format_version_3_smaller_than_its_json()
    {
        var completed = new CaseHarness().DriveTo(CaseState.Completed).Case;
        var stored = CaseSnapshotSerializer.ToStored(completed);
        var snapshot = CaseSnapshotSerializer.FromStored(stored);

        Assert.Equal(SnapshotBinaryFormat.Version3, stored.Payload.Span[0]);
        Assert.Equal(CaseState.Completed, snapshot.State);
        Assert.NotEmpty(snapshot.Challenges);
        Assert.NotEmpty(snapshot.Proofs);
        Assert.NotNull(snapshot.Video);
        Assert.Equal(snapshot.Account.BoundItems & ~snapshot.SelectedItems, snapshot.RemainingItems);
        var json = JsonSerializer.SerializeToUtf8Bytes(completed, SnapshotJsonContext.Default.ResetCase);
        Assert.True(stored.Payload.Length * 2 < json.Length, $"{stored.Payload.Length} B binary, {json.Length} B JSON");

        // A row an earlier version wrote (JSON) loads as the same case.
        var differences = new List<string>();
        Compare("ResetCase", snapshot, CaseSnapshotSerializer.FromStored(stored with { Payload = json }), differences);
        Assert.Empty(differences);
    }

    [Fact]
    public void A_payload_of_format_version_1_still_reads_with_no_claim_time_and_no_face_scan_session()
    {
        // These bytes are what version 1 stored: rows a store kept from then must still load as this snapshot.
        var payload = Hex(Version1Sample);
        var differences = new List<string>();
        var read = CaseSnapshotSerializer.Deserialize(payload);
        Compare("ResetCase", FixedSnapshot, read, differences);
        Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences));
        Assert.Null(read.ClaimedAt);
        Assert.Empty(read.FaceScanSessions);

        // Version 2 is version 1 followed by its own fields: here no claim time (0), no session (0), no credential hash (0),
        // no dispute token (0) and no dispute (0); version 3 adds the trail head (none: 0).
        Assert.Equal(Convert.ToHexString([SnapshotBinaryFormat.Version3, .. payload[1..], 0, 0, 0, 0, 0, 0]), Convert.ToHexString(CaseSnapshotSerializer.Serialize(FixedSnapshot)));
    }

    [Fact]
    public void The_layout_of_format_version_2_never_changes()
    {
        // These bytes are what version 2 stores: a change of layout must get a new format byte, and this payload must
        // still read as this snapshot.
        var payload = Hex(Version2Sample);
        var differences = new List<string>();
        Compare("ResetCase", FixedSnapshotVersion2, CaseSnapshotSerializer.Deserialize(payload), differences);
        Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences));

        // Written again it is version 3: the same fields, then the trail head (none: 0).
        Assert.Equal(Convert.ToHexString([SnapshotBinaryFormat.Version3, .. payload[1..], 0]), Convert.ToHexString(CaseSnapshotSerializer.Serialize(FixedSnapshotVersion2)));
    }

    [Fact]
    public void Format_version_3_is_version_2_followed_by_the_trail_head()
    {
        var version2 = Hex(Version2Sample);
        var withHead = FixedSnapshotVersion2 with { TrailHead = "k1:c2VhbA==" };

        var payload = CaseSnapshotSerializer.Serialize(withHead);

        Assert.Equal(SnapshotBinaryFormat.Version3, payload[0]);
        Assert.Equal(Convert.ToHexString(version2[1..]), Convert.ToHexString(payload[1..version2.Length]));
        Assert.Equal("k1:c2VhbA==", CaseSnapshotSerializer.Deserialize(payload).TrailHead);
        Assert.Throws<InvalidDataException>(() => CaseSnapshotSerializer.Deserialize(payload.AsSpan(0, payload.Length - 1)));
    }

    private static byte[] Hex(string sample) => Convert.FromHexString(string.Concat(sample.Split('\n', StringSplitOptions.TrimEntries)));

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0 })]
    [InlineData(new byte[] { 2 })]
    [InlineData(new byte[] { 0x5B, 0x5D })]
    [InlineData(new byte[] { 0x6E, 0x75, 0x6C, 0x6C })]
    [InlineData(new byte[] { 0x7B, 0x7D })]
    public void A_payload_of_no_known_format_is_refused_as_invalid_data(byte[] payload) =>
        Assert.Throws<InvalidDataException>(() => CaseSnapshotSerializer.Deserialize(payload));

    [Fact]
    public void The_stored_record_carries_the_columns_of_the_snapshot()
    {
        var snapshot = new CaseHarness().DriveTo(CaseState.Approved).Case;
        var stored = CaseSnapshotSerializer.ToStored(snapshot);

        Assert.Equal(snapshot.Id, stored.Id);
        Assert.Equal(snapshot.Account.AccountId, stored.AccountId);
        Assert.Equal(CaseState.Approved, stored.State);
        Assert.Equal(snapshot.Version, stored.Version);
        Assert.Equal(snapshot.ExpiresAt, stored.ExpiresAt);
        Assert.Equal(snapshot.SubmittedAt, stored.SubmittedAt);
        Assert.Equal(snapshot.DecidedAt, stored.DecidedAt);
        Assert.True(stored.IsOpen);
        Assert.False(stored.IsExpirable);
    }

    [Fact]
    public void A_stored_case_whose_columns_disagree_with_its_payload_is_refused()
    {
        var stored = CaseSnapshotSerializer.ToStored(new CaseHarness().DriveTo(CaseState.Submitted).Case);
        Assert.Equal(stored.Id, CaseSnapshotSerializer.FromStored(stored).Id);

        Assert.Throws<InvalidDataException>(() => CaseSnapshotSerializer.FromStored(stored with { Id = CaseId.New() }));
        Assert.Throws<InvalidDataException>(() => CaseSnapshotSerializer.FromStored(stored with { Version = stored.Version + 1 }));
        Assert.Throws<InvalidDataException>(() => CaseSnapshotSerializer.FromStored(stored with { State = CaseState.Approved }));
        Assert.Throws<InvalidDataException>(() => CaseSnapshotSerializer.FromStored(stored with { AccountId = "U-other" }));
        Assert.Throws<InvalidDataException>(() => CaseSnapshotSerializer.FromStored(stored with { Payload = "not json"u8.ToArray() }));
        Assert.Throws<InvalidDataException>(() => CaseSnapshotSerializer.FromStored(stored with { Payload = "null"u8.ToArray() }));
    }

    [Fact]
    public void Stored_cases_are_equal_by_columns_as_instants_and_payload_bytes()
    {
        var stored = CaseSnapshotSerializer.ToStored(new CaseHarness().DriveTo(CaseState.Submitted).Case);
        var copy = stored with
        {
            Payload = stored.Payload.ToArray(),
            ExpiresAt = stored.ExpiresAt.ToOffset(TimeSpan.FromHours(5)),
        };

        Assert.Equal(stored, copy);
        Assert.Equal(stored.GetHashCode(), copy.GetHashCode());
        var changed = stored.Payload.ToArray();
        changed[^2] ^= 1;
        Assert.NotEqual(stored, stored with { Payload = changed });
        Assert.NotEqual(stored, stored with { SubmittedAt = null });
        Assert.NotEqual(stored, stored with { AccountId = stored.AccountId.ToUpperInvariant() + "x" });
    }

    [Fact]
    public void The_open_states_of_the_port_are_exactly_the_states_of_an_open_case()
    {
        var template = new CaseHarness().Case;
        foreach (var state in Enum.GetValues<CaseState>())
        {
            var open = (template with { State = state }).IsOpen;
            Assert.Equal(open, StoredCase.OpenStates.Contains(state));
            Assert.Equal(open, CaseSnapshotSerializer.ToStored(template with { State = state }).IsOpen);
        }

        Assert.Equal(StoredCase.OpenStates.Distinct().Count(), StoredCase.OpenStates.Count);
    }

    [Fact]
    public void The_expirable_states_of_the_port_are_the_ones_the_workflow_lets_expire()
    {
        CaseState[] expected =
        [
            CaseState.SelectingItems, CaseState.VerifyingItems, CaseState.Questionnaire, CaseState.SupplementaryProofs,
            CaseState.IdentityVerification, CaseState.ReadyToSubmit, CaseState.Submitted, CaseState.UnderReview, CaseState.InformationRequested,
            CaseState.Disputed,
        ];
        Assert.Equal(expected, StoredCase.ExpirableStates);
        Assert.All(Enum.GetValues<CaseState>(), s => Assert.Equal(CaseWorkflow.IsListed(s, CaseTrigger.Expire), StoredCase.ExpirableStates.Contains(s)));
        Assert.All(StoredCase.ExpirableStates, s => Assert.Contains(s, StoredCase.OpenStates));
    }

    // Every field set, optional parts present, a non-zero offset, text beyond ASCII: the sample of the version 1 layout.
    private static readonly DateTimeOffset FixedTime = new(2026, 11, 25, 9, 30, 15, TimeSpan.FromHours(2));

    private static readonly ResetCase FixedSnapshot = new()
    {
        Id = new CaseId(new Guid("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0")),
        Version = 19,
        State = CaseState.Completed,
        Channel = Channel.App,
        EntryPoint = EntryPoint.ForgotPassword,
        Account = new AccountSnapshot(
            "U-ALICE",
            new ProtectedContact(ContactKind.Email, "a***@example.com", "ZW1haWw="),
            null,
            AuthenticatorBound: true,
            KycLevel.Advanced,
            new IdentityDocumentReference(DocumentType.NationalId, "DE", "ZG9j")),
        OpenedAt = FixedTime,
        ExpiresAt = FixedTime.AddDays(14),
        SubmittedAt = FixedTime.AddHours(1),
        DecidedAt = null,
        SelectedItems = SecurityItems.Authenticator | SecurityItems.Phone,
        VerifiedItems = SecurityItems.Email,
        VerificationMethod = VerificationMethod.Codes,
        Challenges = [new CodeChallenge(VerificationTarget.BoundEmail, null, FixedTime, FixedTime.AddMinutes(10), 2, -1, true)],
        LastAcceptedTotpStep = 59_000_000,
        AuthenticatorFailures = 1,
        FaceScanFailures = 300,
        FaceScanReference = null,
        RequiredSteps = RequiredSteps.All,
        Questionnaire = new QuestionnaireRecord(new QuestionnaireAnswers(["BTC/USDT"], [], ["bc1q", "0xab"], ["Ünï"], null, "alice"), new QuestionnaireScore(3, 5)),
        Proofs = [new SupplementaryProof(ProofKind.Other, new EvidenceReference("f/1", "image/png", 1L << 40, "ab"))],
        NewContact = new ProtectedContact(ContactKind.Phone, "+49***8", "cGhvbmU=", "c2VhbGVk"),
        NewContactVerified = true,
        Document = new IdentityDocument(new IdentityDocumentReference(DocumentType.Passport, "FR", "cGFzcw=="), new EvidenceReference("d", "image/jpeg", 0, "")),
        Video = new VerificationVideo(
            new EvidenceReference("v", "video/mp4", 7, "cd"),
            new DeclaredStatement("U-ALICE", "a***@example.com", "+49***8", new DateOnly(2026, 11, 25), TimeSpan.FromMinutes(-150), "lost 日本")),
        AcceptedTermsVersion = "2026-11",
        ReviewerId = "reviewer-1",
        ReasonCode = "",
        RequestedAmendments = AmendableItems.VerificationVideo,
        Amended = AmendableItems.None,
        WithdrawalsProtectedUntil = FixedTime.AddHours(48),
    };

    // The version 2 sample: the version 1 one with a claim time (another offset), two face-scan sessions and a credential hash.
    private static readonly ResetCase FixedSnapshotVersion2 = FixedSnapshot with
    {
        ClaimedAt = new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.FromHours(-5)),
        FaceScanSessions = ["c2Vzc2lvbi0x", "c2Vzc2lvbi0y"],
        CredentialHash = "aGFzaA==",
        DisputeTokens = [new DisputeToken("dG9rZW4=", ContactKind.Phone)],
        Disputes = [new DisputeFlag(ContactKind.Email, "a***@example.com", new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero), CaseState.Approved, "not me")],
    };

    private const string Version2Sample = """
        023C2D1E0F5A4B78698796A5B4C3D2E1F013000000000000000A010208552D414C494345010011612A2A2A406578616D
        706C652E636F6D095A5731686157773D000001020101034445055A47396A80AD30B6D64ADF087800802DF907D755DF08
        7800018015F517DF4ADF0878000006010101000080AD30B6D64ADF0878008069D11BD84ADF08780002000000FFFFFFFF
        0101C044840300000000010000002C01000000070101094254432F555344540002056263317105307861620106C39C6E
        C3AF0006616C6963650300000005000000010404662F310A696D6167652F706E6700000000000100000361620101082B
        34392A2A2A380963476876626D553D09633256686247566B010100034652096347467A63773D3D02640B696D6167652F
        6A7065670000000000000000010102760A766964656F2F6D7034070000000000000003636408552D414C49434511612A
        2A2A406578616D706C652E636F6D082B34392A2A2A38684A0B0000FC940BEBFFFFFF0C6C6F737420E697A5E69CAC0832
        3032362D31310B72657669657765722D3101080001802D040B694CDF0878000100000345934BDF08D4FE020D6332567A
        63326C76626930780D6332567A63326C7662693079096147467A61413D3D
        0109644739725A57343D01010011612A2A2A406578616D706C652E636F6D0068C7A69B4BDF08000009076E6F74206D65
        """;

    private const string Version1Sample = """
        013C2D1E0F5A4B78698796A5B4C3D2E1F013000000000000000A010208552D414C494345010011612A2A2A406578616D
        706C652E636F6D095A5731686157773D000001020101034445055A47396A80AD30B6D64ADF087800802DF907D755DF08
        7800018015F517DF4ADF0878000006010101000080AD30B6D64ADF0878008069D11BD84ADF08780002000000FFFFFFFF
        0101C044840300000000010000002C01000000070101094254432F555344540002056263317105307861620106C39C6E
        C3AF0006616C6963650300000005000000010404662F310A696D6167652F706E6700000000000100000361620101082B
        34392A2A2A380963476876626D553D09633256686247566B010100034652096347467A63773D3D02640B696D6167652F
        6A7065670000000000000000010102760A766964656F2F6D7034070000000000000003636408552D414C49434511612A
        2A2A406578616D706C652E636F6D082B34392A2A2A38684A0B0000FC940BEBFFFFFF0C6C6F737420E697A5E69CAC0832
        3032362D31310B72657669657765722D3101080001802D040B694CDF087800
        """;

    // The source-generated metadata alone, walked property by property (no generated fast path): the reference for
    // the bytes the generated writer must give.
    private static readonly JsonSerializerOptions MetadataWriter = new(SnapshotJsonContext.Default.Options)
    {
        TypeInfoResolver = SnapshotJsonContext.Default.WithAddedModifier(static _ => { }),
    };

    // Field by field: times must keep their offset too, not only the instant.
    internal static void Compare(string path, object? expected, object? actual, List<string> differences)
    {
        if (expected is null || actual is null)
        {
            if (expected is not null || actual is not null)
            {
                differences.Add($"{path}: {expected ?? "null"} became {actual ?? "null"}");
            }

            return;
        }

        var type = expected.GetType();
        if (expected is DateTimeOffset time)
        {
            if (!time.EqualsExact((DateTimeOffset)actual))
            {
                differences.Add($"{path}: {time:O} became {actual:O}");
            }
        }
        else if (type.IsPrimitive || type.IsEnum || expected is string or Guid or CaseId or DateOnly or TimeSpan or decimal)
        {
            if (!expected.Equals(actual))
            {
                differences.Add($"{path}: {expected} became {actual}");
            }
        }
        else if (expected is IEnumerable items)
        {
            var left = items.Cast<object?>().ToList();
            var right = ((IEnumerable)actual).Cast<object?>().ToList();
            if (left.Count != right.Count)
            {
                differences.Add($"{path}: {left.Count} items became {right.Count}");
                return;
            }

            for (var i = 0; i < left.Count; i++)
            {
                Compare($"{path}[{i}]", left[i], right[i], differences);
            }
        }
        else
        {
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
            {
                Compare($"{path}.{property.Name}", property.GetValue(expected), property.GetValue(actual), differences);
            }
        }
    }

    // The stored properties (those with a setter) of the snapshot and its parts, as paths.
    private static void Paths(Type type, string path, ISet<string> paths)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is not null))
        {
            var name = $"{path}.{property.Name}";
            paths.Add(name);
            var element = ElementType(property.PropertyType);
            if (element is not null)
            {
                Recurse(element, name + "[]", paths);
            }
            else
            {
                Recurse(Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType, name, paths);
            }
        }

        static void Recurse(Type type, string path, ISet<string> paths)
        {
            if (type.IsClass && type != typeof(string) && type.Namespace?.StartsWith("SecurityReset", StringComparison.Ordinal) == true)
            {
                Paths(type, path, paths);
            }
        }
    }

    // The paths whose value in this sample is not the default of their type (a non-empty list counts as set).
    private static void Seen(object value, string path, ISet<string> seen)
    {
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is not null))
        {
            var name = $"{path}.{property.Name}";
            var current = property.GetValue(value);
            if (current is null)
            {
                continue;
            }

            if (ElementType(property.PropertyType) is not null)
            {
                var items = ((IEnumerable)current).Cast<object>().ToList();
                if (items.Count > 0)
                {
                    seen.Add(name);
                }

                foreach (var item in items.Where(i => i.GetType().IsClass && i is not string))
                {
                    Seen(item, name + "[]", seen);
                }

                continue;
            }

            var type = current.GetType();
            if (!type.IsValueType || !current.Equals(Activator.CreateInstance(type)))
            {
                seen.Add(name);
            }

            if (type.IsClass && current is not string && type.Namespace?.StartsWith("SecurityReset", StringComparison.Ordinal) == true)
            {
                Seen(current, name, seen);
            }
        }
    }

    private static Type? ElementType(Type type) =>
        type == typeof(string) ? null
        : type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(ImmutableArray<>) || type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>)) ? type.GetGenericArguments()[0]
        : null;
}
