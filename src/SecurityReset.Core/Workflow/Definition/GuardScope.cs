namespace SecurityReset.Workflow.Definition;

/// <summary>Which of a transition's guards a question checks.</summary>
internal enum GuardScope
{
    /// <summary>Every guard, in order: the decision itself.</summary>
    All,

    /// <summary>
    /// The guards before the first one that reads the input: a refusal here is the refusal the decision would
    /// give whatever the input, so the service can answer it before asking a vendor.
    /// </summary>
    BeforeInput,

    /// <summary>Every guard that does not read the input: whether some input could succeed now (available actions).</summary>
    CaseOnly,

    /// <summary>
    /// The guards before the first one that reads a vendor's answer, the applicant's own input included: a refusal
    /// here is the refusal the decision would give whatever the vendor answers, so the service need not ask it.
    /// </summary>
    BeforeVendor,
}
