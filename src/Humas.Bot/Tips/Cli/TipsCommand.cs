using System.CommandLine;
using System.Globalization;
using Humas.Bot.Cli;
using Humas.Bot.Storage.Audit;
using Humas.Bot.Tips.Flow;
using Humas.Bot.Tips.Model;
using Humas.Bot.Tips.Queue;
using Spectre.Console;

namespace Humas.Bot.Tips.Cli;

/// <summary><c>tips list [--state new]</c> and <c>tips block &lt;channel:user&gt;</c> (audited as <c>author.block</c>).</summary>
public sealed class TipsCommand(TipQueue queue, TipBlockList blocks, AuditLog audit, IAnsiConsole console) : ICliCommand
{
    private static readonly Dictionary<string, TipState> States = new(StringComparer.OrdinalIgnoreCase)
    {
        ["new"] = TipState.New,
        ["accepted"] = TipState.Accepted,
        ["declined"] = TipState.Declined,
        ["discussion"] = TipState.InDiscussion,
        ["published"] = TipState.Published,
        ["replied"] = TipState.InDiscussion,
    };

    public Command Build() => new("tips", "Story tips from contributors and citizens") { List(), Block() };

    private Command List()
    {
        var state = new Option<string?>("--state") { Description = "new, accepted, declined, discussion or published" };
        var limit = new Option<int>("--limit") { Description = "At most this many rows (default 50)", DefaultValueFactory = _ => 50 };
        var command = new Command("list", "The newest tips, optionally of one state") { state, limit };
        command.SetAction(async (parse, ct) =>
        {
            TipState? filter = null;
            if (parse.GetValue(state) is { } name)
            {
                filter = States.TryGetValue(name, out var s) ? s : throw new CliException($"unknown state '{name}' (new, accepted, declined, discussion, published)", CliRunner.UsageError);
            }

            var tips = await queue.ListAsync(filter, Math.Clamp(parse.GetValue(limit), 1, 10_000), ct);
            var table = new Table().AddColumns("id", "ticket", "state", "from", "unit", "files", "sent (UTC)", "text");
            foreach (var t in tips)
            {
                var text = t.Text.ReplaceLineEndings(" ");
                table.AddRow(
                    Markup.Escape(t.Id.ToString(CultureInfo.InvariantCulture)), Markup.Escape(t.Ticket), Markup.Escape(t.State.ToString()),
                    Markup.Escape(t.AuthorName ?? t.Channel), Markup.Escape(t.Unit ?? ""), t.Attachments.ToString(CultureInfo.InvariantCulture),
                    t.CreatedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), Markup.Escape(text.Length > 60 ? text[..60] + "…" : text));
            }

            console.Write(table);
            return 0;
        });
        return command;
    }

    private Command Block()
    {
        var author = new Argument<string>("author") { Description = "channel:user, e.g. telegram:12345" };
        var command = new Command("block", "Refuse further tips from an author") { author };
        command.SetAction(async (parse, ct) =>
        {
            var key = AuthorKey.TryParse(parse.GetValue(author))
                ?? throw new CliException($"'{parse.GetValue(author)}' is not channel:user (e.g. telegram:12345)", CliRunner.UsageError);
            var added = await blocks.BlockAsync(key, ct);
            if (added)
            {
                await audit.WriteAsync(CliActor.Current(), "author.block", "author", key.ToString(), null, ct);
            }

            console.WriteLine(added ? $"Blocked {key}." : $"{key} was already blocked.");
            return 0;
        });
        return command;
    }
}
