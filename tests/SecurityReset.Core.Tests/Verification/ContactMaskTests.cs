namespace SecurityReset.Tests.Verification;

/// <summary>Masks show enough to recognise one's own contact and never the whole of it, whatever was typed.</summary>
public sealed class ContactMaskTests
{
    [Theory]
    [InlineData("alice@example.com", "a***@e***.com")]
    [InlineData("a@.co", "a***@.***.co")] // a dot first in the domain is still the start of its last label
    [InlineData("a@localhost", "a***@l***")]
    [InlineData("@b.co", "***")] // nothing before the '@'
    [InlineData("ab@", "***")] // nothing after it
    [InlineData("", "")]
    public void An_email_keeps_its_first_letter_the_domains_first_letter_and_the_last_label(string email, string expected) =>
        Assert.Equal(expected, ContactMask.Email(email));

    [Theory]
    [InlineData("+447700900123", "***23")]
    [InlineData("1234", "***")]
    public void A_phone_keeps_its_last_two_digits(string phone, string expected) =>
        Assert.Equal(expected, ContactMask.Phone(phone));

    [Fact]
    public void The_protector_masks_each_kind_as_its_own()
    {
        Assert.Equal("***23", PersonalDataProtector.Mask(ContactKind.Phone, "+447700900123"));
        Assert.Equal("a***@e***.com", PersonalDataProtector.Mask(ContactKind.Email, "alice@example.com"));
    }
}
