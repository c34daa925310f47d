using System.Text.Json;
using System.Text.Json.Serialization;

namespace Humas.Bot.FaultSuite;

/// <summary>One scenario's verdict and its measurements, printed as one JSON line.</summary>
public sealed class ScenarioResult(string scenario)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public string Scenario { get; } = scenario;

    public bool Passed => Failures.Count == 0 && Error is null;

    /// <summary>Set when the scenario could not run here (e.g. no permission to mount a tmpfs); counts as passed.</summary>
    public string? Skipped { get; set; }

    public double Seconds { get; set; }

    public Dictionary<string, object?> Measurements { get; } = [];

    public List<string> Failures { get; } = [];

    public string? Error { get; set; }

    public void Measure(string name, object? value) => Measurements[name] = value;

    /// <summary>Records a failed expectation; the scenario goes on, so one run reports every broken promise.</summary>
    public void Expect(bool condition, string what)
    {
        if (!condition)
        {
            Failures.Add(what);
        }
    }

    public string ToJson() => JsonSerializer.Serialize(new
    {
        scenario = Scenario,
        passed = Passed,
        skipped = Skipped,
        seconds = Math.Round(Seconds, 1),
        measurements = Measurements,
        failures = Failures.Count > 0 ? Failures : null,
        error = Error,
    }, Json);

    public override string ToString() => ToJson();
}
