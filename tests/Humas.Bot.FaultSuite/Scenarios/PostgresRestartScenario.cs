using Humas.Bot.FaultSuite.Support;

namespace Humas.Bot.FaultSuite.Scenarios;

/// <summary>
/// Two instances broadcasting when PostgreSQL itself stops (immediate shutdown, as a crash) and comes back two
/// seconds later on the same port. Promise: the instances reconnect by themselves, a new leader is elected,
/// 0 lost; a pass whose results could not be recorded is sent again after its lease, so at most
/// Delivery:Concurrency per instance twice.
/// </summary>
public sealed class PostgresRestartScenario : BroadcastScenario
{
    public override string Name => "postgres-restart";

    public override async Task RunAsync(ScenarioResult result, bool quick, CancellationToken ct)
    {
        var readers = quick ? 1_000 : 10_000;
        await using var deployment = await Deployment.PostgresAsync(ownServer: true);
        deployment.Settings["Telegram__BotPerSecond"] = "400";
        await deployment.SeedReadersAsync(readers);
        var a = deployment.Start();
        var b = deployment.Start();
        await Wait.UntilReadyAsync(2, a, b);

        var title = Title(Name);
        var articleId = await deployment.PublishAsync(title);
        await UntilSentAsync(deployment, readers / 3, a, b);
        await deployment.Server!.RestartAsync(TimeSpan.FromSeconds(2));
        result.Measure("reachedAtRestart", BroadcastCheck.Reached(deployment, title));
        await UntilCompleteAsync(deployment, articleId, title, readers, a, b);
        await Wait.UntilAsync(async () => (await a.HealthAsync()).Leader ^ (await b.HealthAsync()).Leader, TimeSpan.FromSeconds(60), "exactly one leader again", a, b);
        result.Measure("instancesAlive", new[] { a, b }.Count(i => !i.HasExited));
        await BroadcastCheck.VerifyAsync(deployment, articleId, title, readers, allowedDuplicates: 2 * Concurrency, result);
    }
}
