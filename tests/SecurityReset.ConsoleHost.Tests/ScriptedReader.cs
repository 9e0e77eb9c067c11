namespace SecurityReset.ConsoleHost.Tests;

/// <summary>Feeds lines one by one; a line can be computed when it is read (a code from the outbox).</summary>
internal sealed class ScriptedReader(IReadOnlyList<object> lines) : TextReader
{
    private int _next;

    public override string? ReadLine()
    {
        if (_next >= lines.Count)
        {
            return null;
        }

        return lines[_next++] switch
        {
            string text => text,
            Func<string> compute => compute(),
            var other => throw new InvalidOperationException($"Unexpected script entry {other}."),
        };
    }
}

/// <summary>Answers for the interactive session.</summary>
internal static class Scripts
{
    public const string NewEmail = "sam.rivera.new@example.com";

    /// <summary>Demo account 20000001, signed in on the web, lost the authenticator, up to and including Submit.</summary>
    /// <param name="lastCode">Reads the code just sent from the outbox.</param>
    /// <returns>The lines.</returns>
    public static object[] UpToSubmission(Func<string> lastCode) =>
    [
        "1", "1",                          // account 20000001, signed in on the web
        "authenticator",                   // the lost item
        "1", "2", lastCode,                // email: get a code, type it
        "1", "2", lastCode,                // SMS: get a code, type it
        "BTC/USDT buy", "BTC, USDT", "", "", "owl-01", "sam", // questionnaire
        "", "", "", "", "",                // proofs: the default file names, no other evidence
        "1", NewEmail,                     // new email; now its code is offered as 2 and 3
        "2", "3", lastCode,                // its code; once verified, the code offers go
        "2", "1", "", "X1234567", "",      // passport, GB, number, default photo
        "3", "", "", "", "I lost my phone with the authenticator app.", "", // video statement
        "4", "5",                          // terms; then submit is offered, as 5
    ];
}
