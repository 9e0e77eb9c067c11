using SecurityReset.Workflow.Definition;

namespace SecurityReset.Workflow.Steps;

/// <summary>The rules every evidence file meets: well-formed metadata, an accepted media type, a size limit.</summary>
internal static class Evidence
{
    public static Guard WellFormed(string label, Func<CommandContext, IEnumerable<EvidenceReference?>> files) => Guard.OnInput(
        label, ErrorCodes.EvidenceInvalid,
        c => FirstError(files(c))!.Message, // asked only once the rule refused, so a first error exists
        c => FirstError(files(c)) is null);

    public static Guard MediaTypeAllowed(string label, Func<CommandContext, IEnumerable<EvidenceReference?>> files, Func<SecurityResetOptions, ISet<string>> allowed) => Guard.OnInput(
        label, ErrorCodes.EvidenceMediaTypeNotAllowed, "This media type is not accepted here.",
        c => files(c).All(f => f?.MediaType is null || allowed(c.Options).Contains(f.MediaType)));

    public static Guard WithinSize(string label, Func<CommandContext, IEnumerable<EvidenceReference?>> files, Func<SecurityResetOptions, long> maxBytes) => Guard.OnInput(
        label, ErrorCodes.EvidenceTooLarge, c => $"Files here may be at most {maxBytes(c.Options)} bytes.",
        c => files(c).All(f => f is null || f.SizeBytes <= maxBytes(c.Options)));

    private static ResetError? FirstError(IEnumerable<EvidenceReference?> files)
    {
        foreach (var file in files)
        {
            var error = EvidenceReferenceValidator.Instance.FirstError(file, ErrorCodes.EvidenceInvalid);
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }
}
