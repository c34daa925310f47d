using Humas.Bot.FakePlatforms;
using Humas.Bot.FakePlatforms.Telegram;
using Humas.Bot.FaultSuite.Support;

namespace Humas.Bot.FaultSuite.Scenarios;

/// <summary>
/// The crash window at a given pace: one instance on SQLite sends a broadcast at <c>perSecond</c> to a fake that
/// answers every request after <c>latencyMs</c> (+ 0..jitter); it is killed with SIGKILL a third of the way
/// through and started again. Promise: 0 lost, and re-sent at most what was on the wire or awaiting its group
/// commit at the kill: rate × (round trip + 0.2 s for the commit) + 2, never more than Delivery:Concurrency. The
/// sends the platform accepted and had not answered when the process died are measured beside it, and how many were
/// re-sent beyond them. Not in the default suite (each run takes a few minutes); run with <c>--scenario kill-30</c> or
/// <c>--scenario kill-paid</c>.
/// </summary>
public sealed class KillAtRateScenario(string name, int perSecond, int latencyMs, int jitterMs) : BroadcastScenario
{
    private const int DeliveryConcurrency = 256;

    public override string Name => name;

    public override async Task RunAsync(ScenarioResult result, bool quick, CancellationToken ct)
    {
        // About 30 s of sending at the pace (at least 600 readers), so the kill lands mid-broadcast.
        var readers = Math.Max(600, perSecond * (quick ? 15 : 30));
        await using var deployment = await Deployment.SqliteAsync(fakeOptions: new FakeTelegramOptions { Latency = ResponseLatency.FromMilliseconds(latencyMs, jitterMs) });
        deployment.Settings["Delivery__Concurrency"] = DeliveryConcurrency.ToString(System.Globalization.CultureInfo.InvariantCulture);
        deployment.Settings["Delivery__LeaseSeconds"] = "5";
        deployment.Settings["Telegram__RequestTimeoutSeconds"] = "30";
        if (perSecond > 30)
        {
            deployment.Settings["Telegram__PaidBroadcast"] = "true";
            deployment.Settings["Telegram__PaidBroadcastPerSecond"] = perSecond.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await deployment.SeedReadersAsync(readers);
        var first = deployment.Start();
        await Wait.UntilReadyAsync(1, first);

        var title = Title(Name);
        var articleId = await deployment.PublishAsync(title);
        await UntilSentAsync(deployment, readers / 3, first);
        var killedAt = first.Kill();
        // A request is in the fake's log once its answer is written, so the killed process's requests are all counted
        // once the fake has seen their connections go and finished them (answered to no one), and has taken no new one
        // since the last look (a request the process wrote just before it died may still be arriving).
        var seen = -1L;
        await Wait.UntilAsync(
            () => deployment.Fake.Counters.InFlight == 0 && seen == (seen = deployment.Fake.Counters.Requests),
            TimeSpan.FromSeconds(60), "the fake to finish the killed process's requests");
        var reachedAtKill = BroadcastCheck.Reached(deployment, title);
        // Every send of the killed process the platform accepted and had not answered when it died: on the wire both
        // ways or waiting out the round trip, whenever the fake read it. Counted from each request's own times, not
        // guessed from the round trip: a late answer is still awaited, and a request read after the kill was sent before it.
        var awaiting = deployment.Fake.RequestsFor("sendMessage").Count(r => r.StatusCode == 200 && (r.AnsweredAt is not { } answered || answered > killedAt));
        result.Measure("perSecond", perSecond);
        result.Measure("latencyMs", latencyMs);
        result.Measure("jitterMs", jitterMs);
        result.Measure("reachedAtKill", reachedAtKill);
        result.Measure("awaitingAnswerAtKill", awaiting);
        result.Expect(reachedAtKill < readers, "the kill came after the broadcast had finished");

        var again = deployment.Start();
        await UntilCompleteAsync(deployment, articleId, title, readers, again);
        var window = Math.Min(DeliveryConcurrency, (int)Math.Ceiling(perSecond * (latencyMs + jitterMs + 200) / 1000.0) + 2);
        var duplicates = await BroadcastCheck.VerifyAsync(deployment, articleId, title, readers, allowedDuplicates: window, result);
        // The bound, measured beside the window the scenario promises: re-sent beyond what was still awaiting an
        // answer is what was answered but not yet recorded at the kill.
        result.Measure("resentBeyondAwaiting", Math.Max(0, duplicates - awaiting));
    }
}
