namespace SecurityReset.WebHost.Hosting;

/// <summary>One reviewer of the staff list (configuration <c>WebHost:Staff</c>), who signs in with a password outside Development.</summary>
public sealed class StaffMember
{
    /// <summary>The reviewer id the library records.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>The name shown on the pages.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The password's PBKDF2 hash (see <see cref="StaffPasswords"/>); never the password.</summary>
    public string PasswordHash { get; set; } = string.Empty;
}
