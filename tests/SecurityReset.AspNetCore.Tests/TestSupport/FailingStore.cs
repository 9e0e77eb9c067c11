using System.Reflection;
using System.Runtime.ExceptionServices;
using SecurityReset.Ports;

namespace SecurityReset.AspNetCore.Tests.TestSupport;

/// <summary>
/// A store whose outbox claim always throws (a store out of reach, say), with a message that names an address the
/// health check must not repeat; every other call goes to the inner store.
/// </summary>
public class FailingStore : DispatchProxy
{
    public const string SecretInMessage = "owner@example.test";

    private IResetCaseStore? _inner;

    public static IResetCaseStore Wrap(IResetCaseStore inner)
    {
        var proxy = Create<IResetCaseStore, FailingStore>();
        ((FailingStore)(object)proxy)._inner = inner;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name == nameof(IResetCaseStore.ClaimMessagesAsync))
        {
            return Task.FromException<IReadOnlyList<OutboxMessage>>(new InvalidOperationException($"The store is out of reach for {SecretInMessage}."));
        }

        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }
    }
}
