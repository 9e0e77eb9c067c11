using System.Diagnostics;
using System.Text;
using System.Threading.Channels;

namespace SecurityReset.CrashTests;

/// <summary>A driver process: its standard output read line by line, its input written a line at a time, killed with SIGKILL.</summary>
internal sealed class Child : IDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = System.Threading.Channels.Channel.CreateUnbounded<string>();
    private readonly StringBuilder _errors = new();

    private Child(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } dotnet ? dotnet : "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(DriverPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // A child lives for a few steps: methods stay at their first tier, which spends no time compiling them again.
        start.Environment["DOTNET_TieredPGO"] = "0";
        start.Environment["DOTNET_TC_CallCounting"] = "0";
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                _lines.Writer.TryComplete();
            }
            else
            {
                _lines.Writer.TryWrite(e.Data);
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_errors)
                {
                    _errors.AppendLine(e.Data);
                }
            }
        };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The driver published precompiled by the build, or the one built with the tests.</summary>
    private static string DriverPath
    {
        get
        {
            var published = Path.Combine(AppContext.BaseDirectory, "driver", "SecurityReset.CrashTests.Driver.dll");
            return File.Exists(published) ? published : Path.Combine(AppContext.BaseDirectory, "SecurityReset.CrashTests.Driver.dll");
        }
    }

    public static Child Start(IEnumerable<string> arguments) => new(arguments);

    /// <summary>What the child wrote to standard error so far.</summary>
    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    /// <summary>The next line, or <see langword="null"/> once the output ended.</summary>
    public async Task<string?> ReadLineAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            return await _lines.Reader.WaitToReadAsync(cancel.Token) && _lines.Reader.TryRead(out var line) ? line : null;
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The child wrote nothing for {timeout}. Its errors: {Errors}");
        }
    }

    /// <summary>The next line if one is already there.</summary>
    public bool TryReadLine(out string? line) => _lines.Reader.TryRead(out line);

    /// <summary>Waits for the next line, until <paramref name="cancellationToken"/> fires.</summary>
    public async Task<bool> WaitForLineAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _lines.Reader.WaitToReadAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    /// <summary>Waits for "ready".</summary>
    public async Task ReadyAsync()
    {
        var line = await ReadLineAsync(TimeSpan.FromMinutes(2));
        if (line != "ready")
        {
            await _process.WaitForExitAsync();
            throw new InvalidOperationException($"The child did not start: {line}. Its errors: {Errors}");
        }
    }

    public void Send(string line)
    {
        try
        {
            _process.StandardInput.WriteLine(line);
            _process.StandardInput.Flush();
        }
        catch (IOException)
        {
            // Killed meanwhile: its input is gone with it.
        }
    }

    /// <summary>Closes its input: a driver in step mode then exits.</summary>
    public void EndInput() => _process.StandardInput.Close();

    /// <summary>SIGKILL: nothing in the process runs after it, no finally block, no flush.</summary>
    public void Kill() => _process.Kill();

    /// <summary>Waits for the process to end and its output to be read to the end.</summary>
    public async Task<int> ExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    /// <summary>Every line still to read, once the process ended.</summary>
    public async Task<IReadOnlyList<string>> RestAsync()
    {
        var rest = new List<string>();
        await foreach (var line in _lines.Reader.ReadAllAsync())
        {
            rest.Add(line);
        }

        return rest;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }
}
