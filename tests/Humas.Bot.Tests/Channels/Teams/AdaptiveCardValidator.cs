using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Humas.Bot.Tests.Channels.Teams;

/// <summary>
/// Runs tests/e2e-peers/validate-cards.js: the official npm <c>adaptivecards</c> library parses each card
/// and reports parse and validation events (installed by tests/setup/npm-peers.sh, which ./test.sh runs).
/// </summary>
public static class AdaptiveCardValidator
{
    /// <summary>The library's complaints per card index; empty when every card is clean.</summary>
    public static string Problems(IReadOnlyList<JsonObject> cards)
    {
        var folder = Path.Combine(Humas.Bot.Tests.Support.RepositoryRoot.Find(), "tests", "e2e-peers");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "adaptivecards")))
        {
            throw new InvalidOperationException("npm adaptivecards is not installed: run ./test.sh (it runs tests/setup/npm-peers.sh).");
        }

        var file = Path.Combine(Path.GetTempPath(), $"humas-cards-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, new JsonArray(cards.Select(c => (JsonNode)c.DeepClone()).ToArray()).ToJsonString());
        try
        {
            var info = new ProcessStartInfo("node", ["validate-cards.js", file])
            {
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var node = Process.Start(info)!;
            var output = node.StandardOutput.ReadToEnd();
            var error = node.StandardError.ReadToEnd();
            node.WaitForExit();
            if (node.ExitCode != 0 && output.Trim() is "" or "[]")
            {
                throw new InvalidOperationException("validate-cards.js failed: " + error);
            }

            return node.ExitCode == 0 ? "" : output.Trim();
        }
        finally
        {
            File.Delete(file);
        }
    }

    public static void AssertValid(IReadOnlyList<JsonObject> cards)
    {
        var problems = Problems(cards);
        Assert.True(problems.Length == 0, "Adaptive Cards library reported: " + problems);
    }
}
