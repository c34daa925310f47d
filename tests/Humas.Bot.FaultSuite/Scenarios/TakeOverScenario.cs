using System.Text.Json.Nodes;
using Humas.Bot.FaultSuite.Support;

namespace Humas.Bot.FaultSuite.Scenarios;

/// <summary>
/// Two instances long-polling Telegram (Polling mode) on one PostgreSQL database: exactly one leads and polls.
/// The leader is killed for good in the middle of a broadcast. Promise: the other takes the leader lock,
/// answers a reader's /start through its own long poll, and finishes the broadcast, taking over the dead
/// instance's leases once they expire: 0 lost, at most Delivery:Concurrency sent twice.
/// </summary>
public sealed class TakeOverScenario : BroadcastScenario
{
    public override string Name => "takeover";

    public override async Task RunAsync(ScenarioResult result, bool quick, CancellationToken ct)
    {
        var readers = quick ? 1_000 : 10_000;
        await using var deployment = await Deployment.PostgresAsync();
        deployment.Settings["Telegram__BotPerSecond"] = "400";
        deployment.Settings["Telegram__Mode"] = "Polling";
        await deployment.SeedReadersAsync(readers);
        var first = deployment.Start();
        var second = deployment.Start();
        await Wait.UntilReadyAsync(2, first, second);

        var leaders = new List<Instance>();
        foreach (var instance in new[] { first, second })
        {
            if ((await instance.HealthAsync()).Leader)
            {
                leaders.Add(instance);
            }
        }

        result.Measure("leadersBeforeKill", leaders.Count);
        result.Expect(leaders.Count == 1, $"{leaders.Count} leaders instead of exactly one");
        var leader = leaders.FirstOrDefault() ?? first;
        var survivor = leader == first ? second : first;

        // The leader's long poll handles a reader's /start once.
        await AskAsync(deployment, 555_000_001, result, "before the kill", leader, survivor);

        var title = Title(Name);
        var articleId = await deployment.PublishAsync(title);
        await UntilSentAsync(deployment, readers / 3, leader, survivor);
        var conflictsBefore = Conflicts(deployment);
        leader.Kill();
        var killedAt = DateTime.UtcNow;
        await Wait.UntilAsync(async () => (await survivor.HealthAsync()).Leader, TimeSpan.FromSeconds(60), "the survivor to lead", survivor);
        result.Measure("handoverSeconds", Math.Round((DateTime.UtcNow - killedAt).TotalSeconds, 1));
        result.Measure("getUpdatesConflictsWhileBothRan", conflictsBefore);
        result.Expect(conflictsBefore == 0, $"{conflictsBefore} getUpdates conflicts (409) while both instances ran: more than one poller");

        await AskAsync(deployment, 555_000_002, result, "after the handover", survivor);
        await UntilCompleteAsync(deployment, articleId, title, readers, survivor);
        await BroadcastCheck.VerifyAsync(deployment, articleId, title, readers, allowedDuplicates: Concurrency, result);
    }

    private static int Conflicts(Deployment deployment) => deployment.Fake.RequestsFor("getUpdates").Count(r => r.StatusCode == 409);

    /// <summary>Pushes /start from a new private chat and waits for exactly one reply.</summary>
    private static async Task AskAsync(Deployment deployment, long chatId, ScenarioResult result, string when, params Instance[] running)
    {
        var update = new JsonObject
        {
            ["message"] = new JsonObject
            {
                ["message_id"] = 1,
                ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = "private", ["first_name"] = "Sari" },
                ["from"] = new JsonObject { ["id"] = chatId, ["is_bot"] = false, ["first_name"] = "Sari", ["language_code"] = "id" },
                ["text"] = "/start",
            },
        };
        deployment.Fake.PushUpdate(update.ToJsonString());
        int Replies() => deployment.Fake.RequestsFor("sendMessage").Count(r => r.ChatId == chatId && r.Succeeded);
        await Wait.UntilAsync(() => Replies() >= 1, TimeSpan.FromSeconds(60), $"a reply to /start {when}", running);
        // Give a second handler the time it would need to answer too, then count.
        await Task.Delay(TimeSpan.FromSeconds(2));
        result.Measure($"repliesTo/start {when}", Replies());
        result.Expect(Replies() == 1, $"/start {when} was answered {Replies()} times");
    }
}
