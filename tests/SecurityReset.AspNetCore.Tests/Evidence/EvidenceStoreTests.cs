using SecurityReset.InMemory;
using SecurityReset.Ports;

namespace SecurityReset.AspNetCore.Tests.Evidence;

/// <summary>The same contract for the file-system store and the in-memory one.</summary>
public sealed class EvidenceStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "securityreset-evidence-tests-" + Guid.NewGuid().ToString("N"));

    public static TheoryData<string> Stores => ["files", "memory"];

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_file_is_put_read_listed_and_deleted_within_its_case_only(string kind)
    {
        var store = Make(kind);
        var ct = TestContext.Current.CancellationToken;
        var owner = CaseId.New();
        var other = CaseId.New();
        var first = Evidence(owner, "ev-1", 3);
        var second = Evidence(owner, "ev-2", 2) with { StoredAt = first.StoredAt.AddSeconds(1) };

        Assert.True(await store.PutAsync(first, new MemoryStream([1, 2, 3]), ct));
        Assert.True(await store.PutAsync(second, new MemoryStream([4, 5]), ct));
        Assert.False(await store.PutAsync(first with { SizeBytes = 1 }, new MemoryStream([9]), ct));

        Assert.Equal(first, await store.GetAsync(owner, "ev-1", ct));
        Assert.Null(await store.GetAsync(other, "ev-1", ct));
        Assert.Null(await store.OpenReadAsync(other, "ev-1", ct));
        Assert.Null(await store.GetAsync(owner, "../ev-1", ct));
        await using (var content = await store.OpenReadAsync(owner, "ev-1", ct))
        {
            using var copy = new MemoryStream();
            await content!.CopyToAsync(copy, ct);
            Assert.Equal([1, 2, 3], copy.ToArray());
        }

        Assert.Equal(["ev-1", "ev-2"], (await store.ListAsync(owner, ct)).Select(e => e.EvidenceId));
        Assert.Empty(await store.ListAsync(other, ct));

        Assert.True(await store.DeleteAsync(owner, "ev-1", ct));
        Assert.False(await store.DeleteAsync(owner, "ev-1", ct));
        Assert.Null(await store.GetAsync(owner, "ev-1", ct));

        Assert.True(await store.PutAsync(Evidence(other, "ev-1", 1), new MemoryStream([7]), ct));
        Assert.Equal(1, await store.DeleteCaseAsync(owner, ct));
        Assert.Empty(await store.ListAsync(owner, ct));
        Assert.Equal(0, await store.DeleteCaseAsync(owner, ct));
        Assert.Single(await store.ListAsync(other, ct));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task An_id_that_is_not_a_plain_name_is_refused(string kind)
    {
        var store = Make(kind);

        await Assert.ThrowsAsync<ArgumentException>(() => store.PutAsync(Evidence(CaseId.New(), "../escape", 1), new MemoryStream([1]), TestContext.Current.CancellationToken));
        Assert.False(StoredEvidence.IsValidId(""));
        Assert.False(StoredEvidence.IsValidId("a/b"));
        Assert.True(StoredEvidence.IsValidId("ev-0123_abc"));
    }

    [Fact]
    public async Task The_file_store_keeps_files_across_instances_and_leaves_no_temporary_files()
    {
        var ct = TestContext.Current.CancellationToken;
        var caseId = CaseId.New();
        var evidence = Evidence(caseId, "ev-kept", 4);
        Assert.True(await new FileSystemEvidenceStore(_root).PutAsync(evidence, new MemoryStream([1, 2, 3, 4]), ct));

        var reopened = new FileSystemEvidenceStore(_root);

        Assert.Equal(evidence, await reopened.GetAsync(caseId, "ev-kept", ct));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(_root, caseId.Value.ToString("N"))).Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(_root, caseId.Value.ToString("N"))));
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private IEvidenceStore Make(string kind) => kind == "files" ? new FileSystemEvidenceStore(_root) : new InMemoryEvidenceStore();

    private static StoredEvidence Evidence(CaseId caseId, string id, long size) =>
        new(caseId, id, "application/pdf", size, new string('a', 64), new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
}
