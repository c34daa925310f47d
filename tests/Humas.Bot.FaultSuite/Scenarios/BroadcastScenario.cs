using Humas.Bot.FaultSuite.Support;

namespace Humas.Bot.FaultSuite.Scenarios;

/// <summary>The common shape: readers seeded, instances started and counted, an article published, a fault mid-send.</summary>
public abstract class BroadcastScenario : IFaultScenario
{
    /// <summary>Delivery:Concurrency of every instance: the most rows one instance has in flight, and so may send twice per kill.</summary>
    public const int Concurrency = 16;

    public abstract string Name { get; }

    public abstract Task RunAsync(ScenarioResult result, bool quick, CancellationToken ct);

    protected static string Title(string scenario) => $"Uji gangguan {scenario} {Guid.NewGuid():N}"[..40];

    /// <summary>Waits until the fake has accepted <paramref name="sends"/> messages (the point to strike).</summary>
    protected static Task UntilSentAsync(Deployment deployment, long sends, params Instance[] running) =>
        Wait.UntilAsync(() => deployment.Fake.Counters.Delivered >= sends, TimeSpan.FromSeconds(120), $"{sends} sends", running);

    /// <summary>
    /// Waits until every reader has the article and every row is recorded Sent: the seeded readers' rows and any row
    /// of a reader who subscribed during the scenario (a /start before the article), which may come last.
    /// </summary>
    protected static async Task UntilCompleteAsync(Deployment deployment, Guid articleId, string title, int readers, params Instance[] running)
    {
        await Wait.UntilAsync(() => BroadcastCheck.Reached(deployment, title) >= readers, TimeSpan.FromSeconds(240), "every reader to receive the article", running);
        await Wait.UntilAsync(
            async () => await deployment.SentCountAsync(articleId) >= readers && await deployment.UnsentCountAsync(articleId) == 0,
            TimeSpan.FromSeconds(120), "every delivery to be recorded Sent", running);
    }
}
