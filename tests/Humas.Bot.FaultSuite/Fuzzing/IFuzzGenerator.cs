namespace Humas.Bot.FaultSuite.Fuzzing;

/// <summary>
/// A source of hostile requests for one inbound endpoint. The webhook fuzz scenario runs every registered
/// generator the same way (post, count 5xx, look for unhandled exceptions and half-written rows), so a new
/// channel's endpoint (Teams' POST /api/messages) is one more generator, not a new scenario.
/// </summary>
public interface IFuzzGenerator
{
    string Name { get; }

    /// <summary>The endpoint's path, e.g. /api/telegram/webhook.</summary>
    string Path { get; }

    /// <summary>Settings the instance needs for the endpoint to be on (tokens, secrets, fake identity providers).</summary>
    IReadOnlyDictionary<string, string?> Settings(Support.Deployment deployment);

    /// <summary>One request: its body bytes (possibly not JSON, possibly not UTF-8) and the headers that authenticate it.</summary>
    FuzzRequest Next(Random random, int index);
}

public sealed record FuzzRequest(byte[] Body, IReadOnlyDictionary<string, string> Headers, string ContentType = "application/json");
