using System.CommandLine;
using System.Globalization;
using Humas.Bot.Cli;
using Humas.Bot.Storage.Audit;
using Humas.Bot.Tips.Contributors;
using Spectre.Console;

namespace Humas.Bot.Tips.Cli;

/// <summary>
/// <c>contributors invite --institution setneg --unit "PPK GBK" [--uses 1] [--days 30]</c>: prints a new invite code,
/// audited like the dashboard's (<c>invite.create</c>).
/// </summary>
public sealed class ContributorsCommand(ContributorRegistry registry, AuditLog audit, IAnsiConsole console) : ICliCommand
{
    public Command Build()
    {
        var institution = new Option<string>("--institution") { Description = "The institution's id, e.g. setneg", Required = true };
        var unit = new Option<string>("--unit") { Description = "The unit within it, e.g. \"PPK GBK\"", Required = true };
        var uses = new Option<int>("--uses") { Description = "How many people may register with the code (default 1)", DefaultValueFactory = _ => 1 };
        var days = new Option<int>("--days") { Description = "Days until the code expires (default 30)", DefaultValueFactory = _ => 30 };
        var invite = new Command("invite", "Create an invite code; a contributor sends /daftar CODE to the bot") { institution, unit, uses, days };
        invite.SetAction(async (parse, ct) =>
        {
            CreatedInvite created;
            try
            {
                created = await registry.CreateInviteAsync(parse.GetValue(institution)!, parse.GetValue(unit)!, parse.GetValue(uses), parse.GetValue(days), ct);
            }
            catch (ArgumentException e)
            {
                throw new CliException(e.Message.Split(" (Parameter", 2)[0], CliRunner.UsageError);
            }

            await audit.WriteAsync(CliActor.Current(), "invite.create", "invite", created.InstitutionId, created.Unit, ct);

            // The code alone on its line, so a script can pick it out; it is shown only this once (only its hash is stored).
            console.WriteLine(created.Code);
            console.MarkupLineInterpolated($"for {created.InstitutionId} / {created.Unit}, {created.MaxUses} use(s), expires {created.ExpiresAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC");
            return 0;
        });
        return new Command("contributors", "News contributors (Kontributor Berita)") { invite };
    }
}
