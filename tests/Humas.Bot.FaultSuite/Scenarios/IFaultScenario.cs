namespace Humas.Bot.FaultSuite.Scenarios;

/// <summary>One fault and the promise the service keeps under it.</summary>
public interface IFaultScenario
{
    /// <summary>Kebab-case, as given to <c>--scenario</c>.</summary>
    string Name { get; }

    /// <param name="quick">The short form run by the test command: fewer recipients and updates, same checks.</param>
    Task RunAsync(ScenarioResult result, bool quick, CancellationToken ct);
}
