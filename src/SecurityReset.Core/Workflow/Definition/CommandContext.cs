using SecurityReset.Ports;
using SecurityReset.Workflow.Commands;

namespace SecurityReset.Workflow.Definition;

/// <summary>
/// One command in its case: what every guard and effect reads (the snapshot, the command, the actor, the time,
/// the rules) and the helpers effects build their decisions with. It is the parameter of the Stateless
/// triggers, so the diagram's guards are evaluated on exactly what the decider sees. Not thread-safe; one per decision.
/// </summary>
internal sealed class CommandContext
{
    private readonly CaseDecider _decider;
    private Func<CommandContext, ResetError?>? _validated;
    private ResetError? _validatedError;

    internal CommandContext(CaseDecider decider, ResetCase current, CaseCommand? command, CaseTrigger trigger, Actor actor, DateTimeOffset now, byte[]? authenticatorSecret)
    {
        _decider = decider;
        Case = current;
        Command = command;
        Trigger = trigger;
        Actor = actor;
        Now = now;
        AuthenticatorSecret = authenticatorSecret;
    }

    /// <summary>The case as loaded.</summary>
    public ResetCase Case { get; }

    /// <summary>The command; <see langword="null"/> when only the case-level guards are asked (no input yet).</summary>
    public CaseCommand? Command { get; }

    public CaseTrigger Trigger { get; internal set; }

    public Actor Actor { get; }

    public DateTimeOffset Now { get; }

    public SecurityResetOptions Options => _decider.Options;

    /// <summary>The account's authenticator secret, given only for <see cref="VerifyAuthenticator"/>.</summary>
    public byte[]? AuthenticatorSecret { get; }

    /// <summary>The transition being decided; set by the decider before the effect runs.</summary>
    internal Transition? Transition { get; set; }

    internal CodeHasher Hasher => _decider.Hasher;

    internal IVerificationCodeGenerator Generator => _decider.Generator;

    /// <summary>The destination a code command names.</summary>
    public VerificationTarget Target => Command switch
    {
        RequestCode r => r.Target,
        VerifyCode v => v.Target,
        ReleaseUndeliveredCode r => r.Target,
        _ => throw new InvalidOperationException($"{Trigger} names no destination."),
    };

    /// <summary>
    /// The first failure a validator finds in the command's input, asked once per decision: the guards of a chain
    /// (<see cref="Guard.Validated"/>) each ask the same validator, which would otherwise run once per guard.
    /// </summary>
    internal ResetError? FirstError(Func<CommandContext, ResetError?> validate)
    {
        if (_validated != validate)
        {
            _validatedError = validate(this);
            _validated = validate;
        }

        return _validatedError;
    }

    /// <summary>The command as its concrete type.</summary>
    public T Input<T>()
        where T : CaseCommand => (T)Command!;

    /// <summary>The code challenge of a destination in this case, if any.</summary>
    public CodeChallenge? Challenge(VerificationTarget target) => Case.Challenge(target);

    /// <summary>Moves to <paramref name="destination"/> with one event.</summary>
    public Decision Go(CaseState destination, string eventType, string? detail, ResetCase changed) =>
        Decision.Accept(Advance(changed, destination), Event(eventType, detail));

    /// <summary>Stays in the current state with one event.</summary>
    public Decision Stay(string eventType, string? detail, ResetCase changed) => Go(Case.State, eventType, detail, changed);

    /// <summary>Records a failed check (it counts) and answers with an error.</summary>
    public Decision Fail(ResetCase changed, string eventType, string? detail, string errorCode, string message) =>
        Decision.Fail(Advance(changed, Case.State), Event(eventType, detail), new ResetError(errorCode, message));

    /// <summary>After one item verified: move on when every remaining item is verified, else stay.</summary>
    public Decision ItemVerified(ResetCase verified, string eventType, string? detail) =>
        (verified.VerifiedItems & verified.RemainingItems) == verified.RemainingItems
            ? Verified(verified, VerificationMethod.Codes, eventType, detail)
            : Decision.Accept(Advance(verified, CaseState.VerifyingItems), Event(eventType, detail));

    /// <summary>Verification passed: ask the policy for the steps and move to the first one.</summary>
    public Decision Verified(ResetCase verified, VerificationMethod method, string eventType, string? detail)
    {
        var context = new StepPolicyContext(verified.SelectedItems, verified.RemainingItems, verified.Account.Kyc, method);
        var steps = Options.StepPolicy.Decide(context) & RequiredSteps.All;
        if (method == VerificationMethod.NothingRemained)
        {
            // Nothing was verified: whatever the policy says, the reviewer gets identity evidence to judge.
            steps |= RequiredSteps.IdentityVerification;
        }

        // One copy for the method, the steps and the move: a snapshot copy is most of what a decision allocates.
        var next = verified with
        {
            VerificationMethod = method,
            RequiredSteps = steps,
            State = Allowed(FirstOpenStep(verified, steps)),
            Version = Case.Version + 1,
        };
        CaseEvent[] events =
        [
            Event(eventType, detail),
            Event(CaseEventTypes.VerificationCompleted, $"{method}:{steps}"),
        ];
        return Decision.Accept(next, events);
    }

    /// <summary>After a step completed in its own state: move to the next required one (or stay while amending).</summary>
    public Decision MoveOn(ResetCase changed, string eventType, string? detail) =>
        Case.State == CaseState.InformationRequested
            ? Decision.Accept(Advance(changed, CaseState.InformationRequested), Event(eventType, detail))
            : Decision.Accept(Advance(changed, FirstOpenStep(changed, changed.RequiredSteps)), Event(eventType, detail));

    /// <summary>Marks an amendment when the case is amending after a reviewer's request.</summary>
    public ResetCase Amended(AmendableItems item) =>
        Case.State == CaseState.InformationRequested ? Case with { Amended = Case.Amended | item } : Case;

    /// <summary>The case with a destination's challenge added or replaced.</summary>
    public static ResetCase WithChallenge(ResetCase c, CodeChallenge challenge)
    {
        var index = -1;
        for (var i = 0; i < c.Challenges.Length; i++)
        {
            if (c.Challenges[i].Target == challenge.Target)
            {
                index = i;
            }
        }

        return c with { Challenges = index < 0 ? c.Challenges.Add(challenge) : c.Challenges.SetItem(index, challenge) };
    }

    public CaseEvent Event(string type, string? detail) => new(Case.Id, Case.Version + 1, type, Now, Actor, detail);

    /// <summary>The first step the policy requires that is not done yet.</summary>
    private static CaseState FirstOpenStep(ResetCase c, RequiredSteps required)
    {
        if ((required & RequiredSteps.Questionnaire) != 0 && c.Questionnaire is null)
        {
            return CaseState.Questionnaire;
        }

        if ((required & RequiredSteps.SupplementaryProofs) != 0 && c.Proofs.IsDefaultOrEmpty)
        {
            return CaseState.SupplementaryProofs;
        }

        return (required & RequiredSteps.IdentityVerification) != 0 ? CaseState.IdentityVerification : CaseState.ReadyToSubmit;
    }

    /// <summary>The next snapshot, after checking the transition declares the move.</summary>
    private ResetCase Advance(ResetCase next, CaseState destination) => next with { State = Allowed(destination), Version = Case.Version + 1 };

    /// <summary>The destination, after checking the transition declares the move.</summary>
    private CaseState Allowed(CaseState destination) =>
        Transition is not null && Transition.To.Allows(Case.State, destination)
            ? destination
            : throw new InvalidOperationException($"The workflow definition does not lead from {Case.State} to {destination} on {Trigger}.");
}
