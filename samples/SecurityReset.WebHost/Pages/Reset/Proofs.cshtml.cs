using Microsoft.AspNetCore.Mvc;
using SecurityReset.AspNetCore;

namespace SecurityReset.WebHost.Pages.Reset;

/// <summary>Step 4: Supplementary Proof Materials, one file per kind (also when a reviewer asks to amend them).</summary>
public sealed class ProofsModel(SecurityResetService service, SecurityResetCaseHandles handles) : ApplicantPageModel(service, handles)
{
    /// <summary>The form's file inputs, in the order of <see cref="ProofKind"/>.</summary>
    public static IReadOnlyList<(ProofKind Kind, string Label, bool Required)> Slots { get; } =
    [
        (ProofKind.SourceOfFunds, "Proof of source of funds", true),
        (ProofKind.DestinationOfFunds, "Proof of destination of funds", true),
        (ProofKind.NotificationRecords, "Notification records", true),
        (ProofKind.FiatTransactionRecords, "Fiat transaction records", true),
        (ProofKind.Other, "Other supplementary evidence (optional)", false),
    ];

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var proofs = new List<SupplementaryProof>();
        foreach (var (kind, _, _) in Slots)
        {
            if (Request.Form.Files.GetFile(kind.ToString()) is not { Length: > 0 } file)
            {
                continue;
            }

            var (reference, refused) = await UploadAsync(file, SecurityResetEvidenceKind.File, cancellationToken);
            if (reference is null)
            {
                return await RefusedAsync(refused!, cancellationToken);
            }

            proofs.Add(new SupplementaryProof(kind, reference));
        }

        return await RunAsync((access, ct) => Service.ProvideProofsAsync(access, proofs, RequestKey, ct), cancellationToken, "Your proofs were uploaded.");
    }

    protected override string PagePath => "/Reset/Proofs";
}
