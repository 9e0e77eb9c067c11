using SecurityReset.Workflow.Commands;

namespace SecurityReset.Tests.TestSupport;

/// <summary>Face-scan results as the service hands them to the core: each on a session (a fingerprint) no case has seen yet.</summary>
internal static class Scans
{
    private static int _next;

    /// <summary>The vendor's result of a new session.</summary>
    public static RecordFaceScan Result(bool passed, string vendorReference) =>
        new(TestSecrets.Fingerprint($"scan-session-{Interlocked.Increment(ref _next)}"), passed, vendorReference);
}
