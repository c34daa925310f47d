using System.Security.Claims;

namespace Humas.Bot.Admin.Scoping;

/// <summary>
/// The institutions the signed-in account serves: none means national (every institution's rows). Read from the
/// sign-in cookie's claims, which the account's security stamp keeps current (changing an account's institutions
/// ends its sessions).
/// </summary>
public sealed record DashboardScope(bool IsNational, IReadOnlyList<string> Institutions)
{
    public const string InstitutionClaim = "humas:institution";

    public static DashboardScope National { get; } = new(true, []);

    /// <summary>Nothing at all: for a request that is not a signed-in account's.</summary>
    public static DashboardScope Nothing { get; } = new(false, []);

    public static DashboardScope Of(IReadOnlyCollection<string> institutions) =>
        institutions.Count == 0 ? National : new(false, institutions.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList());

    public static DashboardScope From(ClaimsPrincipal user) =>
        user.Identity is { IsAuthenticated: true, AuthenticationType: AdminAuth.Scheme }
            ? Of(user.FindAll(InstitutionClaim).Select(c => c.Value).ToList())
            : Nothing;

    /// <summary>True when the account may see and act on rows of <paramref name="institutionId"/>.</summary>
    public bool Covers(string? institutionId) => IsNational || (institutionId is not null && Institutions.Contains(institutionId, StringComparer.Ordinal));

    /// <summary>True when every one of <paramref name="institutionIds"/> is covered; an empty set (national) only for a national account.</summary>
    public bool CoversAll(IReadOnlyCollection<string> institutionIds) =>
        IsNational || (institutionIds.Count > 0 && institutionIds.All(Covers));
}
