using Humas.Bot.FakePlatforms.Telegram;
using Humas.Bot.FaultSuite.Support;

namespace Humas.Bot.FaultSuite.Scenarios;

/// <summary>
/// Two instances broadcast while the platform misbehaves at once in every way: a 429 storm (the fake enforces
/// 50/s while the instances are allowed 400/s together), 5% of requests answered 502, 2% held past the client's
/// timeout, 2% with the connection reset. Promise: 0 lost, nothing sent twice (a faulted request never
/// reaches the chat), each 429's retry_after honoured.
/// </summary>
public sealed class PlatformFaultsScenario : BroadcastScenario
{
    public override string Name => "platform-faults";

    public override async Task RunAsync(ScenarioResult result, bool quick, CancellationToken ct)
    {
        var readers = quick ? 300 : 5_000;
        await using var deployment = await Deployment.PostgresAsync(new FakeTelegramOptions
        {
            EnforceLimits = true,
            BotPerSecond = 50,
            ServerErrorRate = 0.05,
            TimeoutRate = 0.02,
            ResetRate = 0.02,
            TimeoutDelay = TimeSpan.FromSeconds(8),
            Seed = 11,
        });
        deployment.Settings["Telegram__BotPerSecond"] = "400";
        deployment.Settings["Delivery__PaceBotEvenly"] = "false";
        deployment.Settings["Telegram__RequestTimeoutSeconds"] = "3";
        await deployment.SeedReadersAsync(readers);
        var a = deployment.Start();
        var b = deployment.Start();
        await Wait.UntilReadyAsync(2, a, b);

        var title = Title(Name);
        var articleId = await deployment.PublishAsync(title);
        await UntilCompleteAsync(deployment, articleId, title, readers, a, b);
        var requests = deployment.Fake.RequestsFor("sendMessage");
        result.Measure("answered429", requests.Count(r => r.StatusCode == 429));
        result.Measure("answered502", requests.Count(r => r.StatusCode == 502));
        result.Measure("noAnswer", requests.Count(r => r.StatusCode == 0));
        result.Expect(requests.Any(r => r.StatusCode == 429), "the storm produced no 429: the scenario tested nothing");
        await BroadcastCheck.VerifyAsync(deployment, articleId, title, readers, allowedDuplicates: 0, result);
    }
}
