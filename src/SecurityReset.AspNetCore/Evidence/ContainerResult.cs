namespace SecurityReset.AspNetCore.Evidence;

/// <summary>What <see cref="ContainerCheck"/> found: a media type, a recognised but broken file, or nothing it knows.</summary>
/// <param name="MediaType">The media type when the structure holds.</param>
/// <param name="Recognised">Whether the first bytes named a container the check knows.</param>
internal sealed record ContainerResult(string? MediaType, bool Recognised)
{
    public static readonly ContainerResult Unrecognised = new(null, false);

    public static readonly ContainerResult Malformed = new(null, true);

    public static ContainerResult Of(string mediaType) => new(mediaType, true);
}
