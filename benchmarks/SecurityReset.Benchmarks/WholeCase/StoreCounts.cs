namespace SecurityReset.Benchmarks.WholeCase;

/// <summary>What went through the store port while <see cref="AdapterRig.Count"/> was set (one thread only).</summary>
internal sealed class StoreCounts
{
    public int SnapshotsRead { get; set; }

    public int SnapshotsWritten { get; set; }

    public long SnapshotBytes { get; set; }

    public int EventsSealed { get; set; }

    public int EventsVerified { get; set; }

    public int MessagesSealed { get; set; }

    public int MessagesOpened { get; set; }

    public long MessageBytes { get; set; }
}
