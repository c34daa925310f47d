using System.Security.Claims;
using Humas.Bot.Admin.Accounts;

namespace Humas.Bot.Admin;

/// <summary>The dashboard's cookie scheme and its three policies (one per role, each including the ones above it).</summary>
public static class AdminAuth
{
    public const string Scheme = "HumasAdmin";
    public const string Viewer = "admin.viewer";
    public const string Editor = "admin.editor";
    public const string Admin = "admin.admin";
    public const string SignInPath = "/admin/masuk";
    public const string DeniedPath = "/admin/ditolak";

    public static string RoleName(AdminRole role) => role.ToString().ToLowerInvariant();

    public static string Email(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Email) ?? "?";

    public static bool CanEdit(this ClaimsPrincipal user) => user.IsInRole(RoleName(AdminRole.Editor)) || user.IsInRole(RoleName(AdminRole.Admin));

    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole(RoleName(AdminRole.Admin));

    /// <summary>The claim that carries the account's <see cref="AdminUser.SecurityStamp"/> at sign-in.</summary>
    public const string StampClaim = "humas:stamp";

    /// <param name="institutions">The institutions the account serves (<see cref="Scoping.DashboardScope"/>); none: national.</param>
    public static ClaimsPrincipal Principal(AdminUser user, IReadOnlyList<string> institutions) => new(new ClaimsIdentity(
        [
            new Claim(StampClaim, user.SecurityStamp),
            new Claim(ClaimTypes.NameIdentifier, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(ClaimTypes.Email, user.Email),
            new Claim(ClaimTypes.Name, user.Email),
            new Claim(ClaimTypes.Role, RoleName(user.Role)),
            .. institutions.Select(i => new Claim(Scoping.DashboardScope.InstitutionClaim, i)),
        ], Scheme, ClaimTypes.Name, ClaimTypes.Role));
}
