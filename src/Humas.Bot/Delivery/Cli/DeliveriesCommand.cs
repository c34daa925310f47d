using System.CommandLine;
using System.Globalization;
using Humas.Bot.Cli;
using Humas.Bot.Delivery.Operations;
using Humas.Bot.Delivery.Progress;
using Spectre.Console;

namespace Humas.Bot.Delivery.Cli;

/// <summary>
/// <c>deliveries status|cancel|recall|correct &lt;article-id&gt;</c>. Recall and correct run here, in the CLI
/// process, with their own copy of the rate limiter: run them while the service is idle for this channel,
/// or at a modest pace, since the service's limiter does not see these calls.
/// </summary>
public sealed class DeliveriesCommand(DeliveryProgress progress, DeliveryOperations operations, IAnsiConsole console) : ICliCommand
{
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(1);

    public Command Build()
    {
        var root = new Command("deliveries", "Watch and steer an article's delivery to subscribers");
        root.Subcommands.Add(Status());
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
