using System.Diagnostics.Metrics;
using Humas.Bot.Cli;
using Humas.Bot.Delivery;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Delivery.Cli;
using Humas.Bot.Delivery.Log;
using Humas.Bot.Delivery.Operations;
using Humas.Bot.Delivery.Progress;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Storage.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Spectre.Console;

namespace Humas.Bot.Tests.Delivery;

public sealed class MetricsAndCliTests
{
    [Fact]
    public async Task Sends_429s_give_ups_latency_and_queue_depth_are_measured()
    {
        await using var h = await DeliveryHarness.CreateAsync(new() { ["Delivery:Concurrency"] = "1" });
        // Collectors scoped to this test's host: other tests run their own meters of the same name in parallel.
        var meters = h.Get<IMeterFactory>();
        using var sent = new MetricCollector<long>(meters, DeliveryMetrics.MeterName, "humas.delivery.sent");
        using var failed = new MetricCollector<long>(meters, DeliveryMetrics.MeterName, "humas.delivery.failed");
        using var rateLimited = new MetricCollector<long>(meters, DeliveryMetrics.MeterName, "humas.delivery.rate_limited");
        using var gaveUp = new MetricCollector<long>(meters, DeliveryMetrics.MeterName, "humas.delivery.gave_up");
        using var duration = new MetricCollector<double>(meters, DeliveryMetrics.MeterName, "humas.delivery.send.duration");
        using var queueDepth = new MetricCollector<long>(meters, DeliveryMetrics.MeterName, "humas.delivery.queue.depth");
        _ = h.Get<DeliveryMetrics>();

        await h.SubscriberAsync("ok");
        await h.SubscriberAsync("throttled");
        await h.SubscriberAsync("rejected");
        var throttled = false;
        h.Channel.Script = (_, to) => to.ExternalId switch
        {
            "throttled" when !throttled && (throttled = true) => new DeliveryFailure.RetryAfter(RateLimitScope.Conversation, TimeSpan.FromSeconds(3), "retry after 3"),
            "rejected" => new DeliveryFailure.MessageInvalid("bad markup"),
            _ => null,
        };
        await h.PublishAndPlanAsync();
        await h.DrainAsync();
        await h.Dispatcher.RefreshQueueDepthAsync(CancellationToken.None);
        queueDepth.RecordObservableInstruments();
        Assert.Equal(1, queueDepth.LastMeasurement?.Value);

        h.Clock.Advance(TimeSpan.FromSeconds(3));
        await h.DrainAsync();
        await h.Dispatcher.RefreshQueueDepthAsync(CancellationToken.None);
        queueDepth.RecordObservableInstruments();

        Assert.Equal(2, Total(sent));
        Assert.Equal(2, duration.GetMeasurementSnapshot().Count);
        Assert.Equal(1, Total(rateLimited));
        Assert.Equal(1, Total(gaveUp));
        Assert.Equal(1, Total(failed));
        Assert.Equal(0, queueDepth.LastMeasurement?.Value);
    }

    [Fact]
    public async Task The_deliveries_verbs_report_progress_and_cancel()
    {
        await using var h = await DeliveryHarness.CreateAsync(new() { ["Delivery:Concurrency"] = "2" });
        for (var i = 0; i < 5; i++)
        {
            await h.SubscriberAsync($"r{i}");
        }

        var articleId = await h.PublishAndPlanAsync();
        await h.Dispatcher.RunOnceAsync(CancellationToken.None);
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        var command = new DeliveriesCommand(h.Get<DeliveryProgress>(), h.Get<ArticleActions>(), h.Get<DeliveryLog>(), console);
        var cli = new CliRunner([command]);

        Assert.Equal(0, await cli.RunAsync(["deliveries", "status", articleId.ToString(), "--once"], CancellationToken.None));
        var table = output.ToString();
        Assert.Matches(@"planned\s*│\s*5\s", table);
        Assert.Matches(@"sent\s*│\s*2\s", table);
        Assert.Matches(@"remaining\s*│\s*3\s", table);

        Assert.Equal(0, await cli.RunAsync(["deliveries", "cancel", articleId.ToString()], CancellationToken.None));
        Assert.Contains("Cancelled 3 pending deliveries", output.ToString());
        // Audited like the dashboard's cancel, with the operator's user and machine as the actor; an unknown
        // article is an error, not an audited no-op.
        var audit = await h.Get<AuditLog>().ForAsync("article", articleId.ToString("D"), CancellationToken.None);
        var cancel = Assert.Single(audit);
        Assert.Equal(("article.cancel", "3"), (cancel.Action, cancel.Detail));
        Assert.StartsWith("cli:", cancel.Actor);
        var unknown = Guid.NewGuid();
        Assert.Equal(1, await cli.RunAsync(["deliveries", "cancel", unknown.ToString()], CancellationToken.None));
        Assert.Empty(await h.Get<AuditLog>().ForAsync("article", unknown.ToString("D"), CancellationToken.None));

        // Nothing remains, so the live view ends at once with the final numbers.
        Assert.Equal(0, await cli.RunAsync(["deliveries", "status", articleId.ToString()], CancellationToken.None));
        Assert.Matches(@"cancelled\s*│\s*3\s", output.ToString());

        Assert.Equal(CliRunner.UsageError, await cli.RunAsync(["deliveries", "recall", "not-a-guid"], CancellationToken.None));
        Assert.Equal(1, await cli.RunAsync(["deliveries", "status", Guid.NewGuid().ToString()], CancellationToken.None));

        Assert.DoesNotContain(h.Channel.Calls, c => c.Operation == "delete");
    }

    [Fact]
    public async Task Recall_and_correct_from_the_CLI_are_jobs_the_service_runs()
    {
        await using var h = await DeliveryHarness.CreateAsync();
        await h.SubscriberAsync("a");
        await h.SubscriberAsync("b");
        var articleId = await h.PublishAndPlanAsync();
        await h.DrainAsync();
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        var jobs = h.Get<ArticleJobs>();
        var cli = new CliRunner([new DeliveriesCommand(h.Get<DeliveryProgress>(), h.Get<ArticleActions>(), h.Get<DeliveryLog>(), console)]);

        // The CLI only asks: the job row is pending, and nothing was deleted by the CLI process.
        Assert.Equal(0, await cli.RunAsync(["deliveries", "recall", articleId.ToString()], CancellationToken.None));
        var requested = (await jobs.LatestAsync(articleId, CancellationToken.None))!.Job;
        Assert.Contains($"Requested recall job {requested.Id}", output.ToString());
        Assert.Equal((ArticleJobKind.Recall, ArticleJobState.Pending), (requested.Kind, requested.State));
        Assert.StartsWith("cli:", requested.RequestedBy);
        Assert.DoesNotContain(h.Channel.Calls, c => c.Operation == "delete");
        var audited = Assert.Single(await h.Get<AuditLog>().ForAsync("article", articleId.ToString("D"), CancellationToken.None));
        Assert.Equal(("article.recall", requested.RequestedBy, $"job {requested.Id} requested"), (audited.Action, audited.Actor, audited.Detail));

        // One job per article at a time, as from the dashboard.
        Assert.Equal(1, await cli.RunAsync(["deliveries", "correct", articleId.ToString()], CancellationToken.None));
        Assert.Equal(1, await cli.RunAsync(["deliveries", "recall", Guid.NewGuid().ToString()], CancellationToken.None));
        Assert.Equal(CliRunner.UsageError, await cli.RunAsync(["deliveries", "recall", articleId.ToString(), "--wait", "3601"], CancellationToken.None));

        // The service's runner does the work; --wait follows the row until it is done.
        Assert.True(await h.Get<ArticleJobRunner>().RunOnceAsync(CancellationToken.None));
        Assert.Equal(2, h.Channel.Calls.Count(c => c.Operation == "delete"));
        await using (var db = await h.DbAsync())
        {
            await db.Set<Article>().Where(a => a.Id == articleId).ExecuteUpdateAsync(u => u.SetProperty(a => a.Revision, 2));
        }

        var waiting = cli.RunAsync(["deliveries", "correct", articleId.ToString(), "--wait", "60"], CancellationToken.None);
        while (!waiting.IsCompleted)
        {
            await h.Get<ArticleJobRunner>().RunOnceAsync(CancellationToken.None);
            await Task.WhenAny(waiting, Task.Delay(100));
        }

        Assert.Equal(0, await waiting);
        Assert.Matches(@"Job \d+ done: edited 0, failed 0", output.ToString());
    }

    private static long Total(MetricCollector<long> collector) => collector.GetMeasurementSnapshot().Sum(m => m.Value);
}
