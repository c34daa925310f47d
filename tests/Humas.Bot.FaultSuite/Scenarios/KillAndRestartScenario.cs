using Humas.Bot.FaultSuite.Support;

namespace Humas.Bot.FaultSuite.Scenarios;

/// <summary>
/// Two instances on one PostgreSQL database share a broadcast; one is killed with SIGKILL a third of the way
/// through and started again. Promise: 0 lost, at most Delivery:Concurrency sent twice for the kill.
/// </summary>
public sealed class KillAndRestartScenario : BroadcastScenario
{
    public override string Name => "kill-restart";

    public override async Task RunAsync(ScenarioResult result, bool quick, CancellationToken ct)
    {
        var readers = quick ? 1_000 : 10_000;
        await using var deployment = await Deployment.PostgresAsync();
        deployment.Settings["Telegram__BotPerSecond"] = "400";
        await deployment.SeedReadersAsync(readers);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var a = deployment.Start();
        var b = deployment.Start();
        await Wait.UntilReadyAsync(2, a, b);
        result.Measure("secondsToReady", Math.Round(clock.Elapsed.TotalSeconds, 1));

        var title = Title(Name);
        var articleId = await deployment.PublishAsync(title);
        await UntilSentAsync(deployment, readers / 3, a, b);
        a.Kill();
        var reachedAtKill = BroadcastCheck.Reached(deployment, title);
        result.Measure("reachedAtKill", reachedAtKill);
        result.Expect(reachedAtKill < readers, "the kill came after the broadcast had finished");
        var again = deployment.Start();
        result.Measure("secondsToKill", Math.Round(clock.Elapsed.TotalSeconds, 1));
        await UntilCompleteAsync(deployment, articleId, title, readers, again, b);
        result.Measure("secondsToComplete", Math.Round(clock.Elapsed.TotalSeconds, 1));
        await BroadcastCheck.VerifyAsync(deployment, articleId, title, readers, allowedDuplicates: Concurrency, result);
    }
}
