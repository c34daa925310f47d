namespace Humas.Bot.Conversations.Inbox;

/// <summary>A channel's handling of one stored item (scoped: one scope per item).</summary>
public interface IInboxHandler<in TItem>
    where TItem : InboxItem
{
    /// <summary>
    /// Reads the item and hands it on (to the router, for a reader's input). Returns null when done, or why the
    /// item is not of the platform's shape: it is then set aside with that reason, since retrying cannot help.
    /// Throws for a failure worth retrying.
    /// </summary>
    Task<string?> HandleAsync(TItem item, CancellationToken ct);
}
