namespace Humas.Bot.Delivery.Log;

/// <summary>
/// Whose deliveries a reader of the log may see: every institution's (<see cref="National"/>: the national
/// coordinator, operators at the CLI) or those of a set of institutions (an institution's editors). Today's
/// dashboard accounts carry no institution, so every caller passes <see cref="National"/>; when accounts get
/// institutions, the dashboard builds the scope from the signed-in account (Admin/Accounts/EditorScopes.cs)
/// and nothing in the query changes.
/// </summary>
public sealed record DeliveryScope
{
    private DeliveryScope(IReadOnlySet<string>? institutions) => Institutions = institutions;

    public static DeliveryScope National { get; } = new((IReadOnlySet<string>?)null);

    /// <summary>Null for <see cref="National"/>; otherwise the institution ids in scope (possibly none).</summary>
    public IReadOnlySet<string>? Institutions { get; }

    public static DeliveryScope Of(IEnumerable<string> institutionIds) => new(institutionIds.ToHashSet(StringComparer.Ordinal));

    public bool Includes(string institutionId) => Institutions is null || Institutions.Contains(institutionId);
}
