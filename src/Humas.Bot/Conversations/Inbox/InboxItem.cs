using System.Linq.Expressions;
using Humas.Bot.Host;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Humas.Bot.Conversations.Inbox;

/// <summary>
/// What every durable inbox row has besides its channel's own key and fields: the platform's payload exactly as
/// sent, when it arrived, and how its handling went. Each channel's row derives from it (one table per channel).
/// </summary>
public abstract class InboxItem
{
    public required string Payload { get; set; }
    public DateTime ReceivedAt { get; set; }

    /// <summary>Set once handled (or given up on, or set aside); null while waiting for the worker.</summary>
    public DateTime? ProcessedAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }

    /// <summary>
    /// The W3C traceparent of the span that stored the row (the webhook request), so the handling, and the answer
    /// it sends, join that trace in whichever instance handles it (see <see cref="Host.TraceParent"/>).
    /// </summary>
    public string? TraceParent { get; set; }

    /// <summary>
    /// The columns and indexes every inbox table has; a channel's mapping calls it beside its own, with the columns
    /// of its arrival order (<see cref="DurableInbox{TItem}"/>'s <c>InArrivalOrder</c>, in the same order).
    /// </summary>
    public static void Map<TItem>(EntityTypeBuilder<TItem> b, Expression<Func<TItem, object?>> arrivalOrder, string table)
        where TItem : InboxItem
    {
        b.Property(x => x.LastError).HasMaxLength(InboxErrors.MaxLength);
        b.Property(x => x.TraceParent).HasMaxLength(Host.TraceParent.MaxLength);
        // The worker asks, many times a second, for the first few unhandled rows in arrival order: this index lets
        // it stop after those few. With an index on ProcessedAt instead, each poll read and sorted the whole
        // backlog, which grows exactly when the worker falls behind (a burst of presses), so every poll got slower
        // as it did. Pruning asks for handled rows by arrival: the second index. Two partial indexes and no third,
        // so that neither planner can pick the index on ProcessedAt for the poll.
        b.HasIndex(arrivalOrder, $"IX_{table}_Pending").HasFilter("\"ProcessedAt\" IS NULL");
        b.HasIndex(x => x.ReceivedAt, $"IX_{table}_Handled").HasFilter("\"ProcessedAt\" IS NOT NULL");
    }
}

internal static class InboxErrors
{
    public const int MaxLength = 1000;

    public static string? Truncate(string? text) => text is { Length: > MaxLength } ? text[..MaxLength] : text;
}
