using System.CommandLine;
using System.Globalization;
using Humas.Bot.Cli;
using Spectre.Console;

namespace Humas.Bot.Admin.Accounts;

/// <summary>
/// <c>users add &lt;email&gt; --role admin|editor|viewer</c>, <c>users list</c>, <c>users set-password &lt;email&gt;</c>.
/// The password is read from stdin (one line) when it is redirected or with <c>--password-stdin</c>, otherwise
/// prompted for without echo; it never appears on the command line, where other users could see it.
/// </summary>
public sealed class UsersCommand(AdminAccounts accounts, IAnsiConsole console) : ICliCommand
{
    public Command Build()
    {
        var email = new Argument<string>("email") { Description = "The editor's e-mail address, their sign-in name" };
        var role = new Option<AdminRole>("--role") { Description = "admin, editor or viewer (default editor)", DefaultValueFactory = _ => AdminRole.Editor };
        var stdin = new Option<bool>("--password-stdin") { Description = "Read the password from the first line of stdin" };
        var add = new Command("add", "Create a dashboard account (the first admin is made this way)") { email, role, stdin };
        add.SetAction(async (parse, ct) =>
        {
            var password = await ReadPasswordAsync(parse.GetValue(stdin), ct);
            var user = await Run(() => accounts.AddAsync(parse.GetValue(email)!, parse.GetValue(role), password, ct));
            console.MarkupLineInterpolated($"created {user.Email} ({user.Role.ToString().ToLowerInvariant()}); sign in at /admin");
            return 0;
        });

        var setEmail = new Argument<string>("email") { Description = "The account's e-mail address" };
        var setStdin = new Option<bool>("--password-stdin") { Description = "Read the password from the first line of stdin" };
        var setPassword = new Command("set-password", "Set a new password for an account") { setEmail, setStdin };
        setPassword.SetAction(async (parse, ct) =>
        {
            var password = await ReadPasswordAsync(parse.GetValue(setStdin), ct);
            await Run(async () => { await accounts.SetPasswordAsync(parse.GetValue(setEmail)!, password, ct); return 0; });
            console.MarkupLineInterpolated($"password changed for {AdminAccounts.Normalize(parse.GetValue(setEmail)!)}");
            return 0;
        });

        var list = new Command("list", "Every dashboard account with its role");
        list.SetAction(async (_, ct) =>
        {
            var table = new Table().AddColumns("email", "role", "disabled", "created (UTC)", "last sign-in (UTC)");
            foreach (var user in await accounts.ListAsync(ct))
            {
                table.AddRow(
                    Markup.Escape(user.Email), user.Role.ToString().ToLowerInvariant(), user.Disabled ? "yes" : "no",
                    user.CreatedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                    user.LastSignInAt?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "-");
            }

            console.Write(table);
            return 0;
        });
        return new Command("users", "Dashboard accounts (editors)") { add, setPassword, list };
    }

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
