using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;

namespace SecurityReset.Benchmarks.Store;

/// <summary>Whether a run's arguments may select a benchmark class, read as BenchmarkDotNet reads <c>--filter</c>.</summary>
internal static class Selection
{
    /// <summary>
    /// Whether a <c>--filter</c> glob (<c>*</c>, <c>?</c>, case-insensitive, on <c>Namespace.Type.Method</c>) matches one
    /// of <paramref name="type"/>'s benchmarks; with no filter, BenchmarkDotNet asks, so any class may run.
    /// </summary>
    public static bool MayRun(Type type, IReadOnlyList<string> args)
    {
        var patterns = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] is "--filter" or "-f")
            {
                for (var j = i + 1; j < args.Count && !args[j].StartsWith('-'); j++)
                {
                    patterns.Add(args[j]);
                }
            }
        }

        if (patterns.Count == 0)
        {
            return true;
        }

        var names = type.GetMethods()
            .Where(m => m.IsDefined(typeof(BenchmarkAttribute), inherit: false))
            .Select(m => $"{type.FullName}.{m.Name}")
            .ToList();
        return patterns.Any(p =>
        {
            var regex = new Regex("^" + Regex.Escape(p).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
            return names.Any(regex.IsMatch);
        });
    }
}
