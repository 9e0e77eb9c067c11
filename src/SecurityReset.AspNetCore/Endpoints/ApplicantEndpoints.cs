using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SecurityReset.AspNetCore.Credentials;
using SecurityReset.AspNetCore.Problems;
using SecurityReset.AspNetCore.RateLimiting;
using SecurityReset.Ports;
using static SecurityReset.AspNetCore.Endpoints.EndpointSupport;
using StepResult = Microsoft.AspNetCore.Http.HttpResults.Results<
    Microsoft.AspNetCore.Http.HttpResults.Ok<SecurityReset.ApplicantCaseView>,
    Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult>;

namespace SecurityReset.AspNetCore.Endpoints;

/// <summary>
/// The applicant's endpoints. The case is named by the handle in the <c>X-Reset-Case</c> header, or in the case cookie
/// when the host names one and the request sends no header; never by the path: the handle carries the case id and the
/// applicant credential. An answer that carries a new credential (the open, every verified factor) carries the new
/// handle in its own <c>X-Reset-Case</c> header (and the cookie, for the open and for a request the cookie
/// authenticated), and the old one is refused with 403 from then on. A cross-site form can send the cookie but not a
/// header, so an unsafe request the cookie authenticates must pass antiforgery validation.
/// </summary>
internal static class ApplicantEndpoints
{
    private static readonly ResetError Superseded = new(ErrorCodes.CredentialInvalid,
        "The account's owner started another case, which ended this one: this handle no longer holds a case.");

    private delegate Task<ResetResult<ApplicantCaseView>> Call<in TBody>(StepContext step, TBody body);

    public static RouteGroupBuilder Map(IEndpointRouteBuilder endpoints, string prefix)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<SecurityResetApiOptions>>().Value;
        var group = endpoints.MapGroup(prefix).WithTags("SecurityReset applicant")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict,
                StatusCodes.Status410Gone, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status429TooManyRequests);

        // Answers carry handles and case details: no cache along the way keeps them.
        group.AddEndpointFilter((context, next) =>
        {
            context.HttpContext.Response.Headers.CacheControl = "no-store";
            return next(context);
        });
        group.AddEndpointFilter(BodyTooLargeAsync);

        Limit(group.MapPost("/cases", OpenAsync).Accepts<OpenCaseBody>("application/json").WithName("SecurityResetOpenCase")
            .WithSummary("Opens a case: signed in, for the principal's account; signed out, for a typed identifier."), options.OpenCasePolicy);
        group.MapGet("/case", GetAsync).WithName("SecurityResetGetCase").WithSummary("The case the handle holds.");

        Step<SelectItemsBody>(group, "/case/items", "SecurityResetSelectItems", "Selects the items to reset.", (s, b) =>
            b.Items is { } items ? s.Service.SelectItemsAsync(s.Access, items, s.Key, s.Cancel) : Invalid("Name the items to reset."));
        Limit(Step<RequestCodeBody>(group, "/case/codes", "SecurityResetRequestCode", "Asks for a code to a bound contact or the new contact.", RequestCodeAsync), options.RequestCodePolicy);
        Limit(Step<VerifyCodeBody>(group, "/case/codes/verify", "SecurityResetVerifyCode", "Checks a code received by email or SMS.", (s, b) =>
            b.Target is { } target ? s.Service.VerifyCodeAsync(s.Access, target, b.Code ?? string.Empty, s.Key, s.Cancel) : Invalid("Name the target.")), options.CheckCodePolicy);
        Limit(Step<AuthenticatorBody>(group, "/case/authenticator", "SecurityResetVerifyAuthenticator", "Checks the current authenticator code.", (s, b) =>
            s.Service.VerifyAuthenticatorAsync(s.Access, b.Code ?? string.Empty, s.Key, s.Cancel)), options.CheckCodePolicy);
        Step<FaceScanBody>(group, "/case/face-scan", "SecurityResetRecordFaceScan", "Records a face-scan session the client completed with the identity vendor.", (s, b) =>
            s.Service.RecordFaceScanAsync(s.Access, b.SessionId ?? string.Empty, s.Key, s.Cancel));
        Step<QuestionnaireBody>(group, "/case/questionnaire", "SecurityResetAnswerQuestionnaire", "Answers the questionnaire.", (s, b) =>
            s.Service.AnswerQuestionnaireAsync(s.Access, new QuestionnaireAnswers(
                b.RecentTrades ?? [], b.AssetHoldings ?? [], b.DepositAddresses ?? [], b.WithdrawalAddresses ?? [], b.AntiPhishingCode, b.Nickname), s.Key, s.Cancel));
        group.MapPost("/case/evidence", UploadAsync).Accepts<Stream>("application/octet-stream").WithName("SecurityResetUploadEvidence")
            .WithSummary("Uploads one file for the case (the raw bytes as the body); answers its evidence id, media type, size and SHA-256.")
            .Produces<EvidenceReference>(StatusCodes.Status201Created)
            .ProducesProblems(StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);
        Step<ProofsBody>(group, "/case/proofs", "SecurityResetProvideProofs", "Provides the supplementary proofs, by the host's evidence ids.", ProofsAsync);
        Step<ContactBody>(group, "/case/contact", "SecurityResetSetNewContact", "Gives the new contact.", (s, b) =>
            b.Kind is { } kind ? s.Service.SetNewContactAsync(s.Access, kind, b.Address ?? string.Empty, s.Key, s.Cancel) : Invalid("Name the contact kind."));
        Step<DocumentBody>(group, "/case/document", "SecurityResetSubmitDocument", "Submits the identity document, its image by the host's evidence id.", DocumentAsync);
        Step<VideoBody>(group, "/case/video", "SecurityResetSubmitVideo", "Submits the verification video, by the host's evidence id, with its declared statement.", VideoAsync);
        Step<TermsBody>(group, "/case/terms", "SecurityResetAcceptTerms", "Accepts the terms shown.", (s, b) =>
            s.Service.AcceptTermsAsync(s.Access, b.Version ?? string.Empty, s.Key, s.Cancel));
        Step<object>(group, "/case/submit", "SecurityResetSubmit", "Submits the case for review.", (s, _) => s.Service.SubmitAsync(s.Access, s.Key, s.Cancel));
        Step<object>(group, "/case/cancel", "SecurityResetCancel", "Cancels the case before a decision.", (s, _) => s.Service.CancelAsync(s.Access, s.Key, s.Cancel));

        group.MapPost("/disputes", DisputeAsync).Accepts<DisputeBody>("application/json").WithName("SecurityResetDispute")
            .WithSummary("The account owner's \"this wasn't me\", with the token a notice carried; no case handle.");
        return group;
    }

    /// <summary>A body past the host's limit for the endpoint is a problem like any other: 413 request.invalid.</summary>
    private static async ValueTask<object?> BodyTooLargeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return ResetProblems.Of(context.HttpContext, new ResetError(ErrorCodes.RequestInvalid, "The request body is larger than this endpoint accepts."), ex.StatusCode);
        }
    }

    private static void Limit(RouteHandlerBuilder endpoint, string? policy)
    {
        if (!string.IsNullOrEmpty(policy))
        {
            endpoint.RequireRateLimiting(policy);
        }
    }

    private static async Task<Results<Created<ApplicantCaseView>, ProblemHttpResult>> OpenAsync(
        HttpContext http,
        SecurityResetService service,
        SecurityResetCaseHandles handles,
        AbuseGuards guards,
        [FromHeader(Name = IdempotencyHeader)] string? idempotencyKey,
        [FromHeader(Name = DeviceHeader)] string? device)
    {
        var options = ApiOptions(http);
        var body = await ReadAsync<OpenCaseBody>(http).ConfigureAwait(false);
        if (body is null)
        {
            return ResetProblems.Of(http, ErrorCodes.RequestInvalid, "The body is not the JSON this endpoint takes.");
        }

        if (!TryIdempotencyKey(http, out var key))
        {
            return ResetProblems.Of(http, ErrorCodes.RequestInvalid, "Send at most one Idempotency-Key.");
        }

        OpenCaseRequest request;
        var accountId = http.User.Identity?.IsAuthenticated == true ? http.User.FindFirst(options.AccountIdClaimType)?.Value : null;
        if (!string.IsNullOrEmpty(accountId))
        {
            // Signed in: the account is the principal's; whatever the body names is not read.
            request = OpenCaseRequest.SignedIn(accountId, options.Channel);
        }
        else
        {
            if (string.IsNullOrWhiteSpace(body.Identifier) || body.EntryPoint is not (EntryPoint.LoggedOutAfterPassword or EntryPoint.ForgotPassword))
            {
                return ResetProblems.Of(http, ErrorCodes.RequestInvalid, "Give the identifier and a signed-out entry point (LoggedOutAfterPassword or ForgotPassword).");
            }

            if (guards.OpenForIdentifier(body.Identifier) is { } wait)
            {
                return ResetProblems.RateLimited(http, wait);
            }

            request = OpenCaseRequest.SignedOut(body.Identifier, options.Channel, body.EntryPoint.Value);
            if (key is not null)
            {
                // The key is kept within the caller's scope: a retry from it gets the same case and handle, the same key
                // from anyone else is another request and learns nothing.
                var devices = http.Request.Headers[DeviceHeader];
                if (devices.Count != 1 || device is not { Length: > 0 and <= 128 } || !device.All(c => c is > ' ' and < (char)127))
                {
                    return ResetProblems.Of(http, ErrorCodes.RequestInvalid, $"A signed-out open with an {IdempotencyHeader} needs the caller's id in one {DeviceHeader} header (1 to 128 visible ASCII characters).");
                }

                request = request with { CallerScope = "device:" + device };
            }
        }

        _ = idempotencyKey; // read above with its count; bound here so that the API description shows the header
        var result = await service.OpenCaseAsync(request, key, http.RequestAborted).ConfigureAwait(false);
        if (result is { Succeeded: true, View: { Access: { } access } view })
        {
            http.Response.Headers[CaseHandles.HeaderName] = handles.Issue(access);
            if (handles.CookieEnabled)
            {
                handles.SetCookie(http, access);
            }

            return TypedResults.Created((string?)null, view);
        }

        return ResetProblems.Of(http, result.Error ?? new ResetError(ErrorCodes.CaseBusy, "The case could not be opened; try again."));
    }

    private static async Task<StepResult> GetAsync(HttpContext http, SecurityResetService service, [FromHeader(Name = CaseHandles.HeaderName)] string? caseHandle)
    {
        _ = caseHandle;
        var held = await HeldCaseAsync(http).ConfigureAwait(false);
        if (held.Problem is { } problem)
        {
            return problem;
        }

        return Answer(http, await service.GetCaseAsync(held.Access, http.RequestAborted).ConfigureAwait(false), held.FromCookie);
    }

    /// <summary>
    /// One upload, as the raw request body. The kind's limit is checked against Content-Length and set on the request's
    /// body-size feature before a byte is read; the file is bound to the case the handle holds and found only through it.
    /// </summary>
    private static async Task<Results<Created<EvidenceReference>, ProblemHttpResult>> UploadAsync(
        HttpContext http,
        SecurityResetService service,
        SecurityResetEvidenceUploads uploads,
        [FromHeader(Name = CaseHandles.HeaderName)] string? caseHandle,
        [FromQuery] string? kind)
    {
        _ = caseHandle;
        var (access, fromCookie, problem) = await HeldCaseAsync(http).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        // Read by hand: a bound enum would answer an unknown kind with an empty 400 rather than a problem.
        if (kind is null || !Enum.TryParse<SecurityResetEvidenceKind>(kind, ignoreCase: true, out var evidenceKind) || !Enum.IsDefined(evidenceKind)
            || !char.IsAsciiLetter(kind[0]))
        {
            return ResetProblems.Of(http, ErrorCodes.RequestInvalid, "Name the kind of evidence: ?kind=File or ?kind=Video.");
        }

        if (http.RequestServices.GetService<IEvidenceStore>() is null)
        {
            return ResetProblems.Of(http, ErrorCodes.EvidenceInvalid, "This host takes no uploads.");
        }

        // Only whoever holds the case may store evidence for it: a stale or superseded handle stores nothing.
        var held = await service.GetCaseAsync(access, http.RequestAborted).ConfigureAwait(false);
        if (Answer(http, held, fromCookie) is { Result: ProblemHttpResult refused })
        {
            return refused;
        }

        var max = uploads.MaxBytes(evidenceKind);
        if (http.Request.ContentLength > max)
        {
            return Upload(http, SecurityResetUploadResult.Refused(ErrorCodes.EvidenceTooLarge, $"The file is larger than the {max} bytes this kind of evidence may take."));
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = max;
        }

        SecurityResetUploadResult result;
        try
        {
            result = await uploads.UploadAsync(access.CaseId, evidenceKind, http.Request.Body, http.Request.ContentLength, http.RequestAborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            result = SecurityResetUploadResult.Refused(ErrorCodes.EvidenceTooLarge, $"The file is larger than the {max} bytes this kind of evidence may take.");
        }

        return result.Evidence is { } stored
            ? TypedResults.Created((string?)null, stored.ToReference())
            : Upload(http, result);
    }

    private static ProblemHttpResult Upload(HttpContext http, SecurityResetUploadResult refused) => refused.ErrorCode switch
    {
        ErrorCodes.EvidenceTooLarge => ResetProblems.Of(http, new ResetError(ErrorCodes.EvidenceTooLarge, refused.Message!), StatusCodes.Status413PayloadTooLarge),
        ErrorCodes.EvidenceMediaTypeNotAllowed => ResetProblems.Of(http, new ResetError(ErrorCodes.EvidenceMediaTypeNotAllowed, refused.Message!), StatusCodes.Status415UnsupportedMediaType),
        SecurityResetUploadResult.QuotaExceededCode => ResetProblems.Package(http, SecurityResetUploadResult.QuotaExceededCode, ErrorKind.Refused, StatusCodes.Status422UnprocessableEntity, refused.Message!),
        _ => ResetProblems.Of(http, new ResetError(ErrorCodes.EvidenceInvalid, refused.Message ?? "The file was not stored.")),
    };

    private static async Task<Results<Ok<DisputeReceipt>, ProblemHttpResult>> DisputeAsync(
        HttpContext http, SecurityResetService service, [FromHeader(Name = IdempotencyHeader)] string? idempotencyKey)
    {
        _ = idempotencyKey;
        var body = await ReadAsync<DisputeBody>(http).ConfigureAwait(false);
        if (body is null)
        {
            return ResetProblems.Of(http, ErrorCodes.RequestInvalid, "The body is not the JSON this endpoint takes.");
        }

        if (!TryIdempotencyKey(http, out var key))
        {
            return ResetProblems.Of(http, ErrorCodes.RequestInvalid, "Send at most one Idempotency-Key.");
        }

        var result = await service.DisputeAsync(body.Token ?? string.Empty, body.Reason ?? string.Empty, key, http.RequestAborted).ConfigureAwait(false);
        return result is { Succeeded: true, View: { } receipt } ? TypedResults.Ok(receipt) : ResetProblems.Of(http, result.Error!);
    }

    private static Task<ResetResult<ApplicantCaseView>> RequestCodeAsync(StepContext s, RequestCodeBody body)
    {
        if (body.Target is not { } target)
        {
            return Invalid("Name the target.");
        }

        if (s.Http.RequestServices.GetRequiredService<AbuseGuards>().RequestCodeForDestination(s.Access.CaseId, target) is { } wait)
        {
            s.RateLimitedFor = wait;
            return Task.FromResult(new ResetResult<ApplicantCaseView>(null, null));
        }

        return s.Service.RequestCodeAsync(s.Access, target, s.Key, s.Cancel);
    }

    private static async Task<ResetResult<ApplicantCaseView>> ProofsAsync(StepContext s, ProofsBody body)
    {
        var proofs = new List<SupplementaryProof>();
        foreach (var proof in body.Proofs ?? [])
        {
            if (proof?.Kind is not { } kind || await s.EvidenceAsync(proof.EvidenceId).ConfigureAwait(false) is not { } reference)
            {
                return Failure(ErrorCodes.EvidenceInvalid, "A proof names no kind or no stored file of this case.");
            }

            proofs.Add(new SupplementaryProof(kind, reference));
        }

        return await s.Service.ProvideProofsAsync(s.Access, proofs, s.Key, s.Cancel).ConfigureAwait(false);
    }

    private static async Task<ResetResult<ApplicantCaseView>> DocumentAsync(StepContext s, DocumentBody body)
    {
        if (body.Type is not { } type)
        {
            return Failure(ErrorCodes.DocumentInvalid, "Name the document type.");
        }

        if (await s.EvidenceAsync(body.FrontImageId).ConfigureAwait(false) is not { } front)
        {
            return Failure(ErrorCodes.EvidenceInvalid, "The front image names no stored file of this case.");
        }

        var document = new DocumentSubmission(type, body.IssuingCountry ?? string.Empty, body.Number ?? string.Empty, front);
        return await s.Service.SubmitDocumentAsync(s.Access, document, s.Key, s.Cancel).ConfigureAwait(false);
    }

    private static async Task<ResetResult<ApplicantCaseView>> VideoAsync(StepContext s, VideoBody body)
    {
        if (await s.EvidenceAsync(body.VideoId).ConfigureAwait(false) is not { } video)
        {
            return Failure(ErrorCodes.EvidenceInvalid, "The video names no stored file of this case.");
        }

        if (body.Statement is not { Date: { } date, UtcOffsetMinutes: { } offset } statement || offset is < -14 * 60 or > 14 * 60)
        {
            return Failure(ErrorCodes.StatementInvalid, "The statement needs a date and a UTC offset in minutes (-840 to 840).");
        }

        var declared = new DeclaredStatement(statement.Uid ?? string.Empty, statement.Email ?? string.Empty, statement.Phone ?? string.Empty, date,
            TimeSpan.FromMinutes(offset), statement.Reason ?? string.Empty);
        return await s.Service.SubmitVideoAsync(s.Access, new VerificationVideo(video, declared), s.Key, s.Cancel).ConfigureAwait(false);
    }

    /// <summary>Maps one step: the case from the header, the body, the idempotency key, the call, the answer.</summary>
    private static RouteHandlerBuilder Step<TBody>(RouteGroupBuilder group, string pattern, string name, string summary, Call<TBody> call)
        where TBody : class
    {
        var endpoint = group.MapPost(pattern, (
            HttpContext http,
            [FromHeader(Name = CaseHandles.HeaderName)] string? caseHandle,
            [FromHeader(Name = IdempotencyHeader)] string? idempotencyKey) => StepAsync(http, call));
        if (typeof(TBody) != typeof(object))
        {
            endpoint.Accepts<TBody>("application/json");
        }

        return endpoint.WithName(name).WithSummary(summary);
    }

    private static async Task<StepResult> StepAsync<TBody>(HttpContext http, Call<TBody> call)
        where TBody : class
    {
        var (access, fromCookie, problem) = await HeldCaseAsync(http).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        TBody body;
        if (typeof(TBody) == typeof(object))
        {
            body = (TBody)new object();
        }
        else if (await ReadAsync<TBody>(http).ConfigureAwait(false) is { } read)
        {
            body = read;
        }
        else
        {
            return ResetProblems.Of(http, ErrorCodes.RequestInvalid, "The body is not the JSON this step takes.");
        }

        if (!TryIdempotencyKey(http, out var key))
        {
            return ResetProblems.Of(http, ErrorCodes.RequestInvalid, "Send at most one Idempotency-Key.");
        }

        var step = new StepContext(http, http.RequestServices.GetRequiredService<SecurityResetService>(), access, key);
        var result = await call(step, body).ConfigureAwait(false);
        return step.RateLimitedFor is { } wait ? ResetProblems.RateLimited(http, wait) : Answer(http, result, fromCookie);
    }

    /// <summary>
    /// The answer of an applicant call: the view, with the new handle in <c>X-Reset-Case</c> (and the cookie, when the
    /// cookie authenticated the request) when the library issued a new credential; a problem otherwise, and 403 when the
    /// handle no longer holds the case (a stale credential, or a superseded case), which also clears the cookie that
    /// carried it.
    /// </summary>
    private static StepResult Answer(HttpContext http, ResetResult<ApplicantCaseView> result, bool fromCookie)
    {
        var handles = http.RequestServices.GetRequiredService<SecurityResetCaseHandles>();
        if (fromCookie && (SecurityResetCaseHandles.Lost(result) || result.Error?.Code == ErrorCodes.CaseNotFound))
        {
            handles.ClearCookie(http);
        }

        if (result.Error is { Kind: ErrorKind.Denied } denied)
        {
            return ResetProblems.Of(http, denied);
        }

        if (result.View?.State == CaseState.Superseded)
        {
            return ResetProblems.Of(http, Superseded);
        }

        if (result.View?.Access is { } issued)
        {
            http.Response.Headers[CaseHandles.HeaderName] = handles.Issue(issued);
            if (fromCookie)
            {
                handles.SetCookie(http, issued);
            }
        }

        if (result is { Succeeded: true, View: { } view })
        {
            return TypedResults.Ok(view);
        }

        var error = result.Error ?? new ResetError(ErrorCodes.CaseNotFound, "No such case.");
        var library = http.RequestServices.GetRequiredService<IOptions<SecurityResetOptions>>().Value;
        TimeSpan? wait = error.Code switch
        {
            ErrorCodes.CodeResendTooSoon => library.Codes.ResendCooldown,
            ErrorCodes.AccountLocked => library.Lockout.Window,
            _ => null,
        };
        return ResetProblems.Of(http, error, result.View, wait);
    }

    /// <summary>
    /// Reads the case handle: the one header, or else the case cookie (for an unsafe request only with a valid antiforgery
    /// token: a cross-site form sends the cookie but cannot set a header). A missing or doubled header is malformed, an
    /// unreadable handle is an unknown case, and an unreadable cookie is cleared.
    /// </summary>
    private static async ValueTask<HeldCase> HeldCaseAsync(HttpContext http)
    {
        var handles = http.RequestServices.GetRequiredService<SecurityResetCaseHandles>();
        var headers = http.Request.Headers[CaseHandles.HeaderName];
        if (headers.Count == 1)
        {
            return handles.TryReadHeader(http, out var access)
                ? new HeldCase(access, false, null)
                : new HeldCase(default, false, ResetProblems.Of(http, ErrorCodes.CaseNotFound, "No such case."));
        }

        if (headers.Count > 1 || !handles.HasCookie(http))
        {
            var where = handles.CookieEnabled ? $"one {CaseHandles.HeaderName} header or the case cookie" : $"one {CaseHandles.HeaderName} header";
            return new HeldCase(default, false, ResetProblems.Of(http, ErrorCodes.RequestInvalid, $"Send the case handle in {where}."));
        }

        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method)
            && !await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http).ConfigureAwait(false))
        {
            return new HeldCase(default, true, ResetProblems.AntiforgeryInvalid(http));
        }

        if (!handles.TryReadCookie(http, out var fromCookie))
        {
            handles.ClearCookie(http);
            return new HeldCase(default, true, ResetProblems.Of(http, ErrorCodes.CaseNotFound, "No such case."));
        }

        return new HeldCase(fromCookie, true, null);
    }

    private static Task<ResetResult<ApplicantCaseView>> Invalid(string message) => Refused(ErrorCodes.RequestInvalid, message);

    private static Task<ResetResult<ApplicantCaseView>> Refused(string code, string message) => Task.FromResult(Failure(code, message));

    private static ResetResult<ApplicantCaseView> Failure(string code, string message) => new(new ResetError(code, message), null);

    /// <summary>The case a request holds and where its handle came from, or the problem that refuses it.</summary>
    private readonly record struct HeldCase(ApplicantAccess Access, bool FromCookie, ProblemHttpResult? Problem);

    /// <summary>One step's call: the service, the case held, the idempotency key and, after it, whether a guard refused it.</summary>
    private sealed class StepContext(HttpContext http, SecurityResetService service, ApplicantAccess access, string? key)
    {
        public HttpContext Http => http;

        public SecurityResetService Service => service;

        public ApplicantAccess Access => access;

        public string? Key => key;

        public CancellationToken Cancel => http.RequestAborted;

        public TimeSpan? RateLimitedFor { get; set; }

        /// <summary>The host's stored file for an evidence id of this case, or <see langword="null"/>.</summary>
        public async ValueTask<EvidenceReference?> EvidenceAsync(string? evidenceId) =>
            string.IsNullOrEmpty(evidenceId) || http.RequestServices.GetService<ISecurityResetEvidenceResolver>() is not { } resolver
                ? null
                : await resolver.ResolveAsync(access.CaseId, evidenceId, Cancel).ConfigureAwait(false);
    }
}
