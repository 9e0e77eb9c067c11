using SecurityReset.Cases;
using SecurityReset.Workflow;

namespace SecurityReset.Service;

/// <summary>What a reviewer sees: the whole snapshot (contacts masked, questionnaire score included) and the audit trail. Immutable.</summary>
/// <param name="Case">The case snapshot.</param>
/// <param name="AuditTrail">Its events, in version order.</param>
public sealed record ReviewerCaseView(ResetCase Case, IReadOnlyList<CaseEvent> AuditTrail);
