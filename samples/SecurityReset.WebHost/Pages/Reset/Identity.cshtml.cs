using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using SecurityReset.AspNetCore;
using SecurityReset.WebHost.Hosting;

namespace SecurityReset.WebHost.Pages.Reset;

/// <summary>
/// Step 5: personal information and identity verification: the new contact and its code, the ID document,
/// the verification video with its statement, the terms, then submit. Also the amendment page for the
/// document and video when a reviewer asks for them.
/// </summary>
public sealed class IdentityModel(SecurityResetService service, SecurityResetCaseHandles handles, TimeProvider time, IOptions<WebHostOptions> options)
    : ApplicantPageModel(service, handles)
{
    [BindProperty]
    public ContactKind ContactKind { get; set; }

    [BindProperty]
    public string? ContactAddress { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public DocumentType DocumentType { get; set; }

    [BindProperty]
    public string? IssuingCountry { get; set; }

    [BindProperty]
    public string? DocumentNumber { get; set; }

    [BindProperty]
    public IFormFile? FrontImage { get; set; }

    [BindProperty]
    public IFormFile? Video { get; set; }

    [BindProperty]
    public string? StatementUid { get; set; }

    [BindProperty]
    public string? StatementEmail { get; set; }

    [BindProperty]
    public string? StatementPhone { get; set; }

    [BindProperty]
    public DateOnly? StatementDate { get; set; }

    [BindProperty]
    public string? StatementUtcOffset { get; set; }

    [BindProperty]
    public string? StatementReason { get; set; }

    [BindProperty]
    public bool AcceptTerms { get; set; }

    public string TermsVersion => options.Value.TermsVersion;

    /// <summary>Today in UTC, to prefill the statement's date.</summary>
    public DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    public bool Amending => StepPages.Amending(Case);

    public bool ShowsDocument => StepPages.OffersDocument(Case);

    public bool ShowsVideo => StepPages.OffersVideo(Case);

    public Task<IActionResult> OnPostContactAsync(CancellationToken cancellationToken) =>
        RunAsync((access, ct) => Service.SetNewContactAsync(access, ContactKind, ContactAddress ?? string.Empty, RequestKey, ct), cancellationToken);

    public Task<IActionResult> OnPostRequestCodeAsync(CancellationToken cancellationToken) =>
        RunAsync((access, ct) => Service.RequestCodeAsync(access, VerificationTarget.NewContact, RequestKey, ct), cancellationToken); // the page then says the code is on its way

    public Task<IActionResult> OnPostVerifyCodeAsync(CancellationToken cancellationToken) =>
        RunAsync((access, ct) => Service.VerifyCodeAsync(access, VerificationTarget.NewContact, Code ?? string.Empty, RequestKey, ct), cancellationToken);

    public async Task<IActionResult> OnPostDocumentAsync(CancellationToken cancellationToken)
    {
        if (FrontImage is null)
        {
            return await RefusedAsync(ErrorCodes.EvidenceInvalid, cancellationToken);
        }

        var (front, refused) = await UploadAsync(FrontImage, SecurityResetEvidenceKind.File, cancellationToken);
        if (front is null)
        {
            return await RefusedAsync(refused!, cancellationToken);
        }

        var document = new DocumentSubmission(DocumentType, (IssuingCountry ?? string.Empty).Trim().ToUpperInvariant(), (DocumentNumber ?? string.Empty).Trim(), front);
        return await RunAsync((access, ct) => Service.SubmitDocumentAsync(access, document, RequestKey, ct), cancellationToken, "Your ID document was uploaded.");
    }

    public async Task<IActionResult> OnPostVideoAsync(CancellationToken cancellationToken)
    {
        if (Video is null)
        {
            return await RefusedAsync(ErrorCodes.EvidenceInvalid, cancellationToken);
        }

        if (StatementDate is not { } date || !TryParseOffset(StatementUtcOffset, out var offset))
        {
            return await RefusedAsync(ErrorCodes.StatementInvalid, cancellationToken);
        }

        var (video, refused) = await UploadAsync(Video, SecurityResetEvidenceKind.Video, cancellationToken);
        if (video is null)
        {
            return await RefusedAsync(refused!, cancellationToken);
        }

        var statement = new DeclaredStatement(StatementUid ?? string.Empty, StatementEmail ?? string.Empty, StatementPhone ?? string.Empty, date, offset, StatementReason ?? string.Empty);
        return await RunAsync((access, ct) => Service.SubmitVideoAsync(access, new VerificationVideo(video, statement), RequestKey, ct), cancellationToken,
            "Your verification video was uploaded.");
    }

    public Task<IActionResult> OnPostTermsAsync(CancellationToken cancellationToken) =>
        RunAsync((access, ct) => Service.AcceptTermsAsync(access, AcceptTerms ? TermsVersion : string.Empty, RequestKey, ct), cancellationToken);

    public Task<IActionResult> OnPostSubmitAsync(CancellationToken cancellationToken) =>
        RunAsync((access, ct) => Service.SubmitAsync(access, RequestKey, ct), cancellationToken, "Your application was submitted.");

    protected override string PagePath => "/Reset/Identity";

    /// <summary>Reads "+HH:MM" or "-HH:MM".</summary>
    internal static bool TryParseOffset(string? text, out TimeSpan offset)
    {
        offset = default;
        var value = (text ?? string.Empty).Trim();
        if (value.Length != 6 || value[0] is not ('+' or '-') || value[3] != ':'
            || !int.TryParse(value.AsSpan(1, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
            || !int.TryParse(value.AsSpan(4, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes)
            || hours > 14 || minutes > 59)
        {
            return false;
        }

        offset = new TimeSpan(hours, minutes, 0) * (value[0] == '-' ? -1 : 1);
        return true;
    }
}
