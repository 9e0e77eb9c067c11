using System.Collections;
using System.Collections.Immutable;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SecurityReset.Ports;
using SecurityReset.Storage;
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
        from reason in OrNull(Text)
        from requested in Flags<AmendableItems>(4)
        from amended in Flags<AmendableItems>(4)
        from protectedUntil in OrNullValue(Time)
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
            ReasonCode = reason,
            RequestedAmendments = requested,
            Amended = amended,
            WithdrawalsProtectedUntil = protectedUntil,
        };

    [Property(MaxTest = 300, QuietOnSuccess = true)]
    public Property Every_field_of_a_snapshot_survives_the_stored_form() =>
        Prop.ForAll(Arb.From(Cases), original =>
        {
            var payload = CaseSnapshotSerializer.Serialize(original);
            var back = CaseSnapshotSerializer.Deserialize(payload);
            var differences = new List<string>();
            Compare("ResetCase", original, back, differences);
            Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences));

            // Writing it again gives the same bytes: the service compares payloads to tell whether a save landed.
            Assert.Equal(payload, CaseSnapshotSerializer.Serialize(back));

            // The generated writer gives the bytes the metadata (the reader's view of the format) gives.
            Assert.Equal(payload, JsonSerializer.SerializeToUtf8Bytes(original, MetadataWriter));
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
    public void A_snapshot_is_stored_as_json_with_enum_names_and_without_computed_properties()
    {
        var stored = CaseSnapshotSerializer.ToStored(new CaseHarness().DriveTo(CaseState.Completed).Case);
        var snapshot = CaseSnapshotSerializer.FromStored(stored);

        Assert.Equal(CaseState.Completed, snapshot.State);
        Assert.NotEmpty(snapshot.Challenges);
        Assert.NotEmpty(snapshot.Proofs);
        Assert.NotNull(snapshot.Video);
        Assert.Equal(snapshot.Account.BoundItems & ~snapshot.SelectedItems, snapshot.RemainingItems);
        // UTF-8 JSON, enums by their persisted names, computed properties left out (derived again on load).
        var json = Encoding.UTF8.GetString(stored.Payload.Span);
        Assert.Contains("\"State\":\"Completed\"", json, StringComparison.Ordinal);
        Assert.Contains($"\"SelectedItems\":\"{snapshot.SelectedItems}\"", json, StringComparison.Ordinal);
        foreach (var computed in new[] { "IsOpen", "IsTerminal", "RemainingItems", "OfferForgotPasswordNext", "BoundItems", "Ratio" })
        {
            Assert.DoesNotContain($"\"{computed}\"", json, StringComparison.Ordinal);
        }
    }

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
            CaseState.IdentityVerification, CaseState.ReadyToSubmit, CaseState.InformationRequested,
        ];
        Assert.Equal(expected, StoredCase.ExpirableStates);
        Assert.All(Enum.GetValues<CaseState>(), s => Assert.Equal(CaseWorkflow.IsListed(s, CaseTrigger.Expire), StoredCase.ExpirableStates.Contains(s)));
        Assert.All(StoredCase.ExpirableStates, s => Assert.Contains(s, StoredCase.OpenStates));
    }

    // The source-generated metadata alone, walked property by property (no generated fast path): the reference for
    // the bytes the generated writer must give.
    private static readonly JsonSerializerOptions MetadataWriter = new(SnapshotJsonContext.Default.Options)
    {
        TypeInfoResolver = SnapshotJsonContext.Default.WithAddedModifier(static _ => { }),
    };

    // Field by field: times must keep their offset too, not only the instant.
    private static void Compare(string path, object? expected, object? actual, List<string> differences)
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
