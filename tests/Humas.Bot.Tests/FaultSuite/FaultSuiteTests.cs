using Humas.Bot.FaultSuite;
using Xunit.Abstractions;

namespace Humas.Bot.Tests.FaultSuite;

/// <summary>
/// The fault suite (tests/Humas.Bot.FaultSuite, issue #7) in its short form, one test per scenario, so the test
/// command proves every promise of docs/OPERATIONS.md on each run: kill -9 and restart, take-over after a kill
/// for good with leader hand-over, shared rate limits, platform faults, a PostgreSQL restart, SQLite on a full
/// and read-only disk, fuzzed webhooks. Each scenario prints the same JSON line the program prints.
/// </summary>
public sealed class FaultSuiteTests(ITestOutputHelper output)
{
    public static TheoryData<string> Scenarios => [.. FaultSuiteRunner.All.Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task The_short_form_of_each_scenario_keeps_its_promise(string scenario)
    {
        var result = await FaultSuiteRunner.RunAsync(FaultSuiteRunner.Find(scenario), quick: true, TimeSpan.FromMinutes(4));

        output.WriteLine(result.ToJson());
        Assert.True(result.Passed, result.ToJson());
    }
}
