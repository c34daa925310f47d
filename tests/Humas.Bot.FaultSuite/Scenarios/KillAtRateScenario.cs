using Humas.Bot.FakePlatforms;
using Humas.Bot.FakePlatforms.Telegram;
using Humas.Bot.FaultSuite.Support;

namespace Humas.Bot.FaultSuite.Scenarios;

/// <summary>
/// The crash window at a given pace: one instance on SQLite sends a broadcast at <c>perSecond</c> to a fake that
/// answers every request after <c>latencyMs</c> (+ 0..jitter); it is killed with SIGKILL a third of the way
/// through and started again. Promise: 0 lost, and re-sent at most what was on the wire or awaiting its group
/// commit at the kill: rate × (round trip + 0.2 s for the commit) + 2, never more than Delivery:Concurrency. The
/// requests the fake had received but not yet answered at the kill are measured beside it. Not in the default
/// suite (each run takes a few minutes); run with <c>--scenario kill-30</c> or <c>--scenario kill-paid</c>.
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
        first.Kill();
        var killedAt = DateTimeOffset.UtcNow;
        var reachedAtKill = BroadcastCheck.Reached(deployment, title);
        // Received by the fake but not answered yet when the process died: their answers went nowhere.
        var awaiting = deployment.Fake.RequestsFor("sendMessage").Count(r => r.ReceivedAt <= killedAt && r.ReceivedAt > killedAt.AddMilliseconds(-(latencyMs + jitterMs)));
        result.Measure("perSecond", perSecond);
        result.Measure("latencyMs", latencyMs);
        result.Measure("jitterMs", jitterMs);
        result.Measure("reachedAtKill", reachedAtKill);
        result.Measure("awaitingAnswerAtKill", awaiting);
        result.Expect(reachedAtKill < readers, "the kill came after the broadcast had finished");

        var again = deployment.Start();
        await UntilCompleteAsync(deployment, articleId, title, readers, again);
        var window = Math.Min(DeliveryConcurrency, (int)Math.Ceiling(perSecond * (latencyMs + jitterMs + 200) / 1000.0) + 2);
        await BroadcastCheck.VerifyAsync(deployment, articleId, title, readers, allowedDuplicates: window, result);
    }
}
