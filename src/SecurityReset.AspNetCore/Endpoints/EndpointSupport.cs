using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SecurityReset.AspNetCore.Endpoints;

/// <summary>What the applicant and reviewer endpoints share: headers, the body reader and the options.</summary>
internal static class EndpointSupport
{
    public const string IdempotencyHeader = "Idempotency-Key";

    /// <summary>The app installation's (or browser session's) own id, the caller an idempotent signed-out open is scoped to.</summary>
    public const string DeviceHeader = "X-Reset-Device";

    /// <summary>Declares the problem answers an endpoint may give, for the API description.</summary>
    public static TBuilder ProducesProblems<TBuilder>(this TBuilder builder, params int[] statuses)
        where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in statuses)
        {
            builder.ProducesProblem(status);
        }

        return builder;
    }

    public static SecurityResetApiOptions ApiOptions(HttpContext http) =>
        http.RequestServices.GetRequiredService<IOptions<SecurityResetApiOptions>>().Value;

    /// <summary>The idempotency key: none, or exactly one header.</summary>
    public static bool TryIdempotencyKey(HttpContext http, out string? key)
    {
        var values = http.Request.Headers[IdempotencyHeader];
        key = values.Count == 1 ? values[0] : null;
        return values.Count <= 1;
    }

    /// <summary>Reads a JSON body with the host's HTTP JSON options; <see langword="null"/> when it is missing or not that JSON.</summary>
    public static async Task<T?> ReadAsync<T>(HttpContext http)
        where T : class
    {
        if (!http.Request.HasJsonContentType())
        {
            return null;
        }

        try
        {
            var options = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            return await JsonSerializer.DeserializeAsync<T>(http.Request.Body, options, http.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
