namespace Humas.Bot.Publishing;

/// <summary>
/// What a publish key may do: publish as the institutions it is bound to, or, national (<c>Publishing:ApiKeys</c>, a
/// dashboard key made without institutions), as any institution, and mark an item national.
/// </summary>
public sealed record PublishGrant(bool IsNational, IReadOnlyList<string> Institutions)
{
    public static PublishGrant National { get; } = new(true, []);

    public static PublishGrant For(IEnumerable<string> institutions)
    {
        var ids = institutions.Distinct(StringComparer.Ordinal).ToList();
        return ids.Count == 0 ? National : new(false, ids);
    }

    public bool MayPublishAs(string? institutionId) =>
        IsNational || (institutionId is not null && Institutions.Contains(institutionId, StringComparer.Ordinal));
}
