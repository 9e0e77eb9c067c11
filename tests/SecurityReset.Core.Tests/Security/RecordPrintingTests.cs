using System.Reflection;
using System.Text;

namespace SecurityReset.Tests.Security;

/// <summary>
/// A host logs what it handles: requests, views, port records. Every record of the library, public or not, is built
/// here with a distinct marker in each field, and no field that carries a secret or personal data may reach its
/// <c>ToString()</c>. A record added later with such a field is checked without being named here.
/// </summary>
public sealed class RecordPrintingTests
{
    // Fields that hold a code, a credential, a contact, a document number, a questionnaire answer or free text.
    private static readonly HashSet<string> Secret = new(StringComparer.OrdinalIgnoreCase)
    {
        "Credential", "Code", "Address", "NewContactAddress", "DisputeToken", "Email", "Phone", "Number",
        "AntiPhishingCode", "Nickname", "Reason", "Identifier",
    };

    // An error's code is a stable identifier, not a verification code.
    private static readonly HashSet<(Type, string)> Exempt = [(typeof(ResetError), "Code")];

    public static TheoryData<string> Records()
    {
        var data = new TheoryData<string>();
        foreach (var type in RecordTypes())
        {
            data.Add(type.FullName!);
        }

        return data;
    }

    [Fact]
    public void Every_record_with_a_secret_field_is_checked()
    {
        var names = RecordTypes().Select(t => t.Name).ToHashSet(StringComparer.Ordinal);

        // A few that must be among them, so that a broken scan cannot pass by finding nothing.
        Assert.Superset(new HashSet<string>(StringComparer.Ordinal)
        {
            nameof(ApplicantAccess), nameof(DeclaredStatement), nameof(QuestionnaireAnswers), nameof(DocumentSubmission),
            nameof(Ports.CodeMessage), nameof(Ports.Notification), nameof(Ports.AccountRecord), nameof(DisputeFlag),
            nameof(OpenCaseRequest),
        }, names);
    }

    [Theory]
    [MemberData(nameof(Records))]
    public void A_printed_record_shows_no_secret_field(string typeName)
    {
        var type = RecordTypes().Single(t => t.FullName == typeName);
        var markers = new Dictionary<string, string>(StringComparer.Ordinal);
        var instance = Build(type, markers, depth: 0);

        var printed = instance!.ToString()!;

        Assert.All(markers.Where(m => IsSecret(m.Key)), m => Assert.DoesNotContain(m.Value, printed, StringComparison.OrdinalIgnoreCase));
    }

    private static bool IsSecret(string owner) =>
        owner.Split('#')[0].Split('.') is [var typeName, var field] && Secret.Contains(field)
        && !Exempt.Any(e => e.Item1.Name == typeName && string.Equals(e.Item2, field, StringComparison.OrdinalIgnoreCase));

    private static IEnumerable<Type> RecordTypes() =>
        typeof(SecurityResetService).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && !t.IsGenericTypeDefinition && PrimaryConstructor(t) is not null)
            .Where(t => t.GetMethod("PrintMembers", Instance) is not null)
            .Where(t => FieldNames(t).Any(name => IsSecret(t.Name + "." + name)))
            .OrderBy(t => t.FullName, StringComparer.Ordinal);

    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;

    private static IEnumerable<string> FieldNames(Type type) =>
        PrimaryConstructor(type)!.GetParameters().Select(p => p.Name!).Concat(SettableStrings(type).Select(p => p.Name));

    private static IEnumerable<PropertyInfo> SettableStrings(Type type) =>
        type.GetProperties(Instance).Where(p => p.SetMethod is not null && (p.PropertyType == typeof(string)));

    private static ConstructorInfo? PrimaryConstructor(Type type) =>
        type.GetConstructors(Instance)
            .Where(c => c.GetParameters() is not [var only] || only.ParameterType != type)
            .MaxBy(c => c.GetParameters().Length);

    private static object? Build(Type type, Dictionary<string, string> markers, int depth, string owner = "")
    {
        var nullable = Nullable.GetUnderlyingType(type);
        if (nullable is not null)
        {
            return Build(nullable, markers, depth, owner);
        }

        if (type == typeof(string))
        {
            // Plain letters and digits with a per-field counter: valid for any field and never a substring of another.
            var marker = $"mark{markers.Count + 1:D3}x{owner.GetHashCode(StringComparison.Ordinal) & 0xFFFF:x4}";
            markers[owner + (markers.ContainsKey(owner) ? "#" + markers.Count : string.Empty)] = marker;
            return marker;
        }

        if (type.IsEnum)
        {
            var values = Enum.GetValues(type);
            return values.GetValue(values.Length - 1);
        }

        if (type == typeof(bool)) return true;
        if (type == typeof(int)) return 3;
        if (type == typeof(long)) return 7L;
        if (type == typeof(double)) return 0.5;
        if (type == typeof(Guid)) return Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
        if (type == typeof(CaseId)) return new CaseId(Guid.Parse("7c9e6679-7425-40de-944b-e07fc1f90ae7"));
        if (type == typeof(DateTimeOffset)) return new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
        if (type == typeof(DateOnly)) return new DateOnly(2026, 11, 28);
        if (type == typeof(TimeSpan)) return TimeSpan.FromHours(1);
        if (type == typeof(ReadOnlyMemory<byte>)) return new ReadOnlyMemory<byte>(Encoding.UTF8.GetBytes("payload"));
        if (type == typeof(byte[])) return Encoding.UTF8.GetBytes("bytes");

        if (type.IsGenericType && type.GetGenericArguments() is [var element]
            && type.GetGenericTypeDefinition() is var definition
            && (definition == typeof(IReadOnlyList<>) || definition == typeof(IReadOnlyCollection<>) || definition == typeof(IEnumerable<>)))
        {
            var array = Array.CreateInstance(element, 1);
            array.SetValue(Build(element, markers, depth + 1, owner), 0);
            return array;
        }

        if (depth > 4 || PrimaryConstructor(type) is not { } constructor)
        {
            return type.IsValueType ? Activator.CreateInstance(type) : null;
        }

        var arguments = constructor.GetParameters()
            .Select(p => Build(p.ParameterType, markers, depth + 1, type.Name + "." + p.Name))
            .ToArray();
        var built = constructor.Invoke(arguments);

        // Records with init-only properties beside (or instead of) a primary constructor.
        var parameters = constructor.GetParameters().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var property in SettableStrings(type).Where(p => !parameters.Contains(p.Name)))
        {
            property.SetValue(built, Build(typeof(string), markers, depth + 1, type.Name + "." + property.Name));
        }

        return built;
    }
}
