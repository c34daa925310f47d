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
/// <c>deliveries status|list|cancel|recall|correct &lt;article-id&gt;</c>. Cancel, recall and correct go through
/// <see cref="ArticleActions"/>, as the dashboard's do, and are audited with the operator's user and machine name.
/// Recall and correct do not run here: they add a durable <see cref="ArticleJobs"/> row, which the service's
/// <see cref="ArticleJobService"/> runs under the service's rate limiter (in whichever instance claims it).
/// <c>--wait</c> follows the job's row until it finishes, at most that many seconds.
/// </summary>
public sealed class DeliveriesCommand(
    DeliveryProgress progress, ArticleActions actions, DeliveryLog log, IAnsiConsole console) : ICliCommand
{
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(1);
    private const int MaxListed = 100_000;

    /// <summary>The longest <c>--wait</c>: an hour, the gateway's own patience with one 429.</summary>
    internal const int MaxWaitSeconds = 3600;

    public Command Build()
    {
        var root = new Command("deliveries", "Watch and steer an article's delivery to subscribers");
        root.Subcommands.Add(Status());
        root.Subcommands.Add(List());
        root.Subcommands.Add(Verb("cancel", "Cancel the article's deliveries that have not been sent", async (id, ct) =>
        {
            _ = await ExistingAsync(id, ct);
            var cancelled = await actions.CancelAsync(id, CliActor.Current(), ct);
            console.MarkupLineInterpolated($"Cancelled [bold]{cancelled}[/] pending deliveries.");
        }));
        root.Subcommands.Add(JobVerb("recall", ArticleJobKind.Recall,
            "Cancel what is pending and delete the sent messages from the platforms (a job the service runs)"));
        root.Subcommands.Add(JobVerb("correct", ArticleJobKind.Correct,
            "Edit the sent messages into the article's current revision (a job the service runs)"));
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
            var first = await ExistingAsync(id, ct);

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

    private Command JobVerb(string name, ArticleJobKind kind, string description)
    {
        var article = ArticleArgument();
        var wait = new Option<int>("--wait")
        {
            Description = $"Follow the job until it finishes, at most this many seconds (1 to {MaxWaitSeconds}; default: do not wait)",
        };
        var command = new Command(name, description) { article, wait };
        command.SetAction(async (parse, ct) =>
        {
            var id = ParseId(parse.GetValue(article));
            var seconds = parse.GetValue(wait);
            if (seconds is < 0 or > MaxWaitSeconds)
            {
                throw new CliException($"--wait must be between 0 (do not wait) and {MaxWaitSeconds} seconds", CliRunner.UsageError);
            }

            _ = await ExistingAsync(id, ct);
            var job = await actions.StartAsync(id, kind, CliActor.Current(), ct);
            if (job is null)
            {
                var active = await actions.LatestJobAsync(id, ct);
                throw new CliException(active is { Job.IsActive: true }
                    ? $"article {id} already has a {Name(active.Job.Kind)} job ({active.Job.Id}, {active.Job.State}): one at a time"
                    : $"article {id} already has a recall or correction job: one at a time");
            }

            console.MarkupLineInterpolated($"Requested {Name(kind)} job [bold]{job.Id}[/]; the service runs it.");
            if (seconds == 0)
            {
                return 0;
            }

            var deadline = DateTime.UtcNow.AddSeconds(seconds);
            while (true)
            {
                var status = await actions.LatestJobAsync(id, ct);
                if (status is null || status.Job.Id != job.Id)
                {
                    throw new CliException($"job {job.Id} is gone (the article was deleted?)");
                }

                if (!status.Job.IsActive || DateTime.UtcNow >= deadline)
                {
                    return Report(status, seconds);
                }

                await Task.Delay(Refresh, ct);
            }
        });
        return command;
    }

    private int Report(ArticleJobStatus status, int waited)
    {
        var j = status.Job;
        var counts = j.Kind == ArticleJobKind.Recall
            ? $"cancelled {j.Cancelled}, deleted {j.Done}, failed {j.Failed}, not applicable {j.Skipped}"
            : $"edited {j.Done}, failed {j.Failed}, already current or not editable {j.Skipped}";
        switch (j.State)
        {
            case ArticleJobState.Done:
                console.MarkupLineInterpolated($"Job {j.Id} done: {counts}.");
                return 0;
            case ArticleJobState.Failed:
                throw new CliException($"job {j.Id} failed after {j.Attempts} runs: {j.LastError} ({counts})");
            default:
                // Still running: the job goes on in the service; the CLI only stops following it.
                console.MarkupLineInterpolated($"Job {j.Id} is still {j.State} after {waited} s ({counts}, {status.Remaining} to do); the service carries on.");
                return 0;
        }
    }

    private static string Name(ArticleJobKind kind) => kind == ArticleJobKind.Recall ? "recall" : "correction";

    /// <summary>The article's delivery progress; an unknown article is the operator's error, before anything is done.</summary>
    private async Task<ArticleDeliveryProgress> ExistingAsync(Guid id, CancellationToken ct) =>
        await progress.GetAsync(id, ct) ?? throw new CliException($"no article {id}");

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
