using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace SecurityReset.WebHost.Api;

/// <summary>
/// How the API writes and reads JSON: camelCase, enums by name, flag sets as arrays, case ids as strings. The view's
/// <see cref="ApplicantCaseView.Access"/> is never written: the client holds the case through the protected handle
/// (<c>X-Reset-Case</c>), never the bare credential.
/// </summary>
internal static class JsonSetup
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new FlagsArrayConverter<SecurityItems>());
        options.Converters.Add(new FlagsArrayConverter<RequiredSteps>());
        options.Converters.Add(new FlagsArrayConverter<AmendableItems>());
        options.Converters.Add(new CaseIdConverter());
        options.Converters.Add(new JsonStringEnumConverter());
        options.TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(WithoutCredential);
    }

    /// <summary>Drops the applicant credential from the view's contract; the handle carries it instead.</summary>
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

    /// <summary>A [Flags] enum as an array of the single-bit names it holds: <c>["Email","Authenticator"]</c>.</summary>
    private sealed class FlagsArrayConverter<T> : JsonConverter<T>
        where T : struct, Enum
    {
        private static readonly T[] Singles = [.. Enum.GetValues<T>().Where(v => IsSingleBit(Convert.ToUInt64(v, System.Globalization.CultureInfo.InvariantCulture)))];

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new JsonException($"Expected an array of {typeof(T).Name} names.");
            }

            ulong bits = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.String || !Enum.TryParse<T>(reader.GetString(), ignoreCase: true, out var value)
                    || !Singles.Contains(value))
                {
                    throw new JsonException($"Unknown {typeof(T).Name} name.");
                }

                bits |= Convert.ToUInt64(value, System.Globalization.CultureInfo.InvariantCulture);
            }

            return (T)Enum.ToObject(typeof(T), bits);
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            foreach (var single in Singles)
            {
                if (value.HasFlag(single))
                {
                    writer.WriteStringValue(single.ToString());
                }
            }

            writer.WriteEndArray();
        }

        private static bool IsSingleBit(ulong v) => v != 0 && (v & (v - 1)) == 0;
    }

    private sealed class CaseIdConverter : JsonConverter<CaseId>
    {
        public override CaseId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            CaseId.TryParse(reader.GetString(), out var id) ? id : throw new JsonException("Not a case id.");

        public override void Write(Utf8JsonWriter writer, CaseId value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
    }
}
