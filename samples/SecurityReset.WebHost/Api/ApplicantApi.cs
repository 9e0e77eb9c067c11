using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using SecurityReset.AspNetCore;
using SecurityReset.Ports;
using SecurityReset.WebHost.Demo;
using SecurityReset.WebHost.Hosting;

namespace SecurityReset.WebHost.Api;

/// <summary>
/// The applicant's JSON API for the App channel: the steps of the web flow as endpoints under <c>/api</c>.
/// The case is named by the handle in the <c>X-Reset-Case</c> header (from <c>POST /api/cases</c>), never by
/// a path or query segment: the handle carries the case id and the applicant credential. An answer that carries a
/// new credential (every verified factor) carries the new handle in its own <c>X-Reset-Case</c> header, and the old
/// one is refused with 403 from then on. <c>Idempotency-Key</c> is passed to the library (on the open, scoped to the
/// app installation named by <c>X-Reset-Device</c>); refusals are problem details carrying the library's error code.
/// No endpoint reads a cookie, so a cross-site form cannot call one and no anti-forgery token is needed here.
/// </summary>
internal static class ApplicantApi
{
    public const string IdempotencyHeader = "Idempotency-Key";

    /// <summary>The app installation's own id, the caller an idempotent open is scoped to.</summary>
    public const string DeviceHeader = "X-Reset-Device";

    public static IEndpointRouteBuilder MapApplicantApi(this IEndpointRouteBuilder endpoints, bool development)
    {
        var api = endpoints.MapGroup("/api").WithTags("Applicant");
        api.AddEndpointFilter(BodyTooLarge);
        var store = endpoints.ServiceProvider.GetRequiredService<IEvidenceStore>();

        api.MapPost("/cases", OpenAsync);
        api.MapGet("/case", async (HttpContext http, SecurityResetService service) =>
            TryCase(http, out var access, out var problem) ? Answer(await service.GetCaseAsync(access, http.RequestAborted), http) : problem);
        api.MapGet("/terms", (IOptions<WebHostOptions> options) => TypedResults.Ok(new TermsAnswer(options.Value.TermsVersion)));

        api.MapPost("/case/items", Step<SelectItemsBody>((s, access, b, key, ct) =>
            b.Items is { } items ? s.SelectItemsAsync(access, items, key, ct) : Invalid("Name the items to reset.")));
        api.MapPost("/case/codes", Step<RequestCodeBody>((s, access, b, key, ct) =>
            b.Target is { } target ? s.RequestCodeAsync(access, target, key, ct) : Invalid("Name the target.")));
        api.MapPost("/case/codes/verify", Step<VerifyCodeBody>((s, access, b, key, ct) =>
            b.Target is { } target ? s.VerifyCodeAsync(access, target, b.Code ?? string.Empty, key, ct) : Invalid("Name the target.")));
        api.MapPost("/case/authenticator", Step<AuthenticatorBody>((s, access, b, key, ct) =>
            s.VerifyAuthenticatorAsync(access, b.Code ?? string.Empty, key, ct)));
        api.MapPost("/case/face-scan", Step<FaceScanBody>((s, access, b, key, ct) =>
            s.RecordFaceScanAsync(access, b.SessionId ?? string.Empty, key, ct)));
        api.MapPost("/case/questionnaire", Step<QuestionnaireBody>((s, access, b, key, ct) =>
            s.AnswerQuestionnaireAsync(access, new QuestionnaireAnswers(
                b.RecentTrades ?? [], b.AssetHoldings ?? [], b.DepositAddresses ?? [], b.WithdrawalAddresses ?? [], b.AntiPhishingCode, b.Nickname), key, ct)));
        api.MapPost("/case/proofs", Step<ProofsBody>((s, access, b, key, ct) => ProofsAsync(store, s, access, b, key, ct)));
        api.MapPost("/case/contact", Step<ContactBody>((s, access, b, key, ct) =>
            b.Kind is { } kind ? s.SetNewContactAsync(access, kind, b.Address ?? string.Empty, key, ct) : Invalid("Name the contact kind.")));
        api.MapPost("/case/document", Step<DocumentBody>((s, access, b, key, ct) => DocumentAsync(store, s, access, b, key, ct)));
        api.MapPost("/case/video", Step<VideoBody>((s, access, b, key, ct) => VideoAsync(store, s, access, b, key, ct)));
        api.MapPost("/case/terms", Step<TermsBody>((s, access, b, key, ct) =>
            s.AcceptTermsAsync(access, b.Version ?? string.Empty, key, ct)));
        api.MapPost("/case/submit", Step<object>((s, access, _, key, ct) => s.SubmitAsync(access, key, ct)));
        api.MapPost("/case/cancel", Step<object>((s, access, _, key, ct) => s.CancelAsync(access, key, ct)));
        api.MapPost("/evidence", UploadAsync).WithMetadata(new UploadAttribute(UploadKind.Video));

        if (development)
        {
            // The demo identity vendor: a real app runs the vendor's SDK, which yields the session id.
            api.MapPost("/demo/face-scan-sessions", DemoFaceScanAsync);
        }

        return endpoints;
    }

    /// <summary>A body past the endpoint's limit (see <see cref="UploadLimits"/>) is a problem like any other: 413 request.invalid.</summary>
    private static async ValueTask<object?> BodyTooLarge(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return ResetProblems.Problem(new ResetError(ErrorCodes.RequestInvalid, "The request body is larger than this endpoint accepts."), ex.StatusCode);
        }
    }

    private static async Task<IResult> OpenAsync(HttpContext http, SecurityResetService service, CaseHandles handles)
    {
        var body = await ReadAsync<OpenCaseBody>(http);
        if (body is null || body.Identifier is null || body.EntryPoint is not (EntryPoint.LoggedOutAfterPassword or EntryPoint.ForgotPassword))
        {
            return ResetProblems.Problem(ErrorCodes.RequestInvalid, "Give the identifier and a signed-out entry point (LoggedOutAfterPassword or ForgotPassword).");
        }

        if (!TryIdempotencyKey(http, out var key))
        {
            return ResetProblems.Problem(ErrorCodes.RequestInvalid, "Send at most one Idempotency-Key.");
        }

        var request = OpenCaseRequest.SignedOut(body.Identifier, Channel.App, body.EntryPoint.Value);
        if (key is not null)
        {
            // The key is kept within the app installation's scope: a retry from it gets the same case and handle, the
            // same key from anyone else is another request and learns nothing.
            if (!TryDevice(http, out var device))
            {
                return ResetProblems.Problem(ErrorCodes.RequestInvalid, $"An open with an {IdempotencyHeader} needs the app installation's id in one {DeviceHeader} header (1 to 128 visible ASCII characters).");
            }

            request = request with { CallerScope = "app-installation:" + device };
        }

        var result = await service.OpenCaseAsync(request, key, http.RequestAborted);

        // Never the existing case's view or handle: whoever typed an identifier does not own its open case.
        if (result is { Succeeded: true, View: { Access: { } access } view })
        {
            var handle = handles.Issue(access);
            http.Response.Headers[CaseHandles.HeaderName] = handle;
            return TypedResults.Json(new OpenCaseAnswer(handle, view), Options(http), statusCode: StatusCodes.Status201Created);
        }

        return ResetProblems.Problem(result.Error ?? new ResetError(ErrorCodes.CaseBusy, "The case could not be opened; try again."));
    }

    private static async Task<IResult> UploadAsync(HttpContext http, SecurityResetService service, SecurityResetEvidenceUploads uploads)
    {
        if (!TryCase(http, out var access, out var problem))
        {
            return problem;
        }

        // Only whoever holds the case may store evidence for it.
        var held = await service.GetCaseAsync(access, http.RequestAborted);
        if (!held.Succeeded || CaseHandles.Lost(held))
        {
            return Answer(held, http);
        }

        if (!http.Request.HasFormContentType)
        {
            return ResetProblems.Problem(ErrorCodes.EvidenceInvalid, "Send multipart/form-data with a 'file' and a 'category' (file or video).");
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var category = form["category"].ToString() switch
        {
            "video" => SecurityResetEvidenceKind.Video,
            "file" or "" => SecurityResetEvidenceKind.File,
            _ => (SecurityResetEvidenceKind?)null,
        };
        if (form.Files is not [var file] || category is null)
        {
            return ResetProblems.Problem(ErrorCodes.EvidenceInvalid, "Send exactly one 'file' and a 'category' of file or video.");
        }

        await using var content = file.OpenReadStream();
        var upload = await uploads.UploadAsync(access.CaseId, category.Value, content, file.Length, http.RequestAborted);
        if (upload.Evidence is { } stored)
        {
            return TypedResults.Json(stored.ToReference(), Options(http), statusCode: StatusCodes.Status201Created);
        }

        var status = upload.ErrorCode switch
        {
            ErrorCodes.EvidenceTooLarge => StatusCodes.Status413PayloadTooLarge,
            ErrorCodes.EvidenceMediaTypeNotAllowed => StatusCodes.Status415UnsupportedMediaType,
            SecurityResetUploadResult.QuotaExceededCode => StatusCodes.Status422UnprocessableEntity,
            _ => StatusCodes.Status400BadRequest,
        };
        if (upload.ErrorCode == SecurityResetUploadResult.QuotaExceededCode)
        {
            // A package code, not one of the library's: the problem is written here.
            return TypedResults.Problem(upload.Message, statusCode: status, type: "urn:securityreset:error:" + upload.ErrorCode,
                extensions: new Dictionary<string, object?> { ["code"] = upload.ErrorCode, ["kind"] = nameof(ErrorKind.Refused) });
        }

        return ResetProblems.Problem(new ResetError(upload.ErrorCode!, upload.Message ?? "The file was not stored."), status);
    }

    private static async Task<IResult> DemoFaceScanAsync(HttpContext http, SecurityResetService service, DemoFaceScanVendor vendor)
    {
        if (!TryCase(http, out var access, out var problem))
        {
            return problem;
        }

        var held = await service.GetCaseAsync(access, http.RequestAborted);
        if (!held.Succeeded || CaseHandles.Lost(held))
        {
            return Answer(held, http);
        }

        // The vendor side: the scan runs for the case's account, which the applicant's view does not name.
        var body = await ReadAsync<DemoFaceScanBody>(http) ?? new DemoFaceScanBody();
        var review = await service.GetCaseForReviewAsync(access.CaseId, "demo-face-scan-vendor", http.RequestAborted);
        if (review.View is null)
        {
            return ResetProblems.Problem(review.Error!);
        }

        var session = vendor.StartSession(review.View.AccountId, access.CaseId);
        vendor.Complete(session, body.Passed);
        return TypedResults.Ok(new DemoFaceScanAnswer(session));
    }

    private static async Task<ResetResult<ApplicantCaseView>> ProofsAsync(IEvidenceStore store, SecurityResetService service, ApplicantAccess access, ProofsBody body, string? key, CancellationToken ct)
    {
        var proofs = new List<SupplementaryProof>();
        foreach (var proof in body.Proofs ?? [])
        {
            if (proof?.Kind is not { } kind || await FindAsync(store, access, proof.EvidenceId, ct) is not { } found)
            {
                return await Refused(ErrorCodes.EvidenceInvalid, "A proof names no kind or no stored file of this case.");
            }

            proofs.Add(new SupplementaryProof(kind, found));
        }

        return await service.ProvideProofsAsync(access, proofs, key, ct);
    }

    /// <summary>A file of this case by the id its upload answered; another case's id finds nothing.</summary>
    private static async Task<EvidenceReference?> FindAsync(IEvidenceStore store, ApplicantAccess access, string? evidenceId, CancellationToken ct) =>
        StoredEvidence.IsValidId(evidenceId) ? (await store.GetAsync(access.CaseId, evidenceId!, ct))?.ToReference() : null;

    private static async Task<ResetResult<ApplicantCaseView>> DocumentAsync(IEvidenceStore store, SecurityResetService service, ApplicantAccess access, DocumentBody body, string? key, CancellationToken ct)
    {
        if (await FindAsync(store, access, body.FrontImageId, ct) is not { } found)
        {
            return await Refused(ErrorCodes.EvidenceInvalid, "The front image names no stored file of this case.");
        }

        if (body.Type is not { } type)
        {
            return await Invalid("Name the document type.");
        }

        return await service.SubmitDocumentAsync(access, new DocumentSubmission(type, body.IssuingCountry ?? string.Empty, body.Number ?? string.Empty, found), key, ct);
    }

    private static async Task<ResetResult<ApplicantCaseView>> VideoAsync(IEvidenceStore store, SecurityResetService service, ApplicantAccess access, VideoBody body, string? key, CancellationToken ct)
    {
        if (await FindAsync(store, access, body.VideoId, ct) is not { } found)
        {
            return await Refused(ErrorCodes.EvidenceInvalid, "The video names no stored file of this case.");
        }

        if (body.Statement is not { Date: { } date, UtcOffsetMinutes: { } offset } s || offset is < -14 * 60 or > 14 * 60)
        {
            return await Refused(ErrorCodes.StatementInvalid, "The statement needs a date and a UTC offset in minutes (-840 to 840).");
        }

        var statement = new DeclaredStatement(s.Uid ?? string.Empty, s.Email ?? string.Empty, s.Phone ?? string.Empty, date, TimeSpan.FromMinutes(offset), s.Reason ?? string.Empty);
        return await service.SubmitVideoAsync(access, new VerificationVideo(found, statement), key, ct);
    }

    /// <summary>A route handler for one step (typed, so that its result is written to the response).</summary>
    private static Delegate Step<TBody>(Func<SecurityResetService, ApplicantAccess, TBody, string?, CancellationToken, Task<ResetResult<ApplicantCaseView>>> call)
        where TBody : class => new Func<HttpContext, Task<IResult>>(http => StepAsync(http, call));

    /// <summary>The common shape of a step: the case from the header, the body, the idempotency key, the call, the answer.</summary>
    private static async Task<IResult> StepAsync<TBody>(HttpContext http, Func<SecurityResetService, ApplicantAccess, TBody, string?, CancellationToken, Task<ResetResult<ApplicantCaseView>>> call)
        where TBody : class
    {
        if (!TryCase(http, out var access, out var problem))
        {
            return problem;
        }

        TBody body;
        if (typeof(TBody) == typeof(object))
        {
            body = (TBody)new object();
        }
        else if (await ReadAsync<TBody>(http) is { } read)
        {
            body = read;
        }
        else
        {
            return ResetProblems.Problem(ErrorCodes.RequestInvalid, "The body is not the JSON this step takes.");
        }

        if (!TryIdempotencyKey(http, out var key))
        {
            return ResetProblems.Problem(ErrorCodes.RequestInvalid, "Send at most one Idempotency-Key.");
        }

        var service = http.RequestServices.GetRequiredService<SecurityResetService>();
        return Answer(await call(service, access, body, key, http.RequestAborted), http);
    }

    /// <summary>
    /// The answer of an applicant call: the view, with the new handle in <c>X-Reset-Case</c> when the library issued a
    /// new credential (an idempotent replay carries it too); a problem otherwise, and 403 when the handle no longer
    /// holds the case (a stale credential, or a superseded case).
    /// </summary>
    private static IResult Answer(ResetResult<ApplicantCaseView> result, HttpContext http)
    {
        if (CaseHandles.Lost(result))
        {
            return ResetProblems.Problem(result.Error is { Kind: ErrorKind.Denied } denied ? denied : CaseHandles.Superseded);
        }

        if (result.View?.Access is { } issued)
        {
            http.Response.Headers[CaseHandles.HeaderName] = http.RequestServices.GetRequiredService<CaseHandles>().Issue(issued);
        }

        if (result is { Succeeded: true, View: { } view })
        {
            return TypedResults.Ok(view);
        }

        var error = result.Error ?? new ResetError(ErrorCodes.CaseNotFound, "No such case.");
        var cooldown = http.RequestServices.GetRequiredService<IOptions<SecurityResetOptions>>().Value.Codes.ResendCooldown;
        return ResetProblems.Problem(error, result.View, error.Code == ErrorCodes.CodeResendTooSoon ? cooldown : null);
    }

    /// <summary>Reads the case handle; a missing header is malformed, an unreadable handle is an unknown case.</summary>
    private static bool TryCase(HttpContext http, out ApplicantAccess access, out IResult problem)
    {
        var values = http.Request.Headers[CaseHandles.HeaderName];
        problem = null!;
        if (values.Count != 1)
        {
            access = default;
            problem = ResetProblems.Problem(ErrorCodes.RequestInvalid, $"Send the case handle in one {CaseHandles.HeaderName} header.");
            return false;
        }

        if (!http.RequestServices.GetRequiredService<CaseHandles>().TryRead(values[0], out access))
        {
            problem = ResetProblems.Problem(ErrorCodes.CaseNotFound, "No such case.");
            return false;
        }

        return true;
    }

    /// <summary>Reads the app installation's id: one header of 1 to 128 visible ASCII characters.</summary>
    private static bool TryDevice(HttpContext http, out string device)
    {
        var values = http.Request.Headers[DeviceHeader];
        device = values.Count == 1 ? values[0] ?? string.Empty : string.Empty;
        return values.Count == 1 && device.Length is > 0 and <= 128 && device.All(c => c is > ' ' and < (char)127);
    }

    private static bool TryIdempotencyKey(HttpContext http, out string? key)
    {
        var values = http.Request.Headers[IdempotencyHeader];
        key = values.Count == 1 ? values[0] : null;
        return values.Count <= 1;
    }

    private static async Task<T?> ReadAsync<T>(HttpContext http)
        where T : class
    {
        if (!http.Request.HasJsonContentType())
        {
            return null;
        }

        try
        {
            return await JsonSerializer.DeserializeAsync<T>(http.Request.Body, Options(http), http.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonSerializerOptions Options(HttpContext http) =>
        http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;

    private static Task<ResetResult<ApplicantCaseView>> Invalid(string message) => Refused(ErrorCodes.RequestInvalid, message);

    private static Task<ResetResult<ApplicantCaseView>> Refused(string code, string message) =>
        Task.FromResult(new ResetResult<ApplicantCaseView>(new ResetError(code, message), null));
}
