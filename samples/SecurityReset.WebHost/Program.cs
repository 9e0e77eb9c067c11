using SecurityReset.WebHost.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddResetWebHost();

var app = builder.Build();
await CaseStorage.PrepareAsync(app);
app.UseResetWebHost();
await app.RunAsync();

/// <summary>The entry point; public so that tests can host it with <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
