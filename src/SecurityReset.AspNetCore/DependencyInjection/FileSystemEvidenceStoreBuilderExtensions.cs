using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SecurityReset.AspNetCore;
using SecurityReset.Ports;

namespace SecurityReset;

/// <summary>Registers the file-system evidence store on a <see cref="SecurityResetBuilder"/>.</summary>
public static class FileSystemEvidenceStoreBuilderExtensions
{
    /// <summary>
    /// Keeps uploaded evidence in a local folder, by case (<see cref="FileSystemEvidenceStore"/>). A TryAdd: an
    /// <see cref="IEvidenceStore"/> you registered yourself stays.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="root">The folder, created when missing.</param>
    /// <returns>The builder.</returns>
    public static SecurityResetBuilder UseFileSystemEvidenceStore(this SecurityResetBuilder builder, string root)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        builder.Services.TryAddSingleton(_ => new FileSystemEvidenceStore(root));
        builder.Services.TryAddSingleton<IEvidenceStore>(sp => sp.GetRequiredService<FileSystemEvidenceStore>());
        return builder;
    }
}
