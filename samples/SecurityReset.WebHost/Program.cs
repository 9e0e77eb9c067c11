using SecurityReset.WebHost.Hosting;

if (args is ["hash-password"])
{
    // A staff password hash for WebHost:Staff, from a password read from standard input (never from the command line).
    Console.WriteLine(StaffPasswords.Hash(Console.ReadLine() ?? string.Empty));
    return;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddResetWebHost();

var app = builder.Build();
await CaseStorage.PrepareAsync(app);
app.UseResetWebHost();
await app.RunAsync();

/// <summary>The entry point; public so that tests can host it with <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
