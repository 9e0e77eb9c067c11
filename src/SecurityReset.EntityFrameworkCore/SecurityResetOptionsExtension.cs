using System.Globalization;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace SecurityReset.EntityFrameworkCore;

/// <summary>Carries the model settings of <see cref="SecurityResetDbContext"/> in its options.</summary>
internal sealed class SecurityResetOptionsExtension(SecurityResetModelOptions model) : IDbContextOptionsExtension
{
    private ExtensionInfo? _info;

    public SecurityResetModelOptions Model { get; } = model;

    public DbContextOptionsExtensionInfo Info => _info ??= new ExtensionInfo(this);

    public void ApplyServices(IServiceCollection services)
    {
    }

    public void Validate(IDbContextOptions options)
    {
    }

    private sealed class ExtensionInfo(SecurityResetOptionsExtension extension) : DbContextOptionsExtensionInfo(extension)
    {
        private SecurityResetModelOptions Model => ((SecurityResetOptionsExtension)Extension).Model;

        public override bool IsDatabaseProvider => false;

        public override string LogFragment =>
            string.Create(CultureInfo.InvariantCulture, $"SecurityReset:Schema={Model.Schema ?? "(default)"},TablePrefix={Model.TablePrefix} ");

        // Different table names make a different model: a context with other settings gets its own model cache.
        public override int GetServiceProviderHashCode() => HashCode.Combine(Model.Schema, Model.TablePrefix);

        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) =>
            other is ExtensionInfo o && o.Model.Schema == Model.Schema && o.Model.TablePrefix == Model.TablePrefix;

        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo)
        {
            debugInfo["SecurityReset:Schema"] = Model.Schema ?? "";
            debugInfo["SecurityReset:TablePrefix"] = Model.TablePrefix;
        }
    }
}
