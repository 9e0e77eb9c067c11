using System.Globalization;
using System.Text;

namespace SecurityReset.CrashTests.Driver;

/// <summary>
/// An append-only file of what a child did, one tab-separated line per record, written and flushed to the operating
/// system before the call it records returns: a SIGKILL loses no line that was written, and at most the last line is
/// cut short. Every complete line ends with a tab and a dot, so a cut line is recognised and ignored.
/// </summary>
public sealed class Journal : IDisposable
{
    private const string End = "\t.";
    private readonly Lock _gate = new();
    private readonly FileStream _file;

    private readonly string _path;

    public Journal(string path)
    {
        _path = path;
        _file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
    }

    /// <summary>
    /// Starts a life, once the process before it ended: a line that process was killed in the middle of is closed, so
    /// that the next record starts a line of its own.
    /// </summary>
    public void Begin(string life)
    {
        if (new FileInfo(_path).Length > 0 && !EndsWithNewLine(_path))
        {
            Write("\n");
        }

        Append("life", life);
    }

    /// <summary>
    /// Whether a commit, a hand-over to the gateway and a reset to apply are also announced on standard output
    /// (<c>mark</c>), once journaled: the parent may kill the process right then, in the window after the commit or the
    /// hand-over and before what follows it.
    /// </summary>
    public bool Marks { get; set; }

    /// <summary>Appends one record and flushes it to the operating system.</summary>
    public void Append(params string[] fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        Write(string.Join('\t', fields) + End + "\n");
        if (Marks && fields[0] is "commit!" or "send" or "reset")
        {
            Console.WriteLine("mark\t" + fields[0]);
        }
    }

    /// <summary>The complete records of a journal, in order.</summary>
    public static IReadOnlyList<string[]> Read(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var records = new List<string[]>();
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        while (reader.ReadLine() is { } line)
        {
            if (line.EndsWith(End, StringComparison.Ordinal))
            {
                records.Add(line[..^End.Length].Split('\t'));
            }
        }

        return records;
    }

    public static string Ids(IEnumerable<Guid> ids) => string.Join(',', ids.Select(i => i.ToString("N", CultureInfo.InvariantCulture)));

    public static IReadOnlyList<Guid> ParseIds(string field) =>
        field.Length == 0 ? [] : [.. field.Split(',').Select(f => Guid.ParseExact(f, "N"))];

    public void Dispose() => _file.Dispose();

    private void Write(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        lock (_gate)
        {
            // A stream keeps its own position: the end is found again, past what the process before this one wrote.
            _file.Seek(0, SeekOrigin.End);
            _file.Write(bytes);
            _file.Flush(flushToDisk: false);
        }
    }

    private static bool EndsWithNewLine(string path)
    {
        using var read = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        read.Seek(-1, SeekOrigin.End);
        return read.ReadByte() == '\n';
    }
}
