using System.CommandLine;
using System.Globalization;
using Humas.Bot.Cli;
using Humas.Bot.Storage.Audit;
using Spectre.Console;

namespace Humas.Bot.Admin.Accounts;

/// <summary>
/// <c>users add &lt;email&gt; --role admin|editor|viewer [--institution I]...</c> (no institution: a national
/// account), <c>users institutions &lt;email&gt; [--institution I]...</c>, <c>users list</c>, <c>users set-password &lt;email&gt;</c>.
/// The password is read from stdin (one line) when it is redirected or with <c>--password-stdin</c>, otherwise
/// prompted for without echo; it never appears on the command line, where other users could see it.
/// </summary>
public sealed class UsersCommand(AdminAccounts accounts, AuditLog audit, IAnsiConsole console) : ICliCommand
{
    public Command Build()
    {
        var email = new Argument<string>("email") { Description = "The editor's e-mail address, their sign-in name" };
        var role = new Option<AdminRole>("--role") { Description = "admin, editor or viewer (default editor)", DefaultValueFactory = _ => AdminRole.Editor };
        var stdin = new Option<bool>("--password-stdin") { Description = "Read the password from the first line of stdin" };
        var institution = InstitutionOption();
        var add = new Command("add", "Create a dashboard account (the first admin is made this way)") { email, role, institution, stdin };
        add.SetAction(async (parse, ct) =>
        {
            var password = await ReadPasswordAsync(parse.GetValue(stdin), ct);
            var served = parse.GetValue(institution) ?? [];
            var user = await Run(() => accounts.AddAsync(parse.GetValue(email)!, parse.GetValue(role), password, served, ct));
            await audit.WriteAsync(CliActor.Current(), "user.add", "user", user.Email, AccountAudit.Added(user.Role, served), ct);
            console.MarkupLineInterpolated($"created {user.Email} ({user.Role.ToString().ToLowerInvariant()}, {Served(served)}); sign in at /admin");
            return 0;
        });

        var setEmail = new Argument<string>("email") { Description = "The account's e-mail address" };
        var setStdin = new Option<bool>("--password-stdin") { Description = "Read the password from the first line of stdin" };
        var setPassword = new Command("set-password", "Set a new password for an account") { setEmail, setStdin };
        setPassword.SetAction(async (parse, ct) =>
        {
            var password = await ReadPasswordAsync(parse.GetValue(setStdin), ct);
            await Run(async () => { await accounts.SetPasswordAsync(parse.GetValue(setEmail)!, password, ct); return 0; });
            var address = AdminAccounts.Normalize(parse.GetValue(setEmail)!);
            await audit.WriteAsync(CliActor.Current(), "user.password", "user", address, null, ct);
            console.MarkupLineInterpolated($"password changed for {address}");
            return 0;
        });

        var servedEmail = new Argument<string>("email") { Description = "The account's e-mail address" };
        var servedInstitution = InstitutionOption();
        var institutions = new Command("institutions", "Set the institutions an account serves (none: national); its sessions end") { servedEmail, servedInstitution };
        institutions.SetAction(async (parse, ct) =>
        {
            var address = AdminAccounts.Normalize(parse.GetValue(servedEmail)!);
            var served = parse.GetValue(servedInstitution) ?? [];
            await Run(async () =>
            {
                var user = await accounts.FindByEmailAsync(address, ct) ?? throw new AccountException($"no account for {address}");
                await accounts.SetInstitutionsAsync(user.Id, served, ct);
                await audit.WriteAsync(CliActor.Current(), "user.institutions", "user", user.Id.ToString(CultureInfo.InvariantCulture), AccountAudit.Institutions(served), ct);
                return 0;
            });
            console.MarkupLineInterpolated($"{address} now serves {Served(served)}");
            return 0;
        });

        var list = new Command("list", "Every dashboard account with its role and institutions");
        list.SetAction(async (_, ct) =>
        {
            var table = new Table().AddColumns("email", "role", "institutions", "disabled", "created (UTC)", "last sign-in (UTC)");
            foreach (var (user, served) in await accounts.ListAsync(ct))
            {
                table.AddRow(
                    Markup.Escape(user.Email), user.Role.ToString().ToLowerInvariant(), Markup.Escape(Served(served)), user.Disabled ? "yes" : "no",
                    user.CreatedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                    user.LastSignInAt?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "-");
            }

            console.Write(table);
            return 0;
        });
        return new Command("users", "Dashboard accounts (editors)") { add, setPassword, institutions, list };
    }

    private static Option<string[]> InstitutionOption() => new("--institution")
    {
        Description = "An institution the account serves (repeatable); none makes a national account",
        AllowMultipleArgumentsPerToken = false,
    };

    private static string Served(IReadOnlyCollection<string> institutions) =>
        institutions.Count == 0 ? "national" : string.Join(", ", institutions);

    private static async Task<T> Run<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (AccountException e)
        {
            throw new CliException(e.Message);
        }
    }

    private async Task<string> ReadPasswordAsync(bool fromStdin, CancellationToken ct)
    {
        if (fromStdin || Console.IsInputRedirected)
        {
            var line = await Console.In.ReadLineAsync(ct);
            return line?.TrimEnd('\r', '\n') ?? throw new CliException("no password on stdin", CliRunner.UsageError);
        }

        var first = await new TextPrompt<string>("Password:").Secret().ShowAsync(console, ct);
        var again = await new TextPrompt<string>("Again:").Secret().ShowAsync(console, ct);
        return first == again ? first : throw new CliException("the two passwords differ", CliRunner.UsageError);
    }
}
