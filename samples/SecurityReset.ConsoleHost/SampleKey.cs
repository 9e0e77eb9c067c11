using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace SecurityReset.ConsoleHost;

/// <summary>Where the sample's secret key came from.</summary>
internal enum SampleKeySource
{
    /// <summary>The <c>SECURITYRESET_SECRET_KEY</c> environment variable.</summary>
    Environment,

    /// <summary>The key file beside the database, as an earlier run left it.</summary>
    FileRead,

    /// <summary>The key file beside the database, made by this run.</summary>
    FileCreated,
}

/// <summary>
/// The per-deployment secret key. Code hashes and sealed contacts in the database are keyed with it, so it must
/// outlive the process as long as the data does: the sample keeps it in a file beside the database (readable by
/// its owner only) unless <c>SECURITYRESET_SECRET_KEY</c> names one. A real host reads it from its secret store.
/// </summary>
/// <param name="Value">The key, base64.</param>
/// <param name="Source">Where it came from.</param>
/// <param name="Path">The key file, or <see langword="null"/> when the key came from the environment.</param>
internal sealed record SampleKey(string Value, SampleKeySource Source, string? Path)
{
    /// <summary>Set it to a base64 key of at least 32 bytes to use that key instead of the file.</summary>
    public const string Variable = "SECURITYRESET_SECRET_KEY";

    /// <summary>The key, in words, for the output; one line.</summary>
    public string Description => Source switch
    {
        SampleKeySource.Environment => $"secret key: from {Variable}",
        SampleKeySource.FileCreated => $"secret key: {Path} (created now, owner-only); a real host keeps its key in a secret store",
        _ => $"secret key: {Path}; a real host keeps its key in a secret store",
    };

    /// <summary>Reads the key from the environment or the file, making the file on first use.</summary>
    /// <param name="path">The key file.</param>
    /// <returns>The key.</returns>
    public static SampleKey Resolve(string path) => Resolve(path, System.Environment.GetEnvironmentVariable(Variable));

    /// <summary>Reads the key from <paramref name="configured"/> or the file, making the file on first use.</summary>
    /// <param name="path">The key file.</param>
    /// <param name="configured">The key from the environment, or <see langword="null"/>.</param>
    /// <returns>The key.</returns>
    public static SampleKey Resolve(string path, string? configured)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (configured is { Length: > 0 })
        {
            return new SampleKey(configured, SampleKeySource.Environment, null);
        }

        if (!File.Exists(path))
        {
            // Written to a file of its own and moved into place, so that two runs starting together agree on one key.
            var fresh = Convert.ToBase64String(RandomNumberGenerator.GetBytes(SecurityResetOptions.MinimumSecretKeyBytes));
            var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
            try
            {
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                using (var writer = new StreamWriter(temporary, options))
                {
                    writer.WriteLine(fresh);
                }

                File.Move(temporary, path, overwrite: false);
                return new SampleKey(fresh, SampleKeySource.FileCreated, path);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another run made it first: use theirs.
            }
            finally
            {
                File.Delete(temporary);
            }
        }

        var stored = File.ReadAllText(path).Trim();
        var buffer = new byte[stored.Length];
        if (!Convert.TryFromBase64String(stored, buffer, out var length) || length < SecurityResetOptions.MinimumSecretKeyBytes)
        {
            throw new OptionsValidationException(nameof(SecurityResetOptions.SecretKey), typeof(SecurityResetOptions),
            [
                $"{path} does not hold a base64 key of at least {SecurityResetOptions.MinimumSecretKeyBytes} bytes. "
                + "Delete it and the database beside it to start afresh (cases kept under another key cannot be continued).",
            ]);
        }

        return new SampleKey(stored, SampleKeySource.FileRead, path);
    }
}
