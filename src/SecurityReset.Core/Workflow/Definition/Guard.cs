
namespace SecurityReset.Workflow.Definition;

/// <summary>
/// One named rule of a transition: the label the diagram shows, the error code a refusal carries, and the code
/// that decides. The decider and the Stateless configuration evaluate this very object, so a label cannot drift
/// from the rule it names. Immutable and thread-safe.
/// </summary>
internal sealed class Guard
{
    private readonly Func<CommandContext, bool> _holds;
    private readonly Func<CommandContext, string> _message;

    private Guard(string label, string errorCode, bool readsInput, Func<CommandContext, bool> holds, Func<CommandContext, string> message, bool readsVendorAnswer = false, bool comparesAccountDetails = false)
    {
        Label = label;
        ErrorCode = errorCode;
        ReadsInput = readsInput;
        ReadsVendorAnswer = readsVendorAnswer;
        ComparesAccountDetails = comparesAccountDetails;
        _holds = holds;
        _message = message;
        Description = $"{label} | {errorCode}";
    }

    /// <summary>What the rule asks, as the diagram shows it.</summary>
    public string Label { get; }

    /// <summary>The stable error code of a refusal by this rule.</summary>
    public string ErrorCode { get; }

    /// <summary>
    /// Whether the rule reads the command's own input. Rules that read only the case, the actor and the time also
    /// answer "may this happen now?" before any input exists (available actions, vendor calls).
    /// </summary>
    public bool ReadsInput { get; }

    /// <summary>Whether the rule reads what a vendor answered (the command then carries it); such a rule also reads the input.</summary>
    public bool ReadsVendorAnswer { get; }

    /// <summary>
    /// Whether the rule compares what the applicant typed with what the account holds. Its refusal answers "is this
    /// the account's?", so it is a failed check: the decision records it and the account counts it, and a stranger
    /// cannot ask without limit.
    /// </summary>
    public bool ComparesAccountDetails { get; }

    /// <summary>The label with its error code: the guard text of the diagram.</summary>
    public string Description { get; }

    /// <summary>A rule over the case, the actor and the time only.</summary>
    public static Guard OnCase(string label, string errorCode, string message, Func<CommandContext, bool> holds) =>
        new(label, errorCode, readsInput: false, holds, _ => message);

    /// <summary>A rule that reads the command's input.</summary>
    public static Guard OnInput(string label, string errorCode, string message, Func<CommandContext, bool> holds) =>
        new(label, errorCode, readsInput: true, holds, _ => message);

    /// <summary>A rule that reads the command's input, with a message worded from it.</summary>
    public static Guard OnInput(string label, string errorCode, Func<CommandContext, string> message, Func<CommandContext, bool> holds) =>
        new(label, errorCode, readsInput: true, holds, message);

    /// <summary>A rule that compares the command's input with the account's own details: a refusal is a counted failure.</summary>
    public static Guard OnAccountDetails(string label, string errorCode, string message, Func<CommandContext, bool> holds) =>
        new(label, errorCode, readsInput: true, holds, _ => message, comparesAccountDetails: true);

    /// <summary>A rule that reads the vendor's answer the command carries: the service asks the vendor only when the rules before it hold.</summary>
    public static Guard OnVendorAnswer(string label, string errorCode, string message, Func<CommandContext, bool> holds) =>
        new(label, errorCode, readsInput: true, holds, _ => message, readsVendorAnswer: true);

    /// <summary>
    /// A rule checked by a validator whose first failure may carry one of several codes: this guard fails only
    /// when that first failure carries <paramref name="errorCode"/>, so a chain of such guards in the validator's
    /// rule order refuses with the validator's first failure.
    /// </summary>
    public static Guard Validated(string label, string errorCode, Func<CommandContext, ResetError?> firstError) =>
        new(label, errorCode, readsInput: true,
            c => c.FirstError(firstError)?.Code != errorCode,
            c => c.FirstError(firstError)?.Message ?? errorCode);

    public bool Holds(CommandContext context) => _holds(context);

    public ResetError Refusal(CommandContext context) => new(ErrorCode, _message(context));

    public override string ToString() => Description;
}
