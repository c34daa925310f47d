using System.Globalization;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Institutions;
using Humas.Bot.Storage;
using Humas.Bot.Subscriptions;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.FaultSuite.Support;

/// <summary>
/// Readers for a broadcast: private Telegram chats following everything, and the institution that
/// <see cref="PublishedArticles"/> publishes for. Shared by the fault suite and the crash-safety test.
/// </summary>
public static class SeededReaders
{
    /// <summary>Chats with ids from <paramref name="firstChatId"/>, saved 5,000 at a time so large counts stay light.</summary>
    public static async Task AddAsync(HumasDbContext db, long firstChatId, int count, DateTime now)
    {
        for (var start = 0; start < count; start += 5_000)
        {
            var conversations = Enumerable.Range(start, Math.Min(5_000, count - start)).Select(i => new Conversation
            {
                Channel = "telegram",
                ExternalId = (firstChatId + i).ToString(CultureInfo.InvariantCulture),
                Kind = ConversationKind.Private,
                CreatedAt = now,
                UpdatedAt = now,
            }).ToList();
            db.AddRange(conversations);
            await db.SaveChangesAsync();
            db.AddRange(conversations.Select(c => new Subscription { ConversationId = c.Id, Target = SubscriptionTarget.All, CreatedAt = now }));
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }

        if (!await db.Set<Institution>().AnyAsync(i => i.Id == "kominfo"))
        {
            db.Add(new Institution { Id = "kominfo", Name = "Kementerian Komunikasi dan Informatika", CreatedAt = now });
            await db.SaveChangesAsync();
        }
    }
}
