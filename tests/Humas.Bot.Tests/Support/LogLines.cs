using Microsoft.Extensions.Logging.Testing;

namespace Humas.Bot.Tests.Support;

/// <summary>
/// Every captured log record as one line: level, category, message, structured values, scopes and exception, so a
/// test can assert that a secret appears nowhere in what was logged.
/// </summary>
internal static class LogLines
{
    public static IReadOnlyList<string> Lines(this FakeLogCollector collector) =>
        collector.GetSnapshot().Select(r =>
            $"{r.Level} {r.Category}: {r.Message} [{string.Join(" | ", r.StructuredState?.Select(p => $"{p.Key}={p.Value}") ?? [])}]" +
            $" {string.Join(" ", r.Scopes.Select(s => $"scope: {s}"))} {r.Exception}").ToList();
}
