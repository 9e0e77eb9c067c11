using System.Reflection;

namespace SecurityReset.Tests.Validation;

public sealed class ErrorKindTests
{
    public static TheoryData<string> AllCodes() => [.. Codes()];

    private static IEnumerable<string> Codes() =>
        typeof(ErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);

    [Theory]
    [MemberData(nameof(AllCodes))]
    public void Every_error_code_has_a_kind(string code)
    {
        Assert.True(ErrorCodes.TryGetKind(code, out var kind), $"{code} has no kind");
        Assert.True(Enum.IsDefined(kind), $"{code} has the undefined kind {(int)kind}");
        Assert.Equal(kind, new ResetError(code, "The message.").Kind);
    }

    [Fact]
    public void Every_public_member_of_error_codes_is_a_string_constant_with_a_unique_value()
    {
        var fields = typeof(ErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static);
        Assert.All(fields, f => Assert.True(f.IsLiteral && f.FieldType == typeof(string), $"{f.Name} is not a string constant"));
        var values = fields.Select(f => (string)f.GetRawConstantValue()!).ToList();
        Assert.Equal(values.Count, values.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Every_kind_is_used_by_some_code()
    {
        var used = Codes().Select(code => new ResetError(code, "-").Kind).ToHashSet();
        Assert.Equal(Enum.GetValues<ErrorKind>().Order(), used.Order());
    }

    [Theory]
    [InlineData(ErrorCodes.CaseNotFound, ErrorKind.NotFound)]
    [InlineData(ErrorCodes.CaseBusy, ErrorKind.Conflict)]
    [InlineData(ErrorCodes.CaseAlreadyOpen, ErrorKind.Conflict)]
    [InlineData(ErrorCodes.TransitionNotAllowed, ErrorKind.Conflict)]
    [InlineData(ErrorCodes.VerificationAlreadyDone, ErrorKind.Conflict)]
    [InlineData(ErrorCodes.RequestInProgress, ErrorKind.Conflict)]
    [InlineData(ErrorCodes.CodeInvalid, ErrorKind.Refused)]
    [InlineData(ErrorCodes.CodeAttemptsExhausted, ErrorKind.Refused)]
    [InlineData(ErrorCodes.ContactSameAsCurrent, ErrorKind.Refused)]
    [InlineData(ErrorCodes.DocumentNotKycDocument, ErrorKind.Refused)]
    [InlineData(ErrorCodes.ActorNotAllowed, ErrorKind.Refused)]
    [InlineData(ErrorCodes.CodeExpired, ErrorKind.Gone)]
    [InlineData(ErrorCodes.CaseExpired, ErrorKind.Gone)]
    [InlineData(ErrorCodes.CodeResendTooSoon, ErrorKind.RetryLater)]
    [InlineData(ErrorCodes.AccountLocked, ErrorKind.RetryLater)]
    [InlineData(ErrorCodes.CodeMalformed, ErrorKind.Malformed)]
    [InlineData(ErrorCodes.RequestInvalid, ErrorKind.Malformed)]
    [InlineData(ErrorCodes.ReviewCursorInvalid, ErrorKind.Malformed)]
    public void Representative_codes_have_the_expected_kind(string code, ErrorKind expected) =>
        Assert.Equal(expected, new ResetError(code, "The message.").Kind);

    [Theory]
    [InlineData("")]
    [InlineData("code.unknown")]
    [InlineData("CODE.INVALID")]
    [InlineData(" code.invalid")]
    public void An_unknown_code_is_a_programmer_error(string code)
    {
        Assert.False(ErrorCodes.TryGetKind(code, out _));
        Assert.Throws<ArgumentException>(() => new ResetError(code, "The message."));
        Assert.Throws<ArgumentException>(() => new ResetError(ErrorCodes.CodeInvalid, "The message.") with { Code = code });
        Assert.Throws<ArgumentNullException>(() => new ResetError(null!, "The message."));
    }

    [Fact]
    public void A_copy_with_another_code_has_that_code_s_kind()
    {
        var error = new ResetError(ErrorCodes.CodeInvalid, "The message.");
        var copy = error with { Code = ErrorCodes.CodeExpired };
        Assert.Equal((ErrorKind.Refused, ErrorKind.Gone), (error.Kind, copy.Kind));
    }

    [Fact]
    public void The_kind_is_not_serialised_and_an_error_round_trips_through_json()
    {
        var error = new ResetError(ErrorCodes.CaseBusy, "Try again.");
        var json = System.Text.Json.JsonSerializer.Serialize(error);
        Assert.DoesNotContain("Kind", json, StringComparison.OrdinalIgnoreCase);
        var read = System.Text.Json.JsonSerializer.Deserialize<ResetError>(json)!;
        Assert.Equal(error, read);
        Assert.Equal(ErrorKind.Conflict, read.Kind);
    }
}
