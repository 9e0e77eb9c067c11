namespace SecurityReset;

/// <summary>Draws verification codes. The default draws from the operating system's CSPRNG; tests inject their own.</summary>
internal interface IVerificationCodeGenerator
{
    /// <summary>Draws a code of <paramref name="length"/> ASCII digits, uniformly distributed.</summary>
    /// <param name="length">The number of digits.</param>
    /// <returns>The code.</returns>
    string Generate(int length);
}
