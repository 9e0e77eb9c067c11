using Microsoft.EntityFrameworkCore;
using SecurityReset.EntityFrameworkCore.Model;
using SecurityReset.Ports;
using SecurityReset.Workflow;

namespace SecurityReset.EntityFrameworkCore.Tests.Store;

public sealed class SchemaTests
{
    private const string UpdateVariable = "SECURITYRESET_UPDATE_SCHEMA";

    [Theory]
    [InlineData("sqlite.sql")]
    [InlineData("postgresql.sql")]
    public void The_shipped_schema_scripts_are_the_ones_the_model_generates(string file)
    {
        var options = new DbContextOptionsBuilder<SecurityResetDbContext>();
        var provider = file == "sqlite.sql" ? "SQLite" : "PostgreSQL";
        if (file == "sqlite.sql")
        {
            options.UseSqlite("Data Source=:memory:");
        }
        else
        {
            options.UseNpgsql("Host=localhost");
        }

        using var db = new SecurityResetDbContext(options.Options);
        var expected = Header(provider) + db.Database.GenerateCreateScript().ReplaceLineEndings("\n").Trim() + "\n";
        var path = RepositoryFiles.Path("src", "SecurityReset.EntityFrameworkCore", "schema", file);
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(path, expected);
        }

        Assert.True(File.Exists(path), $"{path} is missing: run the tests once with {UpdateVariable}=1.");
        Assert.Equal(expected, File.ReadAllText(path).ReplaceLineEndings("\n"));
    }

    [Fact]
    public void The_open_case_index_covers_exactly_the_states_of_an_open_case()
    {
        foreach (var state in Enum.GetValues<CaseState>())
        {
            // What the service decides from: the snapshot's own rule.
            var open = SecurityReset.Storage.CaseSnapshotSerializer.FromStored(SecurityReset.Testing.SampleCases.InState(state)).IsOpen;
            Assert.Equal(open, StoredCase.OpenStates.Contains(state));
            Assert.Equal(open, CaseStates.Open.Contains(state));
            Assert.Equal(open, CaseStates.OpenFilter.Contains($"'{state}'", StringComparison.Ordinal));
        }

        Assert.StartsWith("\"State\" IN ('SelectingItems', ", CaseStates.OpenFilter, StringComparison.Ordinal);
    }

    [Fact]
    public void Expirable_states_are_the_ones_the_workflow_lets_expire()
    {
        CaseState[] expected =
        [
            CaseState.SelectingItems, CaseState.VerifyingItems, CaseState.Questionnaire, CaseState.SupplementaryProofs,
            CaseState.IdentityVerification, CaseState.ReadyToSubmit, CaseState.Submitted, CaseState.UnderReview, CaseState.InformationRequested,
            CaseState.Disputed,
        ];
        Assert.Equal(expected, CaseStates.Expirable);
        Assert.Equal(StoredCase.ExpirableStates, CaseStates.Expirable);
        Assert.All(expected, s => Assert.True(CaseWorkflow.IsListed(s, CaseTrigger.Expire)));
    }

    [Fact]
    public void The_model_uses_the_table_prefix_and_schema()
    {
        var options = new DbContextOptionsBuilder<SecurityResetDbContext>()
            .UseNpgsql("Host=localhost")
            .UseSecurityResetModel(m =>
            {
                m.Schema = "security";
                m.TablePrefix = "sr_";
            });
        using var db = new SecurityResetDbContext(options.Options);
        var script = db.Database.GenerateCreateScript();

        Assert.Contains("CREATE TABLE security.\"sr_Cases\"", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE security.\"sr_CaseEvents\"", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE security.\"sr_AccountGuards\"", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE security.\"sr_Idempotency\"", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE security.\"sr_Outbox\"", script, StringComparison.Ordinal);
        Assert.Contains("CREATE INDEX \"IX_sr_Outbox_Due\" ON security.\"sr_Outbox\" (\"DueAtUtcTicks\")", script, StringComparison.Ordinal);
        Assert.Contains("WHERE \"State\" IN ('SelectingItems'", script, StringComparison.Ordinal);

        // Another prefix in the same process gets its own model.
        using var other = new SecurityResetDbContext(new DbContextOptionsBuilder<SecurityResetDbContext>().UseNpgsql("Host=localhost").Options);
        Assert.Contains("CREATE TABLE \"SecurityResetCases\"", other.Database.GenerateCreateScript(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bad prefix", null)]
    [InlineData("SecurityReset", "bad;schema")]
    [InlineData("SecurityReset", "")]
    public void Unsafe_table_names_are_refused(string prefix, string? schema) =>
        Assert.Throws<InvalidOperationException>(() => new DbContextOptionsBuilder<SecurityResetDbContext>().UseSecurityResetModel(m =>
        {
            m.TablePrefix = prefix;
            m.Schema = schema;
        }));

    private static string Header(string provider) => $"""
        -- The SecurityReset.EntityFrameworkCore schema for {provider}, default table prefix and schema.
        -- Generated from the EF Core model (GenerateCreateScript); a test keeps it equal to the model. To regenerate:
        --   SECURITYRESET_UPDATE_SCHEMA=1 dotnet test tests/SecurityReset.EntityFrameworkCore.Tests
        -- Timestamps are UTC ticks (100 ns units since 0001-01-01T00:00Z). A "Payload" is opaque to the store:
        -- SecurityReset.Core writes and reads it. A case's is its snapshot, and the case's other columns are copies of
        -- its fields for the queries; an account guard's is the account's counts across cases (printable ASCII).

        """;
}
