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

    public static IFaultScenario Find(string name) =>
        All.FirstOrDefault(s => s.Name == name) ?? throw new ArgumentException($"unknown scenario {name}; known: {string.Join(", ", All.Select(s => s.Name))}");

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
