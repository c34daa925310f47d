using Humas.Bot.Admin.Accounts;
using Humas.Bot.Storage.Audit;
using Humas.Bot.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Admin;

/// <summary><c>users add|list|set-password</c>, run as the real executable with the password on stdin.</summary>
public sealed class UsersCliTests : IDisposable
{
    private readonly TestDatabase _database = new();

    public void Dispose() => _database.Dispose();

    private async Task<(int Code, string Stdout, string Stderr)> RunAsync(string? stdin, params string[] args)
    {
        using var process = ServiceProcess.Start(args, new Dictionary<string, string?> { ["ConnectionStrings__Humas"] = _database.ConnectionString }, _database.Folder);
        process.WriteInputAndClose(stdin ?? "");
        var code = await process.WaitForExitAsync(ServiceProcess.CliExitTimeout);
        return (code, process.StandardOutput, process.StandardError);
    }

    [Fact]
    public async Task The_first_admin_is_created_from_the_CLI_with_a_hashed_password()
    {
        var (code, stdout, stderr) = await RunAsync("kata-sandi-admin-1\n", "users", "add", "Admin@Kominfo.go.id", "--role", "admin", "--password-stdin");

        Assert.True(code == 0, stderr);
        Assert.Contains("created admin@kominfo.go.id (admin, national)", stdout, StringComparison.Ordinal);
        await using var db = _database.CreateDbContext();
        var user = await db.Set<AdminUser>().SingleAsync();
        Assert.Equal((AdminRole.Admin, false), (user.Role, user.PasswordHash.Contains("kata-sandi", StringComparison.Ordinal)));
        Assert.NotEqual(PasswordVerificationResult.Failed, new PasswordHasher<AdminUser>().VerifyHashedPassword(user, user.PasswordHash, "kata-sandi-admin-1"));

        var (_, list, _) = await RunAsync(null, "users", "list");
        Assert.Contains("admin@kominfo.go.id", list, StringComparison.Ordinal);
        Assert.Contains("admin", list, StringComparison.Ordinal);

        var (changed, _, changeErr) = await RunAsync("kata-sandi-baru-22\n", "users", "set-password", "admin@kominfo.go.id");
        Assert.True(changed == 0, changeErr);
        await using var db2 = _database.CreateDbContext();
        var updated = await db2.Set<AdminUser>().SingleAsync();
        Assert.NotEqual(PasswordVerificationResult.Failed, new PasswordHasher<AdminUser>().VerifyHashedPassword(updated, updated.PasswordHash, "kata-sandi-baru-22"));

        // Audited as the dashboard's actions are, with the operator's user and machine as the actor.
        var audit = await db2.Set<AdminAuditEntry>().OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(
            [("user.add", "admin@kominfo.go.id", "admin, national"), ("user.password", "admin@kominfo.go.id", null)],
            audit.Select(a => (a.Action, a.TargetId, a.Detail)));
        Assert.All(audit, a => Assert.StartsWith("cli:", a.Actor, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_editor_is_made_for_institutions_with_a_repeated_institution_option_and_an_unknown_one_is_refused()
    {
        var (code, stdout, stderr) = await RunAsync("kata-sandi-redaktur\n", "users", "add", "redaktur@kemensos.go.id", "--role", "editor", "--institution", "kemensos", "--institution", "kominfo");
        Assert.True(code == 0, stderr);
        Assert.Contains("created redaktur@kemensos.go.id (editor, kemensos, kominfo)", stdout, StringComparison.Ordinal);

        var (unknown, _, unknownErr) = await RunAsync("kata-sandi-redaktur\n", "users", "add", "lain@kemensos.go.id", "--institution", "tidak-ada");
        Assert.Equal((1, "error: 'tidak-ada' is not an institution"), (unknown, unknownErr.Trim()));

        var (changed, _, changeErr) = await RunAsync(null, "users", "institutions", "redaktur@kemensos.go.id", "--institution", "setneg");
        Assert.True(changed == 0, changeErr);
        var (_, list, _) = await RunAsync(null, "users", "list");
        Assert.Contains("setneg", list, StringComparison.Ordinal);
        await using var db = _database.CreateDbContext();
        Assert.Equal(["setneg"], await db.Set<AdminUserInstitution>().Select(i => i.InstitutionId).ToListAsync());
        Assert.False(await db.Set<AdminUser>().AnyAsync(u => u.Email == "lain@kemensos.go.id"));
        // The refused account left no audit line.
        var redaktur = await db.Set<AdminUser>().SingleAsync();
        Assert.Equal(
            [("user.add", "redaktur@kemensos.go.id", "editor, kemensos kominfo"), ("user.institutions", redaktur.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "setneg")],
            await db.Set<AdminAuditEntry>().OrderBy(a => a.Id).Select(a => ValueTuple.Create(a.Action, a.TargetId, a.Detail)).ToListAsync());
    }

    [Fact]
    public async Task Weak_passwords_duplicates_and_bad_roles_are_one_line_errors()
    {
        var (weak, _, weakErr) = await RunAsync("pendek\n", "users", "add", "a@kominfo.go.id", "--role", "editor");
        Assert.Equal((1, "error: the password must be 10 to 256 characters"), (weak, weakErr.Trim()));

        Assert.Equal(0, (await RunAsync("cukup-panjang-sekali\n", "users", "add", "a@kominfo.go.id")).Code);
        var (dup, _, dupErr) = await RunAsync("cukup-panjang-sekali\n", "users", "add", "A@kominfo.go.id");
        Assert.Equal((1, "error: an account for a@kominfo.go.id already exists"), (dup, dupErr.Trim()));

        var (role, _, _) = await RunAsync("cukup-panjang-sekali\n", "users", "add", "b@kominfo.go.id", "--role", "raja");
        Assert.Equal(2, role);
        var (missing, _, missingErr) = await RunAsync("x\n", "users", "set-password", "nobody@kominfo.go.id");
        Assert.Equal(1, missing);
        Assert.StartsWith("error:", missingErr.Trim(), StringComparison.Ordinal);
        await using var db = _database.CreateDbContext();
        Assert.Equal(AdminRole.Editor, (await db.Set<AdminUser>().SingleAsync()).Role);
    }
}
