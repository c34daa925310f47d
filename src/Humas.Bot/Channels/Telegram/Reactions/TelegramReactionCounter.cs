using System.Globalization;
using Humas.Bot.Channels.Telegram.Updates;
using Humas.Bot.Delivery.Model;
using Humas.Bot.Storage;
using Humas.Bot.Subscriptions;
using Microsoft.EntityFrameworkCore;
using Telegram.Bot.Types;

namespace Humas.Bot.Channels.Telegram.Reactions;

/// <summary>
/// Keeps <see cref="TelegramReactionCount"/> from two kinds of update, which Telegram sends only to a bot that is
/// administrator of the chat and names them in allowed_updates. <c>message_reaction_count</c> (anonymous
/// reactions: channels) carries the totals and replaces what is stored. <c>message_reaction</c> (one person's
/// change, in groups) carries old and new reactions, applied as a difference. Messages the service did not
/// deliver as an article are ignored. The inbox handles each update once and in order, on the leader only, so
/// the difference is never applied twice nor raced.
/// </summary>
public sealed class TelegramReactionCounter(
    IDbContextFactory<HumasDbContext> factory,
    TimeProvider time,
    ILogger<TelegramReactionCounter> logger)
{
    public async Task CountsAsync(MessageReactionCountUpdated update, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if (await DeliveredArticleAsync(db, update.Chat.Id, update.MessageId, ct) is not { } articleId)
        {
            logger.LogDebug("Telegram reactions on message {MessageId} in chat {ChatId}: not a delivered article, ignored", update.MessageId, update.Chat.Id);
            return;
        }

        var now = time.GetUtcNow().UtcDateTime;
        await db.InTransactionAsync(async () =>
        {
            await db.Set<TelegramReactionCount>().Where(r => r.ChatId == update.Chat.Id && r.MessageId == update.MessageId).ExecuteDeleteAsync(ct);
            foreach (var group in update.Reactions.GroupBy(r => Name(r.Type)))
            {
                var count = group.Sum(r => r.TotalCount);
                if (count > 0)
                {
                    db.Add(new TelegramReactionCount { ChatId = update.Chat.Id, MessageId = update.MessageId, Reaction = group.Key, Count = count, ArticleId = articleId, UpdatedAt = now });
                }
            }

            await db.SaveChangesAsync(ct);
            return true;
        }, ct);
    }

    public async Task ChangedAsync(MessageReactionUpdated update, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if (await DeliveredArticleAsync(db, update.Chat.Id, update.MessageId, ct) is not { } articleId)
        {
            logger.LogDebug("Telegram reaction on message {MessageId} in chat {ChatId}: not a delivered article, ignored", update.MessageId, update.Chat.Id);
            return;
        }

        var removed = update.OldReaction.Select(Name).Distinct().ToList();
        var added = update.NewReaction.Select(Name).Distinct().ToList();
        var now = time.GetUtcNow().UtcDateTime;
        await db.InTransactionAsync(async () =>
        {
            var rows = await db.Set<TelegramReactionCount>()
                .Where(r => r.ChatId == update.Chat.Id && r.MessageId == update.MessageId).ToDictionaryAsync(r => r.Reaction, ct);
            foreach (var name in removed.Except(added))
            {
                if (rows.TryGetValue(name, out var row))
                {
                    row.Count = Math.Max(0, row.Count - 1);
                    row.UpdatedAt = now;
                }
            }

            foreach (var name in added.Except(removed))
            {
                if (!rows.TryGetValue(name, out var row))
                {
                    row = new TelegramReactionCount { ChatId = update.Chat.Id, MessageId = update.MessageId, Reaction = name, ArticleId = articleId };
                    db.Add(row);
                }

                row.Count++;
                row.UpdatedAt = now;
            }

            await db.SaveChangesAsync(ct);
            return true;
        }, ct);
    }

    /// <summary>"👍", "custom:{id}" or "paid": what the dashboard shows.</summary>
    internal static string Name(ReactionType type)
    {
        var name = type switch
        {
            ReactionTypeEmoji emoji => emoji.Emoji,
            ReactionTypeCustomEmoji custom => "custom:" + custom.CustomEmojiId,
            _ => "paid",
        };
        return name.Length <= TelegramReactionCountMapping.MaxReactionLength ? name : name[..TelegramReactionCountMapping.MaxReactionLength];
    }

    /// <summary>The article carried by this message, if the service delivered it (a photo's id is stored "photo:{id}").</summary>
    private static async Task<Guid?> DeliveredArticleAsync(HumasDbContext db, long chatId, int messageId, CancellationToken ct)
    {
        var chat = TelegramChats.ExternalId(chatId);
        var topics = chat + ":";
        var text = messageId.ToString(CultureInfo.InvariantCulture);
        var photo = "photo:" + text;
        return await (
            from d in db.Set<DeliveryRecord>()
            join c in db.Set<Conversation>() on d.ConversationId equals c.Id
            where c.Channel == TelegramChats.Channel && (c.ExternalId == chat || c.ExternalId.StartsWith(topics))
                && d.Kind == DeliveryKind.Article && (d.MessageId == text || d.MessageId == photo)
            select d.ArticleId).FirstOrDefaultAsync(ct);
    }
}
