using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using SecurityReset.Cases;

namespace SecurityReset.EntityFrameworkCore.Stores;

/// <summary>
/// The JSON form of a case snapshot: System.Text.Json, source-generated, enums by their persisted names,
/// computed properties left out (they are derived again on load). Thread-safe.
/// </summary>
internal static class SnapshotJson
{
    private static readonly JsonSerializerOptions Options = new(SnapshotJsonContext.Default.Options)
    {
        TypeInfoResolver = SnapshotJsonContext.Default.WithAddedModifier(DropComputedProperties),
    };

    private static readonly JsonTypeInfo<ResetCase> CaseInfo = (JsonTypeInfo<ResetCase>)Options.GetTypeInfo(typeof(ResetCase));

    public static string Serialize(ResetCase resetCase) => JsonSerializer.Serialize(resetCase, CaseInfo);

    public static ResetCase Deserialize(string json) =>
        JsonSerializer.Deserialize(json, CaseInfo) ?? throw new JsonException("A stored case snapshot is null.");

    private static void DropComputedProperties(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        // A property with neither a setter nor a constructor parameter is computed from the others.
        var parameters = typeInfo.CreateObject is null && typeInfo.ConstructorAttributeProvider is System.Reflection.MethodBase ctor
            ? ctor.GetParameters().Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase)
            : [];
        for (var i = typeInfo.Properties.Count - 1; i >= 0; i--)
        {
            var property = typeInfo.Properties[i];
            if (property.Set is null && !parameters.Contains(property.Name))
            {
                typeInfo.Properties.RemoveAt(i);
            }
        }
    }
}

/// <summary>The source-generated serialization metadata of the snapshot.</summary>
[JsonSourceGenerationOptions(
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(ResetCase))]
internal sealed partial class SnapshotJsonContext : JsonSerializerContext;
