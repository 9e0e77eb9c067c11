using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SecurityReset.AspNetCore.Tests.TestSupport;

/// <summary>One answer as a browser sees it: the API answer and the raw Set-Cookie lines.</summary>
public sealed record BrowserResponse(ApiResponse Response, IReadOnlyList<string> SetCookies)
{
    /// <summary>The Set-Cookie line for a cookie, or <see langword="null"/>.</summary>
    public string? SetCookie(string name) => SetCookies.SingleOrDefault(c => c.StartsWith(name + "=", StringComparison.Ordinal));

    /// <summary>Whether the answer tells the browser to drop the cookie (an empty value that expired long ago).</summary>
    public bool Clears(string name) => SetCookie(name) is { } line && line.StartsWith(name + "=;", StringComparison.Ordinal)
        && line.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// A cookie-keeping client of the test host, as a browser page would call the API: it stores what Set-Cookie says
/// (and drops what it deletes) and sends its cookies back; it sends no X-Reset-Case header.
/// </summary>
public sealed class CookieBrowser(ApiHost host, string origin = "http://localhost")
{
    public Dictionary<string, string> Cookies { get; } = new(StringComparer.Ordinal);

    public Task<BrowserResponse> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<BrowserResponse> PostAsync(string path, object? body = null, string? antiforgeryToken = null, string? idempotencyKey = null) =>
        SendAsync(HttpMethod.Post, path, body, antiforgeryToken, idempotencyKey);

    /// <summary>Asks the host's token endpoint for an antiforgery token (which also sets the antiforgery cookie).</summary>
    public async Task<string> AntiforgeryTokenAsync(string path)
    {
        var answer = await GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, answer.Response.Status);
        return answer.Response.Body.GetProperty("token").GetString()!;
    }

    public async Task<BrowserResponse> SendAsync(HttpMethod method, string path, object? body = null, string? antiforgeryToken = null, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(origin + path));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType());
        }

        if (Cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", Cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        if (antiforgeryToken is not null)
        {
            request.Headers.Add("RequestVerificationToken", antiforgeryToken);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        using var response = await host.Client.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var json = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        var headers = response.Headers.Concat(response.Content.Headers)
            .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        var setCookies = response.Headers.TryGetValues("Set-Cookie", out var lines) ? lines.ToList() : [];
        foreach (var line in setCookies)
        {
            var pair = line[..line.IndexOf(';', StringComparison.Ordinal)];
            var separator = pair.IndexOf('=', StringComparison.Ordinal);
            var (name, value) = (pair[..separator], pair[(separator + 1)..]);
            if (value.Length == 0)
            {
                Cookies.Remove(name);
            }
            else
            {
                Cookies[name] = value;
            }
        }

        return new BrowserResponse(new ApiResponse(response.StatusCode, json, headers, response.Content.Headers.ContentType?.MediaType), setCookies);
    }
}
