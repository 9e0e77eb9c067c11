
namespace SecurityReset.EntityFrameworkCore.Model;

// The tables' rows. Internal: the stores are the public surface; the columns are documented in the schema scripts.
// Timestamps are UTC ticks (100 ns since 0001-01-01T00:00Z): exact, and ordered and compared correctly in SQL on
// every provider, where SQLite keeps a DateTimeOffset as text and PostgreSQL's timestamptz keeps microseconds only.

/// <summary>One case: the columns the queries need, and the snapshot as the library's opaque payload.</summary>
internal sealed class CaseRow
{
    public Guid Id { get; set; }

    public string AccountId { get; set; } = "";

    public CaseState State { get; set; }

    public long ExpiresAtUtcTicks { get; set; }

    public long? SubmittedAtUtcTicks { get; set; }

    public long? DecidedAtUtcTicks { get; set; }

    /// <summary>When the ended case's personal data falls due for the purge; null while open and once purged.</summary>
    public long? PurgeAfterUtcTicks { get; set; }

    public long Version { get; set; }

    public byte[] Payload { get; set; } = [];
}

/// <summary>One audit event; append-only.</summary>
internal sealed class CaseEventRow
{
    public Guid CaseId { get; set; }

    public long Version { get; set; }

    public int Sequence { get; set; }

    public string Type { get; set; } = "";

    public long OccurredAtUtcTicks { get; set; }

    public ActorKind ActorKind { get; set; }

    public string ActorId { get; set; } = "";

    public string? Detail { get; set; }

    /// <summary>The seal chaining the event to the one before it (written by SecurityReset.Core, opaque to the store).</summary>
    public string? Seal { get; set; }
}

/// <summary>One account guard: its version, and its counts as the library's opaque payload.</summary>
internal sealed class AccountGuardRow
{
    /// <summary>The longest payload the library writes.</summary>
    public const int PayloadMax = SecurityReset.Limits.AccountLimitsFormat.MaxLength;

    public string AccountId { get; set; } = "";

    public long Version { get; set; }

    public string Payload { get; set; } = "";
}

/// <summary>One idempotency record.</summary>
internal sealed class IdempotencyRow
{
    public string Key { get; set; } = "";

    public string RequestHash { get; set; } = "";

    public string ResultJson { get; set; } = "";

    public long ExpiresAtUtcTicks { get; set; }
}

/// <summary>One outbox message: sealed by the library, kept byte for byte until delivered or given up.</summary>
internal sealed class OutboxRow
{
    public Guid Id { get; set; }

    public Guid CaseId { get; set; }

    public long DueAtUtcTicks { get; set; }

    public int Attempts { get; set; }

    /// <summary>The claim holding the message, or <see langword="null"/> when none does.</summary>
    public Guid? ClaimToken { get; set; }

    public byte[] Payload { get; set; } = [];
}
