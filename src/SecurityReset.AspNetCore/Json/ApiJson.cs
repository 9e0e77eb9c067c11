using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace SecurityReset.AspNetCore.Json;

/// <summary>
/// What the package adds to the host's HTTP JSON options, touching only the library's own types: the library's enums
/// by name (a flag set as an array of the single names it holds, <c>["Email","Authenticator"]</c>), case ids as
/// strings, and never the applicant credential
/// (<see cref="ApplicantCaseView.Access"/>): the client holds the case through the protected handle instead.
/// </summary>
internal static class ApiJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new LibraryEnumConverter());
        options.Converters.Add(new CaseIdConverter());
        options.TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(WithoutCredential);
    }

    private static void WithoutCredential(JsonTypeInfo info)
    {
        if (info.Type != typeof(ApplicantCaseView))
        {
            return;
        }

        for (var i = info.Properties.Count - 1; i >= 0; i--)
        {
            if (info.Properties[i].AttributeProvider is MemberInfo { Name: nameof(ApplicantCaseView.Access) })
            {
                info.Properties.RemoveAt(i);
            }
        }
    }

    /// <summary>Enums by name, for the enums of SecurityReset.Core only; a flag set as an array of names.</summary>
    private sealed class LibraryEnumConverter : JsonConverterFactory
    {
        private static readonly Assembly Library = typeof(SecurityResetService).Assembly;
        private readonly JsonStringEnumConverter _inner = new();

        public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum && typeToConvert.Assembly == Library;

        public override JsonConverter? CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
            typeToConvert.IsDefined(typeof(FlagsAttribute), inherit: false)
                ? (JsonConverter?)Activator.CreateInstance(typeof(FlagsArrayConverter<>).MakeGenericType(typeToConvert))
                : _inner.CreateConverter(typeToConvert, options);
    }

    private sealed class CaseIdConverter : JsonConverter<CaseId>
    {
        public override CaseId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            CaseId.TryParse(reader.GetString(), out var id) ? id : throw new JsonException("Not a case id.");

        public override void Write(Utf8JsonWriter writer, CaseId value, JsonSerializerOptions options)
        {
            ArgumentNullException.ThrowIfNull(writer);
            writer.WriteStringValue(value.ToString());
        }
    }
}
