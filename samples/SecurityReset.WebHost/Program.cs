using SecurityReset.WebHost.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddResetWebHost();

var app = builder.Build();
app.UseResetWebHost();
app.Run();

/// <summary>The entry point; public so that tests can host it with <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
