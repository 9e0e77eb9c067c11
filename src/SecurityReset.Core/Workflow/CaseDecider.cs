using System.Collections.Concurrent;
using System.Collections.ObjectModel;
using System.Numerics;
using SecurityReset.Ports;
using SecurityReset.Workflow.Commands;
using SecurityReset.Workflow.Definition;

namespace SecurityReset.Workflow;

/// <summary>
/// The pure decision core: given a case snapshot, a command, the actor and the current time, it finds the
/// transition <see cref="CaseWorkflow"/> declares, checks its guards in order, and runs its effect. No I/O, no
/// clock, no randomness but the injected code generator. Thread-safe.
/// </summary>
internal sealed class CaseDecider
{
    /// <summary>Creates a decider over validated options; it does not check them again.</summary>
    /// <param name="options">The rules; must have passed <see cref="SecurityResetOptionsValidator"/> (the service and <c>AddSecurityReset</c> check them).</param>
    /// <param name="generator">Where codes come from; the CSPRNG when <see langword="null"/>.</param>
    public CaseDecider(SecurityResetOptions options, IVerificationCodeGenerator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        Generator = generator ?? RandomVerificationCodeGenerator.Instance;
        Hasher = new CodeHasher(new SecretKeyring(options.SecretKey!).CodeKey);
    }

    internal SecurityResetOptions Options { get; }

    internal IVerificationCodeGenerator Generator { get; }

    internal CodeHasher Hasher { get; }

    /// <summary>Opens a case for an account.</summary>
    /// <param name="id">The new case's id.</param>
    /// <param name="account">The account as the directory knows it now.</param>
    /// <param name="channel">Web or app.</param>
    /// <param name="entryPoint">How the applicant got here.</param>
    /// <param name="now">The current time.</param>
    /// <param name="lastAcceptedTotpStep">The last authenticator step accepted for the account in earlier cases.</param>
    /// <returns>The accepted decision with the new case at version 1.</returns>
    public Decision Open(CaseId id, AccountSnapshot account, Channel channel, EntryPoint entryPoint, DateTimeOffset now, long? lastAcceptedTotpStep = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        var opened = new ResetCase
        {
            Id = id,
            Version = 1,
            State = CaseState.SelectingItems,
            Channel = channel,
            EntryPoint = entryPoint,
            Account = account,
            OpenedAt = now,
            ExpiresAt = now + Options.Lifetimes.Case,
            LastAcceptedTotpStep = lastAcceptedTotpStep,
        };
        var actor = Actor.Applicant(account.AccountId);
        return Decision.Accept(opened, new CaseEvent(id, 1, CaseEventTypes.Opened, now, actor, $"{channel}/{entryPoint}"));
    }

    /// <summary>Decides one command.</summary>
    /// <param name="current">The case as loaded.</param>
    /// <param name="command">The command.</param>
    /// <param name="actor">Who sends it.</param>
    /// <param name="now">The current time.</param>
    /// <param name="authenticatorSecret">The account's authenticator secret, needed only by <see cref="VerifyAuthenticator"/>.</param>
    /// <returns>The decision.</returns>
    public Decision Decide(ResetCase current, CaseCommand command, Actor actor, DateTimeOffset now, byte[]? authenticatorSecret = null)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(actor);

        var transition = CaseWorkflow.Find(current.State, command.Trigger);
        if (transition is null)
        {
            return Decision.Refuse(current, new ResetError(ErrorCodes.TransitionNotAllowed, $"{command.Trigger} is not allowed while the case is {current.State}."));
        }

        var context = new CommandContext(this, current, command, command.Trigger, actor, now, authenticatorSecret);
        var unmet = transition.FirstUnmet(context);
        if (unmet is null)
        {
            return Apply(transition, context);
        }

        // A mismatch with the account's own details is a failed check, recorded like a wrong code so that the
        // account counts it: otherwise a stranger could test document numbers or contacts without limit.
        return unmet.ComparesAccountDetails
            ? Decision.Fail(current with { Version = current.Version + 1 }, context.Event(CaseEventTypes.DetailMismatched, unmet.ErrorCode), unmet, unmet.Refusal(context))
            : Decision.Refuse(current, unmet, unmet.Refusal(context));
    }

    /// <summary>
    /// The refusal the decision would give whatever the input (the guards before the first one that reads it), or
    /// <see langword="null"/>. The service asks this before it calls a vendor.
    /// </summary>
    internal ResetError? Check(ResetCase current, CaseTrigger trigger, Actor actor, DateTimeOffset now)
    {
        var transition = CaseWorkflow.Find(current.State, trigger);
        if (transition is null)
        {
            return new ResetError(ErrorCodes.TransitionNotAllowed, $"{trigger} is not allowed while the case is {current.State}.");
        }

        var context = new CommandContext(this, current, null, trigger, actor, now, null);
        return transition.FirstUnmet(context, GuardScope.BeforeInput)?.Refusal(context);
    }

    /// <summary>
    /// The refusal the decision would give whatever a vendor answers (the guards before the first one that reads the
    /// vendor's answer, on the applicant's own input), or <see langword="null"/>. The service asks this before it asks the vendor.
    /// </summary>
    /// <param name="current">The case as loaded.</param>
    /// <param name="command">The command as far as it is known before the vendor answers.</param>
    /// <param name="actor">Who sends it.</param>
    /// <param name="now">The current time.</param>
    internal ResetError? CheckBeforeVendor(ResetCase current, CaseCommand command, Actor actor, DateTimeOffset now)
    {
        var transition = CaseWorkflow.Find(current.State, command.Trigger);
        if (transition is null)
        {
            return new ResetError(ErrorCodes.TransitionNotAllowed, $"{command.Trigger} is not allowed while the case is {current.State}.");
        }

        var context = new CommandContext(this, current, command, command.Trigger, actor, now, null);
        return transition.FirstUnmet(context, GuardScope.BeforeVendor)?.Refusal(context);
    }

    /// <summary>The actions an actor may take now, as far as the case and the time tell, in trigger order.</summary>
    /// <returns>A read-only list shared by every answer with the same actions: a view is built on every call, so its list is not.</returns>
    internal IReadOnlyList<CaseAction> Available(ResetCase current, Actor actor, DateTimeOffset now)
    {
        CommandContext? context = null;
        var triggers = CaseWorkflow.TriggersOf(current.State);
        var open = 0u; // bit i: the state's trigger i is open (there are fewer than 32 triggers in all; a test holds it)
        for (var i = 0; i < triggers.Count; i++)
        {
            var trigger = triggers[i];
            var transition = CaseWorkflow.Find(current.State, trigger)!;

            // Who may fire it is the transition's first guard. One context serves every trigger: without input, only the
            // trigger differs between the questions.
            context ??= new CommandContext(this, current, null, trigger, actor, now, null);
            context.Trigger = trigger;
            if (transition.FirstUnmet(context, GuardScope.CaseOnly) is null)
            {
                open |= 1u << i;
            }
        }

        if (open == 0)
        {
            return [];
        }

        var key = ((long)current.State << 32) | open;
        return AvailableLists.TryGetValue(key, out var known)
            ? known
            : AvailableLists.GetOrAdd(key, static (_, state) => ActionsOf(state.Triggers, state.Open), (Triggers: triggers, Open: open));
    }

    /// <summary>
    /// The lists <see cref="Available"/> answers with, by state and open triggers: a handful per state, since a state
    /// has only a few triggers (at most 32, one bit each).
    /// </summary>
    private static readonly ConcurrentDictionary<long, IReadOnlyList<CaseAction>> AvailableLists = new();

    private static ReadOnlyCollection<CaseAction> ActionsOf(IReadOnlyList<CaseTrigger> triggers, uint open)
    {
        var actions = new List<CaseAction>(BitOperations.PopCount(open));
        for (var i = 0; i < triggers.Count; i++)
        {
            if ((open & (1u << i)) != 0)
            {
                actions.Add(AsAction(triggers[i]));
            }
        }

        return actions.AsReadOnly();
    }

    /// <summary>The public name of a trigger an applicant or a reviewer fires (the numbers are shared).</summary>
    internal static CaseAction AsAction(CaseTrigger trigger) => (CaseAction)(int)trigger;

    /// <summary>Runs a transition's effect once its guards held.</summary>
    internal static Decision Apply(Transition transition, CommandContext context)
    {
        context.Transition = transition;
        return transition.Effect(context).Asking(transition.Asks);
    }
}
