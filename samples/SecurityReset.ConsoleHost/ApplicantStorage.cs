using System.Text.Json;

namespace SecurityReset.ConsoleHost;

/// <summary>
/// What the applicant's app keeps on the device from one run to the next: for each case it opened, the case id, the
/// demo account it was opened as, and the applicant credential held now (replaced with each verified factor). The
/// interactive session needs it to continue a case as its applicant: the case id alone grants nothing. A JSON file
/// beside the database, readable by its owner only, rewritten whole through a file of its own moved into place; a
/// real app keeps this in the platform's secure storage (keychain, keystore). The credential is never printed.
/// </summary>
/// <param name="path">The state file.</param>
internal sealed class ApplicantStorage(string path)
{
    /// <summary>The state file, beside the database.</summary>
    public const string FileName = "securityreset-demo.applicant.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>The state file.</summary>
    public string Path => path;

    /// <summary>The access kept for a case, with the demo account it was opened as.</summary>
    /// <param name="id">The case.</param>
    /// <returns>The entry, or <see langword="null"/> when this app holds no credential for the case.</returns>
    public (ApplicantAccess Access, string AccountId)? Find(CaseId id) =>
        Read().LastOrDefault(e => e.CaseId == id.ToString()) is { } entry && entry.ToAccess() is { } access ? (access, entry.AccountId) : null;

    /// <summary>The access last kept for a demo account's case.</summary>
    /// <param name="accountId">The demo account.</param>
    /// <returns>The access, or <see langword="null"/>.</returns>
    public ApplicantAccess? LatestFor(string accountId) =>
        Read().LastOrDefault(e => e.AccountId == accountId)?.ToAccess();

    /// <summary>Keeps the access to a case in place of the one kept before.</summary>
    /// <param name="accountId">The demo account the case was opened as.</param>
    /// <param name="access">The access held now.</param>
    public void Keep(string accountId, ApplicantAccess access)
    {
        var id = access.CaseId.ToString();
        Write([.. Read().Where(e => e.CaseId != id), new Entry(id, accountId, access.Credential)]);
    }

    /// <summary>Forgets a case: its credential no longer works, or the case ended.</summary>
    /// <param name="id">The case.</param>
    public void Forget(CaseId id)
    {
        var entries = Read();
        var kept = entries.Where(e => e.CaseId != id.ToString()).ToList();
        if (kept.Count != entries.Count)
        {
            Write(kept);
        }
    }

    private List<Entry> Read()
    {
        if (!File.Exists(path))
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize<List<Entry>>(File.ReadAllText(path), Json)?.Where(e => e is { CaseId: not null, AccountId: not null, Credential: not null }).ToList() ?? [];
        }
        catch (JsonException)
        {
            return []; // a damaged file holds nothing usable: its cases can only be reviewed or left to expire
        }
    }

    private void Write(List<Entry> entries)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(temporary, options))
            {
                JsonSerializer.Serialize(stream, entries, Json);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>One case the app holds.</summary>
    private sealed record Entry(string CaseId, string AccountId, string Credential)
    {
        public ApplicantAccess? ToAccess() => SecurityReset.CaseId.TryParse(CaseId, out var id) ? new ApplicantAccess(id, Credential) : null;
    }
}
