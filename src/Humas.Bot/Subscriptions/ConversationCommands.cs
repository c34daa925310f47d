using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Subscriptions;

/// <summary>
/// Conversation state changes shared by <see cref="SubscriptionService"/> and the dispatcher, which applies
/// them inside its own transaction together with the delivery that revealed them (and skips the queued
/// deliveries there; otherwise the dispatcher skips each one when it comes due, seeing the status).
/// </summary>
public static class ConversationCommands
{
    /// <summary>Marks the conversation gone with the reason.</summary>
    public static async Task DeactivateConversationAsync(
        this HumasDbContext db, long conversationId, ConversationStatus status, string reason, DateTime now, CancellationToken ct)
    {
        var shortReason = Truncate(reason, 500);
        await db.Set<Conversation>().Where(c => c.Id == conversationId).ExecuteUpdateAsync(u => u
            .SetProperty(c => c.Status, status)
            .SetProperty(c => c.StatusReason, shortReason)
            .SetProperty(c => c.UpdatedAt, now), ct);
    }

    /// <summary>
    /// Gives the conversation its new platform id. When a conversation with that id already exists (the
    /// reader also wrote from the new chat), the old one is retired instead and its queue skipped, so
    /// nothing is sent twice into the new chat. Returns true when the conversation itself moved.
    /// </summary>
    public static async Task<bool> MoveConversationAsync(
        this HumasDbContext db, long conversationId, string newExternalId, DateTime now, CancellationToken ct)
    {
        var conversation = await db.Set<Conversation>().SingleAsync(c => c.Id == conversationId, ct);
        var taken = await db.Set<Conversation>().AnyAsync(
            c => c.Channel == conversation.Channel && c.ExternalId == newExternalId && c.Account == conversation.Account && c.Id != conversationId, ct);
        if (taken)
        {
            await db.DeactivateConversationAsync(conversationId, ConversationStatus.Left, $"moved to {newExternalId}, which already exists", now, ct);
            return false;
        }

        await db.Set<Conversation>().Where(c => c.Id == conversationId).ExecuteUpdateAsync(u => u
            .SetProperty(c => c.ExternalId, newExternalId)
            .SetProperty(c => c.UpdatedAt, now), ct);
        return true;
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}
