using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SecurityReset.AspNetCore.Json;

/// <summary>
/// A flag set as an array of the single-bit names it holds, <c>["Email","Authenticator"]</c>; the empty set is
/// <c>[]</c>. Reading accepts only an array of known single names (any case), so a number or a combined name is refused.
/// </summary>
/// <typeparam name="T">The [Flags] enum.</typeparam>
internal sealed class FlagsArrayConverter<T> : JsonConverter<T>
    where T : struct, Enum
{
    private static readonly T[] Singles = [.. Enum.GetValues<T>().Where(v => IsSingleBit(Bits(v)))];

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"Expected an array of {typeof(T).Name} names.");
        }

        ulong bits = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var name = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            var single = Singles.FirstOrDefault(s => string.Equals(s.ToString(), name, StringComparison.OrdinalIgnoreCase));
            if (name is null || Bits(single) == 0)
            {
                throw new JsonException($"Not a {typeof(T).Name} name.");
            }

            bits |= Bits(single);
        }

        return (T)Enum.ToObject(typeof(T), bits);
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
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

    private static ulong Bits(T value) => Convert.ToUInt64(value, CultureInfo.InvariantCulture);

    private static bool IsSingleBit(ulong bits) => bits != 0 && (bits & (bits - 1)) == 0;
}
