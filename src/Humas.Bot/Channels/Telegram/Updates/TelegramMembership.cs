using System.Globalization;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Localization;
using Humas.Bot.Storage;
using Humas.Bot.Subscriptions;
using Microsoft.EntityFrameworkCore;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace Humas.Bot.Channels.Telegram.Updates;

/// <summary>
/// <c>my_chat_member</c>: the bot's own membership changed. In a private chat that means the reader blocked or
/// unblocked it. In a channel or group it is how a ministry's channel arrives: made administrator with the
/// right to post, the channel becomes a conversation without subscriptions (waiting, in the dashboard and in
/// <c>telegram channels list</c>) until an editor connects it to institutions. Removed, or without the right to
/// post, every conversation of the chat (its forum topics too) becomes inactive with a note saying who changed
/// what and when; given the right back, they become active again with the institutions they had.
/// </summary>
public sealed class TelegramMembership(
    SubscriptionService subscriptions,
    IDbContextFactory<HumasDbContext> factory,
    ILogger<TelegramMembership> logger)
{
    public async Task HandleAsync(ChatMemberUpdated change, CancellationToken ct)
    {
        if (TelegramChats.Kind(change.Chat) is not { } kind)
        {
            return;
        }

        var note = Refusal(kind, change);
        // Channels and groups are the ministry's places: their posts are in Indonesian, whoever added the bot.
        var language = kind == ConversationKind.Private ? Languages.Normalize(change.From.LanguageCode) : Languages.Indonesian;
        var main = await subscriptions.EnsureConversationAsync(
            new ConversationAddress(TelegramChats.Channel, TelegramChats.ExternalId(change.Chat.Id), kind), TelegramChats.Title(change.Chat), language, ct);
        var all = await ConversationsOfAsync(change.Chat.Id, ct);
        if (note is not null)
        {
            var status = kind == ConversationKind.Private ? ConversationStatus.Blocked : ConversationStatus.Left;
            foreach (var conversation in all.Where(c => c.Status == ConversationStatus.Active || c.Id == main.Id))
            {
                await subscriptions.DeactivateAsync(conversation.Id, status, note, ct);
            }

            logger.LogInformation("Telegram {Kind} {ChatId}: inactive ({Note})", kind, change.Chat.Id, note);
            return;
        }

        foreach (var conversation in all.Where(c => c.Status != ConversationStatus.Active))
        {
            await subscriptions.ReactivateAsync(conversation.Id, ct);
        }

        if (kind != ConversationKind.Private && (await subscriptions.ListAsync(main.Id, ct)).Count == 0)
        {
            logger.LogInformation(
                "Telegram {Kind} {ChatId} ({Title}) is waiting to be connected: dashboard, or `telegram channels connect {ChatId} --institution <id>`",
                kind, change.Chat.Id, main.Title, change.Chat.Id);
        }
    }

    /// <summary>Why nothing may be sent to this chat any more, or null when the bot may post there.</summary>
    private static string? Refusal(ConversationKind kind, ChatMemberUpdated change)
    {
        var member = change.NewChatMember;
        if (kind == ConversationKind.Private)
        {
            return member.Status == ChatMemberStatus.Kicked ? "telegram: the reader blocked the bot" : null;
        }

        var place = kind == ConversationKind.Channel ? "channel" : "group";
        var by = $"by {TelegramChats.Who(change.From)} on {change.Date.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC";
        return (kind, member) switch
        {
            (_, { Status: ChatMemberStatus.Kicked or ChatMemberStatus.Left }) or (_, ChatMemberRestricted { IsMember: false }) =>
                $"telegram: the bot was removed from the {place} {by}",
            (ConversationKind.Channel, ChatMemberAdministrator { CanPostMessages: false }) =>
                $"telegram: the bot may not post in the channel (its right to post messages was taken {by})",
            (ConversationKind.Channel, not (ChatMemberAdministrator or ChatMemberOwner)) =>
                $"telegram: the bot is not an administrator of the channel, so it cannot post there ({by})",
            (_, ChatMemberRestricted { CanSendMessages: false }) =>
                $"telegram: the bot may not send messages in the {place} (restricted {by})",
            _ => null,
        };
    }

    /// <summary>The chat's conversation and those of its forum topics.</summary>
    private async Task<List<Conversation>> ConversationsOfAsync(long chatId, CancellationToken ct)
    {
        var id = TelegramChats.ExternalId(chatId);
        var topics = id + ":";
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<Conversation>().AsNoTracking()
            .Where(c => c.Channel == TelegramChats.Channel && (c.ExternalId == id || c.ExternalId.StartsWith(topics)))
            .ToListAsync(ct);
    }
}
