using SecurityReset.Tests.TestSupport;

namespace SecurityReset.Tests.Verification;

public sealed class CodeGeneratorTests
{
    [Theory]
    [InlineData(6)]
    [InlineData(10)]
    [InlineData(18)]
    public void The_random_generator_draws_digits_of_the_requested_length(int length)
    {
        for (var i = 0; i < 50; i++)
        {
            var code = RandomVerificationCodeGenerator.Instance.Generate(length);
            Assert.Equal(length, code.Length);
            Assert.True(CodeFormat.IsDigits(code, length));
        }
    }

    [Fact]
    public void The_random_generator_uses_every_digit()
    {
        var digits = Enumerable.Range(0, 200).SelectMany(_ => RandomVerificationCodeGenerator.Instance.Generate(6)).ToHashSet();

        Assert.Equal(10, digits.Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(19)]
    public void The_random_generator_refuses_lengths_it_cannot_draw(int length)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RandomVerificationCodeGenerator.Instance.Generate(length));
    }

    [Fact]
    public void The_recording_test_generator_records_distinct_codes()
    {
        var generator = new RecordingCodeGenerator();

        var codes = Enumerable.Range(0, 1000).Select(_ => generator.Generate(6)).ToList();

        Assert.Equal(codes, generator.Drawn);
        Assert.Equal(1000, codes.Distinct().Count());
        Assert.All(codes, c => Assert.True(CodeFormat.IsDigits(c, 6)));
    }

    [Theory]
    [InlineData("123456", 6, true)]
    [InlineData("000000", 6, true)]
    [InlineData("12345", 6, false)]
    [InlineData("1234567", 6, false)]
    [InlineData("12345a", 6, false)]
    [InlineData("١٢٣٤٥٦", 6, false)]
    [InlineData(null, 6, false)]
    public void Code_format_is_ascii_digits_of_the_exact_length(string? code, int length, bool valid)
    {
        Assert.Equal(valid, CodeFormat.IsDigits(code, length));
    }

    [Theory]
    [InlineData("alice@example.com", "a***@e***.com")]
    [InlineData("bob@localhost", "b***@l***")]
    [InlineData("not-an-email", "***")]
    [InlineData("", "")]
    public void Emails_are_masked(string email, string masked)
    {
        Assert.Equal(masked, ContactMask.Email(email));
    }

    [Theory]
    [InlineData("+447700900123", "***23")]
    [InlineData("1234", "***")]
    [InlineData("", "")]
    public void Phones_are_masked(string phone, string masked)
    {
        Assert.Equal(masked, ContactMask.Phone(phone));
    }
}
