
namespace SecurityReset.Workflow.Commands;

/// <summary>The applicant gives the new contact to bind (protected by the service).</summary>
/// <param name="Contact">The new contact.</param>
internal sealed record SetNewContact(ProtectedContact Contact) : CaseCommand
{
    /// <inheritdoc />
    public override CaseTrigger Trigger => CaseTrigger.SetNewContact;
}
