namespace Humas.Bot.Admin.Accounts;

/// <summary>How the audit log words an account's changes, the same from the dashboard and from the command line.</summary>
internal static class AccountAudit
{
    /// <summary>The institutions an account serves, or "national".</summary>
    public static string Institutions(IReadOnlyCollection<string> served) => served.Count == 0 ? "national" : string.Join(" ", served);

    /// <summary>A new account's role and institutions.</summary>
    public static string Added(AdminRole role, IReadOnlyCollection<string> served) => $"{AdminAuth.RoleName(role)}, {Institutions(served)}";
}
