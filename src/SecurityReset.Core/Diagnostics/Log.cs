using Microsoft.Extensions.Logging;
using SecurityReset.Workflow;

namespace SecurityReset;

/// <summary>
/// Every log line the service writes. Arguments are ids, states, triggers and error codes only: never a code,
/// secret, contact, document number or exception message (which may quote them) — exceptions are logged by type.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Reset case {CaseId} opened ({Channel}/{EntryPoint})")]
    public static partial void CaseOpened(ILogger logger, CaseId caseId, Channel channel, EntryPoint entryPoint);

    [LoggerMessage(2, LogLevel.Information, "Reset case {CaseId}: {Trigger} accepted, now {State} v{Version}")]
    public static partial void CommandAccepted(ILogger logger, CaseId caseId, CaseTrigger trigger, CaseState state, long version);

    [LoggerMessage(3, LogLevel.Information, "Reset case {CaseId}: {Trigger} refused with {ErrorCode}")]
    public static partial void CommandRefused(ILogger logger, CaseId caseId, CaseTrigger trigger, string errorCode);

    [LoggerMessage(4, LogLevel.Debug, "Reset case {CaseId}: version conflict on attempt {Attempt}, deciding again")]
    public static partial void VersionConflict(ILogger logger, CaseId caseId, int attempt);

    [LoggerMessage(5, LogLevel.Warning, "Reset case {CaseId}: delivering outbox message {MessageId} ({Kind}) failed on try {Attempt} ({ExceptionType}); retrying at {DueAt}")]
    public static partial void DeliveryFailed(ILogger logger, CaseId caseId, Guid messageId, string kind, int attempt, string exceptionType, DateTimeOffset dueAt);

    [LoggerMessage(6, LogLevel.Error, "Reset case {CaseId}: outbox message {MessageId} ({Kind}) given up after {Attempts} tries ({Reason})")]
    public static partial void DeliveryGivenUp(ILogger logger, CaseId caseId, Guid messageId, string kind, int attempts, string reason);

    [LoggerMessage(7, LogLevel.Error, "Reset case {CaseId}: applying the approved reset failed ({ExceptionType}); it stays Approved and is retried")]
    public static partial void ResetApplyFailed(ILogger logger, CaseId caseId, string exceptionType);

    [LoggerMessage(8, LogLevel.Warning, "Account limit reached ({Limit}); refused until {Until}")]
    public static partial void AccountLimitReached(ILogger logger, string limit, DateTimeOffset until);

    [LoggerMessage(9, LogLevel.Information, "Reset case {CaseId} expired")]
    public static partial void CaseExpired(ILogger logger, CaseId caseId);

    [LoggerMessage(10, LogLevel.Warning, "Reset case {CaseId}: the audit trail could not be read for the answer ({ExceptionType})")]
    public static partial void AuditTrailUnavailable(ILogger logger, CaseId caseId, string exceptionType);

    [LoggerMessage(11, LogLevel.Warning, "Reset case {CaseId}: applicant command refused, the credential shown is not the case's")]
    public static partial void CredentialRefused(ILogger logger, CaseId caseId);

    [LoggerMessage(12, LogLevel.Information, "Reset case {CaseId} superseded by the account owner's own case")]
    public static partial void CaseSuperseded(ILogger logger, CaseId caseId);

    [LoggerMessage(13, LogLevel.Warning, "Reset case {CaseId}: a reset message was dropped, the case is {State}, not Approved")]
    public static partial void ResetNotApplied(ILogger logger, CaseId caseId, CaseState? state);

    [LoggerMessage(14, LogLevel.Error, "Reset case {CaseId} quarantined: {Reason}; nothing acts on it until an operator looks at it")]
    public static partial void CaseQuarantined(ILogger logger, CaseId caseId, string reason);

    [LoggerMessage(15, LogLevel.Information, "Purge: {Purged} of {Due} due cases redacted; more due: {MoreDue}")]
    public static partial void PurgeRan(ILogger logger, int purged, int due, bool moreDue);

    [LoggerMessage(16, LogLevel.Information, "Reseal batch: {Scanned} cases scanned, {Resealed} resealed under key {KeyId} ({Messages} outbox messages), {Quarantined} quarantined left alone, {Left} left for the next pass; next position {Position}")]
    public static partial void ResealBatch(ILogger logger, int scanned, int resealed, string keyId, int messages, int quarantined, int left, CaseId? position);

    [LoggerMessage(17, LogLevel.Information, "Reseal pass finished (from the first case: {FromStart}): {Resealed} resealed, {Quarantined} quarantined left alone, {Left} left; nothing needs a previous key any more: {NothingLeft}")]
    public static partial void ResealPassFinished(ILogger logger, bool fromStart, int resealed, int quarantined, int left, bool nothingLeft);

    [LoggerMessage(20, LogLevel.Warning, "Reset case {CaseId} is quarantined and its owner opened a new case or its lifetime ended: setting its state to {State} by its columns answered {Result}")]
    public static partial void QuarantinedCaseEnded(ILogger logger, CaseId caseId, CaseState state, Ports.StoreWriteResult result);
}
