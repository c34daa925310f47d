using System.CommandLine;
using System.Globalization;
using Humas.Bot.Cli;
using Humas.Bot.Delivery.Log;
using Humas.Bot.Delivery.Model;
using Humas.Bot.Delivery.Operations;
using Humas.Bot.Delivery.Progress;
using Spectre.Console;

namespace Humas.Bot.Delivery.Cli;

/// <summary>
/// <c>deliveries status|list|cancel|recall|correct &lt;article-id&gt;</c>. Recall and correct run here, in the CLI
/// process, with their own copy of the rate limiter: run them while the service is idle for this channel,
/// or at a modest pace, since the service's limiter does not see these calls.
/// </summary>
public sealed class DeliveriesCommand(DeliveryProgress progress, DeliveryOperations operations, DeliveryLog log, IAnsiConsole console) : ICliCommand
{
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(1);
    private const int MaxListed = 100_000;

    public Command Build()
    {
        var root = new Command("deliveries", "Watch and steer an article's delivery to subscribers");
        root.Subcommands.Add(Status());
        root.Subcommands.Add(List());
        root.Subcommands.Add(Verb("cancel", "Cancel the article's deliveries that have not been sent", async (id, ct) =>
        {
            var cancelled = await operations.CancelAsync(id, ct);
            console.MarkupLineInterpolated($"Cancelled [bold]{cancelled}[/] pending deliveries.");
        }));
        root.Subcommands.Add(Verb("recall", "Cancel what is pending and delete the sent messages from the platforms", async (id, ct) =>
        {
            var s = await operations.RecallAsync(id, ct);
            console.MarkupLineInterpolated($"Cancelled [bold]{s.Cancelled}[/], deleted [bold]{s.Done}[/], failed [bold]{s.Failed}[/], not applicable {s.Skipped}.");
        }));
        root.Subcommands.Add(Verb("correct", "Edit the sent messages into the article's current revision", async (id, ct) =>
        {
            var s = await operations.CorrectAsync(id, ct);
            console.MarkupLineInterpolated($"Edited [bold]{s.Done}[/], failed [bold]{s.Failed}[/], already current or not editable {s.Skipped}.");
        }));
        return root;
    }

    private Command Status()
    {
        var article = ArticleArgument();
        var once = new Option<bool>("--once") { Description = "Print the numbers once instead of following the broadcast" };
        var command = new Command("status", "Progress of an article's delivery: planned, sent, failed, remaining, rate, ETA") { article, once };
        command.SetAction(async (parse, ct) =>
        {
            var id = ParseId(parse.GetValue(article));
            var first = await progress.GetAsync(id, ct) ?? throw new CliException($"no article {id}");

            if (parse.GetValue(once))
            {
                console.Write(Table(first));
                return 0;
            }

            await console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async ctx =>
                {
                    var task = ctx.AddTask("planning", maxValue: 1);
                    while (true)
                    {
                        var p = await progress.GetAsync(id, ct) ?? first;
                        task.MaxValue = Math.Max(1, p.Planned);
                        task.Value = p.Planned - p.Remaining;
                        task.Description = p.FanOutPending
                            ? $"planning... {p.Planned} so far"
                            : $"sent {p.Sent}, failed {p.Failed}, remaining {p.Remaining}, {p.RatePerSecond:0.#}/s";
                        if (p.Done)
                        {
                            break;
                        }

                        await Task.Delay(Refresh, ct);
                    }
                });
            console.Write(Table(await progress.GetAsync(id, ct) ?? first));
            return 0;
        });
        return command;
    }

    private Command List()
    {
        var article = ArticleArgument();
        var state = new Option<string>("--state") { Description = "Only this state: " + string.Join(", ", DeliveryStates.All.Select(DeliveryStates.Name)) };
        var channel = new Option<string>("--channel") { Description = "Only this channel (telegram, teams, web)" };
        var limit = new Option<int>("--limit") { Description = "At most this many rows (default 100)", DefaultValueFactory = _ => 100 };
        var command = new Command("list", "Each recipient of an article: channel, recipient, state, attempts, times and last error") { article, state, channel, limit };
        command.SetAction(async (parse, ct) =>
        {
            var id = ParseId(parse.GetValue(article));
            var max = parse.GetValue(limit);
            if (max is < 1 or > MaxListed)
            {
                throw new CliException($"--limit must be between 1 and {MaxListed}", CliRunner.UsageError);
            }

            DeliveryState? wanted = null;
            if (parse.GetValue(state) is { } text)
            {
                wanted = DeliveryStates.Parse(text) ?? throw new CliException(
                    $"--state: '{text}' is not a delivery state ({string.Join(", ", DeliveryStates.All.Select(DeliveryStates.Name))})", CliRunner.UsageError);
            }

            // The operator's CLI reads every institution's log.
            var entries = await log.ListAsync(id, DeliveryScope.National, new DeliveryLogFilter(wanted, parse.GetValue(channel)), max, ct)
                ?? throw new CliException($"no article {id}");
            var table = new Table().AddColumns("Id", "Channel", "Recipient", "State", "Tries", "Planned (WIB)", "Changed (WIB)", "Sent (WIB)", "Next try (WIB)", "Last error");
            foreach (var e in entries)
            {
                table.AddRow(
                    e.DeliveryId.ToString(CultureInfo.InvariantCulture), Markup.Escape(e.Channel),
                    Markup.Escape(e.RecipientName is { Length: > 0 } name ? $"{e.Recipient} ({name})" : e.Recipient),
                    e.State, e.Attempts.ToString(CultureInfo.InvariantCulture), When(e.PlannedAt), When(e.ChangedAt), When(e.SentAt), When(e.NextAttemptAt),
                    Markup.Escape(e.LastError ?? ""));
            }

            console.Write(table);
            console.MarkupLine(entries.Count == max ? $"{entries.Count} deliveries (the first {max}; --limit shows more)." : $"{entries.Count} deliveries.");
            return 0;
        });
        return command;
    }

    private static string When(DateTime? utc) =>
        utc is { } t ? Localization.JakartaTime.ToLocal(t).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "";

    private Command Verb(string name, string description, Func<Guid, CancellationToken, Task> run)
    {
        var article = ArticleArgument();
        var command = new Command(name, description) { article };
        command.SetAction(async (parse, ct) =>
        {
            await run(ParseId(parse.GetValue(article)), ct);
            return 0;
        });
        return command;
    }

    private static Argument<string> ArticleArgument() => new("article-id") { Description = "The article's id (a GUID)" };

    private static Guid ParseId(string? text) => Guid.TryParse(text, out var id)
        ? id
        : throw new CliException($"'{text}' is not an article id (a GUID)", CliRunner.UsageError);

    private static Table Table(ArticleDeliveryProgress p)
    {
        var table = new Table().AddColumn("article").AddColumn(p.ArticleId.ToString());
        void Row(string name, object value) => table.AddRow(name, Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");
        Row("planned", p.Planned);
        Row("sent", p.Sent);
        Row("failed (gave up)", p.Failed);
        Row("skipped", p.Skipped);
        Row("cancelled", p.Cancelled);
        Row("recalled", p.Recalled);
        Row("remaining", p.Remaining);
        Row("rate", $"{p.RatePerSecond:0.##}/s");
        Row("fan-out", p.FanOutPending ? "in progress" : "done");
        Row("eta", p.Eta is { } eta ? eta.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture) : "unknown");
        return table;
    }
}
