using Humas.Bot.Delivery.Channels;
using Humas.Bot.Delivery.Messages;
using Humas.Bot.Delivery.Model;
using Humas.Bot.Host;
using Humas.Bot.Storage;
using Humas.Bot.Subscriptions;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Delivery.Notices;

/// <summary>
/// Messages that must not be lost but are no broadcast (a tip's status, a new tip for the editors, a relay)
/// become outbox rows of kind <see cref="DeliveryKind.Notice"/>, added in the same transaction as the change
/// they tell of. The dispatcher sends them like deliveries, through the gateway at
/// <see cref="SendPriority.Notice"/>, retried with the one retry policy, and they show in the dashboard's
/// delivery views: a notice that fails once is retried, not lost.
/// </summary>
public sealed class NoticeOutbox(TimeProvider time)
{
    /// <summary>
    /// Adds the notice to <paramref name="db"/> (the conversation is created when the service never spoke
    /// there, e.g. the editors' chat). Call it inside the change's transaction; it saves.
    /// </summary>
    public async Task AddAsync(HumasDbContext db, ConversationAddress to, ReplyMessage message, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var conversationId = await db.Set<Conversation>()
            .Where(c => c.Channel == to.Channel && c.ExternalId == to.ExternalId && c.Account == to.Account)
            .Select(c => (long?)c.Id).FirstOrDefaultAsync(ct);
        if (conversationId is null)
        {
            var conversation = new Conversation
            {
                Channel = to.Channel, ExternalId = to.ExternalId, Kind = to.Kind, Language = message.Language,
                ChannelData = to.ChannelData, Account = to.Account, CreatedAt = now, UpdatedAt = now,
            };
            db.Add(conversation);
            await db.SaveChangesAsync(ct);
            conversationId = conversation.Id;
        }

        db.Add(new DeliveryRecord
        {
            Kind = DeliveryKind.Notice,
            ConversationId = conversationId.Value,
            State = DeliveryState.Pending,
            Priority = (int)DeliveryPriority.Notice,
            NextAttemptAt = now,
            Payload = MessageComposer.SerializeNotice(message),
            TraceParent = TraceParent.Current(),
            CreatedAt = now,
            UpdatedAt = now,
        });
        await db.SaveChangesAsync(ct);
    }
}
