using System.Diagnostics;

namespace Humas.Bot.Host;

/// <summary>
/// Carries a trace across a durable row: the writer stores the W3C <c>traceparent</c> of its current span with the
/// row, and the worker that picks the row up (in this or another instance, maybe after a restart) starts its span
/// as that span's child. A child rather than a link, so that a trace viewer shows the article's ingestion, its
/// fan-out and every send as one tree; each row has exactly one writer, so there is always exactly one parent.
/// </summary>
public static class TraceParent
{
    /// <summary>"00-" + 32 hex + "-" + 16 hex + "-" + 2 hex is 55 characters; room for a future version's longer form.</summary>
    public const int MaxLength = 64;

    /// <summary>The current span's traceparent, or null when there is none (tracing off, or not sampled).</summary>
    public static string? Current() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C, Id: { Length: <= MaxLength } id } ? id : null;

    /// <summary>The stored context, or default (no parent: the span starts a trace of its own) when absent or malformed.</summary>
    public static ActivityContext Parse(string? traceParent) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, null, isRemote: true, out var context) ? context : default;
}
