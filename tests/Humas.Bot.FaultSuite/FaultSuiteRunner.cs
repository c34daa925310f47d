using System.Diagnostics;
using Humas.Bot.FaultSuite.Scenarios;

namespace Humas.Bot.FaultSuite;

/// <summary>Every scenario, in the order the suite runs them; the test command runs each in its short form.</summary>
public static class FaultSuiteRunner
{
    public static IReadOnlyList<IFaultScenario> All { get; } =
    [
        new KillAndRestartScenario(),
        new TakeOverScenario(),
        new SharedRateLimitScenario(),
        new PlatformFaultsScenario(),
        new PostgresRestartScenario(),
        new SqliteDiskScenario(),
        new WebhookFuzzScenario(),
    ];

    /// <summary>Run only when named: the crash window measured at 30/s and at the paid 1000/s over a 150 ms round trip.</summary>
    public static IReadOnlyList<IFaultScenario> OnRequest { get; } =
    [
        new KillAtRateScenario("kill-30", perSecond: 30, latencyMs: 0, jitterMs: 0),
        new KillAtRateScenario("kill-paid", perSecond: 1000, latencyMs: 150, jitterMs: 20),
    ];

    public static IFaultScenario Find(string name) =>
        All.Concat(OnRequest).FirstOrDefault(s => s.Name == name)
        ?? throw new ArgumentException($"unknown scenario {name}; known: {string.Join(", ", All.Concat(OnRequest).Select(s => s.Name))}");

    /// <summary>Runs one scenario within <paramref name="limit"/>; never throws: errors and timeouts are results.</summary>
    public static async Task<ScenarioResult> RunAsync(IFaultScenario scenario, bool quick, TimeSpan limit)
    {
        var result = new ScenarioResult(scenario.Name);
        var clock = Stopwatch.StartNew();
        using var cts = new CancellationTokenSource(limit);
        try
        {
            await scenario.RunAsync(result, quick, cts.Token).WaitAsync(limit);
        }
        catch (TimeoutException e) when (clock.Elapsed >= limit)
        {
            result.Error = $"over the time bound of {limit.TotalSeconds:0} s: {e.Message}";
        }
        catch (Exception e)
        {
            result.Error = $"{e.GetType().Name}: {e.Message}";
        }

        result.Seconds = clock.Elapsed.TotalSeconds;
        return result;
    }
}
