using System.Diagnostics;
using System.Globalization;
using SecurityReset.CrashTests.Driver;

namespace SecurityReset.CrashTests;

/// <summary>What a crash run did.</summary>
internal sealed record CrashReport(int Seed, int Kills, int Lives, int Scenarios, int KilledInStep, int CommittedUnacknowledged, int Redelivered, int ResetRetried, TimeSpan Elapsed)
{
    public override string ToString() =>
        $"seed {Seed}: {Kills} kills over {Lives} lives, {Scenarios} whole cases, {KilledInStep} kills with a step in flight " +
        $"({CommittedUnacknowledged} after its commit, before its answer), {Redelivered} messages handed over again after a kill, " +
        $"{ResetRetried} resets asked again after a kill, {Elapsed.TotalSeconds:F1} s";
}

/// <summary>
/// Drives whole cases through child processes and kills each with SIGKILL at a random moment: after a random number of
/// acknowledged steps and a random part of a step's time. After every kill the store is read directly: the case is
/// where it was before the step in flight or where that step takes it, and its trail verifies. Then a new child takes
/// the case up where the store says, retrying the step in flight with its idempotency key, as a client would. At the
/// end the children's journals are checked: every committed message reached the gateway, none twice in one life nor
/// after it was settled, no message was made twice, and every reset was asked for before its case completed.
/// </summary>
internal sealed class CrashRun(CrashDatabase database, int seed, int kills)
{
    private static readonly TimeSpan LifeGap = TimeSpan.FromSeconds(20); // past the dispatcher's lease (10 s)

    private readonly Random _random = new(seed);
    private readonly Random _kinds = new(seed ^ 0x5EED); // apart, so that the kill plan does not depend on how far the cases got
    private readonly List<(ScenarioKind Kind, int N)> _scenarios = [];
    private readonly HashSet<Guid> _pendingAfterKills = [];
    private readonly string _journal = Path.Combine(database.Folder, "journal.log");
    private readonly int _accounts = (kills / 2) + 20;

    // Where the run is: the next step to acknowledge, and the case as its last acknowledgement showed it.
    private int _scenario;
    private int _index;
    private CaseId? _caseId;
    private string? _credential;
    private CaseState _state;
    private long _version;

    private DateTimeOffset _now = DriverHost.Start;
    private long _sequence;
    private int _lives;
    private int _killedInStep;
    private int _committedUnacknowledged;
    private double _stepMilliseconds = 50;
    private Child? _spare;

    public async Task<CrashReport> RunAsync()
    {
        var clock = Stopwatch.StartNew();
        using var reader = new DriverHost(database.Location, null, _accounts);
        try
        {
            for (var kill = 0; kill < kills; kill++)
            {
                await LifeAsync(reader, killed: true);
            }

            // The last life finishes the case in flight and exits on its own.
            while (_index != 0)
            {
                await LifeAsync(reader, killed: false);
            }
        }
        finally
        {
            _spare?.Dispose();
        }

        var (redelivered, resetRetried) = await CheckJournalAsync(reader);
        return new CrashReport(seed, kills, _lives, _scenario, _killedInStep, _committedUnacknowledged, redelivered, resetRetried, clock.Elapsed);
    }

    private async Task LifeAsync(DriverHost reader, bool killed)
    {
        _lives++;
        _now += LifeGap;
        string[] arguments = ["crash", .. database.Location.Arguments(), "--journal", _journal, "--accounts", _accounts.ToString(CultureInfo.InvariantCulture)];

        // The next life's process starts now and warms up while this one works: it touches the store only once resumed.
        using var child = _spare ?? Child.Start(arguments);
        _spare = killed ? Child.Start(arguments) : null;
        await child.ReadyAsync();
        child.Send(string.Join('\t', "resume", _lives.ToString(CultureInfo.InvariantCulture), _caseId?.ToString() ?? "-", _credential ?? "-"));

        // The steps this life is sent: a few, or the rest of the case for the last life.
        var sent = new List<(int Scenario, int Index)>();
        var (scenario, index) = (_scenario, _index);
        var batch = killed ? _random.Next(1, 7) : int.MaxValue;
        while (sent.Count < batch && (killed || sent.Count == 0 || index != 0))
        {
            var (kind, n) = Scenario(scenario);
            _now += TimeSpan.FromSeconds(1);
            sent.Add((scenario, index));
            child.Send(string.Join('\t', "step", (_sequence + sent.Count).ToString(CultureInfo.InvariantCulture), kind, n.ToString(CultureInfo.InvariantCulture),
                index.ToString(CultureInfo.InvariantCulture), _now.UtcTicks.ToString(CultureInfo.InvariantCulture)));
            if (++index == Scenarios.Steps(kind).Count)
            {
                (scenario, index) = (scenario + 1, 0);
            }
        }

        var acknowledged = 0;
        if (!killed)
        {
            child.EndInput();
            foreach (var line in (await child.RestAsync()).Where(l => !IsMark(l)))
            {
                Acknowledge(line, sent[acknowledged++]);
            }

            Check(await child.ExitAsync(TimeSpan.FromMinutes(2)) == 0, $"the last child failed: {child.Errors}");
            Check(acknowledged == sent.Count, $"the last child acknowledged {acknowledged} of {sent.Count} steps: {child.Errors}");
            return;
        }

        // Killed after a random number of acknowledgements, then either a random part of a step's time later, or (one
        // kill in three) as soon as the child announces its next commit, hand-over or reset: the narrow windows after a
        // commit and before its answer, and after a hand-over and before the message is settled.
        var killAfter = _random.Next(0, sent.Count);
        var fraction = _random.NextDouble();
        var onMark = _random.Next(3) == 0;
        var marksToSkip = _random.Next(0, 3);
        var last = Stopwatch.StartNew();
        while (acknowledged < killAfter)
        {
            var line = await child.ReadLineAsync(TimeSpan.FromMinutes(2));
            Check(line is not null, $"the child ended before its kill: {child.Errors}");
            if (IsMark(line!))
            {
                continue;
            }

            Acknowledge(line!, sent[acknowledged++]);
            _stepMilliseconds = (_stepMilliseconds * 0.9) + (last.Elapsed.TotalMilliseconds * 0.1);
            last.Restart();
        }

        if (onMark)
        {
            while (acknowledged < sent.Count)
            {
                var line = await child.ReadLineAsync(TimeSpan.FromMinutes(2));
                Check(line is not null, $"the child ended before its kill: {child.Errors}");
                if (!IsMark(line!))
                {
                    Acknowledge(line!, sent[acknowledged++]);
                }
                else if (marksToSkip-- == 0)
                {
                    break;
                }
            }
        }
        else
        {
            await Task.Delay(TimeSpan.FromMilliseconds(fraction * _stepMilliseconds * 1.5));
        }

        child.Kill();
        await child.ExitAsync(TimeSpan.FromMinutes(1));
        foreach (var line in (await child.RestAsync()).Where(l => !IsMark(l)))
        {
            Acknowledge(line, sent[acknowledged++]);
        }

        await AfterKillAsync(reader, acknowledged < sent.Count ? sent[acknowledged] : null);
    }

    private static bool IsMark(string line) => line.StartsWith("mark\t", StringComparison.Ordinal);

    /// <summary>Takes an acknowledgement: the step succeeded, and left the case where the scenario says.</summary>
    private void Acknowledge(string line, (int Scenario, int Index) position)
    {
        var f = line.Split('\t');
        Check(f is ["ack", _, _, _, _, _, _], $"the child wrote {line}");
        _sequence++;
        Check(f[1] == _sequence.ToString(CultureInfo.InvariantCulture), $"acknowledgement {f[1]} where {_sequence} was due");
        var (kind, _) = Scenario(position.Scenario);
        var step = Scenarios.Steps(kind)[position.Index];
        Check(f[6] == "-", $"{kind} step {position.Index} ({step.Action}) was refused: {f[6]}");
        var state = Enum.Parse<CaseState>(f[4]);
        var version = long.Parse(f[5], CultureInfo.InvariantCulture);
        Check(state == step.After, $"{kind} step {position.Index} ({step.Action}) left the case {state}, not {step.After}");
        var expected = step.Action == StepAction.Open ? 1 : _version + 1;
        Check(step.IsDispatch ? version >= _version : version == expected, $"{kind} step {position.Index} ({step.Action}) answered version {version} after {_version}");
        Check(CaseId.TryParse(f[2], out var caseId), $"the child answered case {f[2]}");
        (_caseId, _credential, _state, _version) = (caseId, f[3] == "-" ? null : f[3], state, version);
        (_scenario, _index) = position.Index + 1 == Scenarios.Steps(kind).Count ? (position.Scenario + 1, 0) : (position.Scenario, position.Index + 1);
    }

    /// <summary>Reads the store after a kill: the case is before the step in flight or after it, never between, and its trail holds.</summary>
    private async Task AfterKillAsync(DriverHost reader, (int Scenario, int Index)? inFlight)
    {
        var ct = TestContext.Current.CancellationToken;
        _pendingAfterKills.UnionWith(await database.OutboxIdsAsync());
        if (inFlight is not { } position)
        {
            var idle = await reader.Store.LoadAsync(_caseId!.Value, ct);
            Check(idle!.State == _state && idle.Version == _version, $"killed between steps, the case is {idle.State} v{idle.Version}, not {_state} v{_version}");
            await TrailHoldsAsync(reader, idle.Id);
            return;
        }

        _killedInStep++;
        var (kind, n) = Scenario(position.Scenario);
        var step = Scenarios.Steps(kind)[position.Index];
        var where = $"killed in {kind} step {position.Index} ({step.Action})";
        if (step.Action == StepAction.Open)
        {
            var opened = await reader.Store.FindOpenCaseAsync(Scenarios.Account(kind, n).Record.AccountId, ct);
            Check(opened is null || (opened.State == CaseState.SelectingItems && opened.Version == 1), $"{where}: the new case is {opened?.State} v{opened?.Version}");
            if (opened is not null)
            {
                _committedUnacknowledged++;
                await TrailHoldsAsync(reader, opened.Id);
            }

            return;
        }

        var stored = (await reader.Store.LoadAsync(_caseId!.Value, ct))!;
        var before = stored.State == _state && stored.Version == _version;
        if (step.IsDispatch)
        {
            Check((stored.State == _state || stored.State == step.After) && stored.Version >= _version, $"{where}: the case is {stored.State} v{stored.Version} after {_state} v{_version}");
        }
        else
        {
            var after = stored.State == step.After && stored.Version == _version + 1;
            Check(before || after, $"{where}: the case is {stored.State} v{stored.Version}, neither {_state} v{_version} nor {step.After} v{_version + 1}");
            if (after)
            {
                _committedUnacknowledged++;
            }
        }

        await TrailHoldsAsync(reader, stored.Id);
    }

    private async Task TrailHoldsAsync(DriverHost reader, CaseId caseId)
    {
        var trail = await reader.Service.VerifyTrailAsync(caseId, TestContext.Current.CancellationToken);
        Check(trail.View is { Holds: true }, $"the trail of {caseId} does not hold: {trail.ErrorCode} {trail.View}");
    }

    /// <summary>Checks what the children's journals and the store say once the last case completed.</summary>
    private async Task<(int Redelivered, int ResetRetried)> CheckJournalAsync(DriverHost reader)
    {
        var ct = TestContext.Current.CancellationToken;
        Check((await database.OutboxIdsAsync()).Count == 0, "messages are left in the outbox");

        var records = Journal.Read(_journal);
        var attempted = new Dictionary<(string Case, string Version), IReadOnlyList<Guid>>();
        var attemptedAny = new HashSet<Guid>();
        var caseOf = new Dictionary<Guid, string>();
        var committed = new HashSet<Guid>();
        var settledAt = new Dictionary<Guid, int>();
        var completedAt = new Dictionary<string, int>(StringComparer.Ordinal);
        var sends = new List<(Guid Id, int Life, int At, string Case, string What)>();
        var resets = new List<(string Case, int Life, int At)>();
        var life = 0;
        for (var i = 0; i < records.Count; i++)
        {
            var r = records[i];
            switch (r[0])
            {
                case "life":
                    life = int.Parse(r[1], CultureInfo.InvariantCulture);
                    break;
                case "commit?":
                    attempted[(r[1], r[2])] = Journal.ParseIds(r[4]);
                    foreach (var id in Journal.ParseIds(r[4]))
                    {
                        attemptedAny.Add(id);
                        caseOf[id] = r[1];
                    }

                    break;
                case "commit!":
                    committed.UnionWith(attempted[(r[1], r[2])]);
                    foreach (var id in Journal.ParseIds(r[4]))
                    {
                        settledAt.TryAdd(id, i);
                    }

                    if (r[3] == nameof(CaseState.Completed))
                    {
                        completedAt.TryAdd(r[1], i);
                    }

                    break;
                case "send":
                    sends.Add((Journal.ParseIds(r[1])[0], life, i, r[2], $"{r[3]} {r[4]} {(r[3] == "code" ? "" : r[5])}"));
                    break;
                case "done":
                    settledAt.TryAdd(Journal.ParseIds(r[1])[0], i);
                    break;
                case "reset":
                    resets.Add((r[1], life, i));
                    break;
            }
        }

        // A commit the kill cut off before its journal line was written is committed when its messages were in the outbox after the kill.
        committed.UnionWith(attemptedAny.Where(_pendingAfterKills.Contains));

        foreach (var send in sends)
        {
            Check(committed.Contains(send.Id), $"message {send.Id} ({send.What}) reached the gateway but was never committed");
            Check(!settledAt.TryGetValue(send.Id, out var settled) || settled > send.At, $"message {send.Id} ({send.What}) reached the gateway after it was settled");
        }

        foreach (var twice in sends.GroupBy(s => (s.Id, s.Life)).Where(g => g.Count() > 1))
        {
            Check(false, $"message {twice.Key.Id} reached the gateway {twice.Count()} times in life {twice.Key.Life}, which was not killed in between");
        }

        var sent = sends.Select(s => s.Id).ToHashSet();
        var byCase = sends.GroupBy(s => s.Case, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var resetCases = resets.Select(r => r.Case).ToHashSet(StringComparer.Ordinal);
        // The one committed message of a case that goes to the directory rather than the gateway is its reset.
        foreach (var unsent in committed.Where(id => !sent.Contains(id)).GroupBy(id => caseOf[id], StringComparer.Ordinal))
        {
            Check(unsent.Count() == 1 && resetCases.Contains(unsent.Key), $"{unsent.Count()} messages of case {unsent.Key} were committed and never reached the gateway");
        }

        for (var s = 0; s < _scenario; s++)
        {
            var (kind, n) = Scenario(s);
            var account = Scenarios.Account(kind, n).Record.AccountId;
            var caseRecord = resets.FirstOrDefault(r => records[r.At][2] == account);
            Check(caseRecord.Case is not null, $"no reset was applied for {account}");
            var caseText = caseRecord.Case!;
            Check(CaseId.TryParse(caseText, out var caseId), $"the journal names case {caseText}");
            var stored = await reader.Store.LoadAsync(caseId, ct);
            Check(stored?.State == CaseState.Completed, $"the case of {account} ended {stored?.State}");
            await TrailHoldsAsync(reader, caseId);

            // Exactly once: one message per recipient and subject, as many as the scenario sends.
            var messages = byCase.GetValueOrDefault(caseText, []).GroupBy(m => m.What, StringComparer.Ordinal).ToList();
            foreach (var what in messages)
            {
                Check(what.Select(m => m.Id).Distinct().Count() == 1, $"the case of {account} made {what.Key} {what.Select(m => m.Id).Distinct().Count()} times");
            }

            Check(messages.Count == ExpectedMessages(kind), $"the case of {account} delivered {messages.Count} messages, not {ExpectedMessages(kind)}: {string.Join(", ", messages.Select(m => m.Key))}");
            foreach (var reset in resets.Where(r => r.Case == caseText))
            {
                Check(reset.At < completedAt.GetValueOrDefault(caseText, int.MaxValue), $"the reset of {account} was asked for again after its case completed");
            }

            Check(resets.Where(r => r.Case == caseText).GroupBy(r => r.Life).All(g => g.Count() == 1), $"the reset of {account} was asked for twice in one life");
        }

        Check(resetCases.Count == _scenario, $"{resetCases.Count} cases were reset, not {_scenario}");
        var redelivered = sends.Count - sent.Count;
        var resetRetried = resets.Count - resetCases.Count;
        return (redelivered, resetRetried);
    }

    /// <summary>The messages a whole case sends: notices of the opening, the submission, the approval and the reset, and its codes.</summary>
    private static int ExpectedMessages(ScenarioKind kind) => kind == ScenarioKind.Codes ? 11 : 8;

    private (ScenarioKind Kind, int N) Scenario(int index)
    {
        while (_scenarios.Count <= index)
        {
            var kind = _kinds.Next(3) == 0 ? ScenarioKind.FaceScan : ScenarioKind.Codes;
            _scenarios.Add((kind, _scenarios.Count(s => s.Kind == kind)));
        }

        return _scenarios[index];
    }

    private void Check(bool condition, string problem)
    {
        if (!condition)
        {
            Assert.Fail($"{problem} (seed {seed}, life {_lives}; replay with {CrashSettings.SeedVariable}={seed.ToString(CultureInfo.InvariantCulture)})");
        }
    }
}
