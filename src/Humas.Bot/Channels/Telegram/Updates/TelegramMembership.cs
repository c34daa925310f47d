using System.Globalization;
using Humas.Bot.Conversations.Inbound;
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
    InboundRouter router,
    SubscriptionService subscriptions,
    IDbContextFactory<HumasDbContext> factory,
    ILogger<TelegramMembership> logger)
{
    /// <summary>A change of the national bot's membership.</summary>
    public Task HandleAsync(ChatMemberUpdated change, CancellationToken ct) => HandleAsync(change, ConversationAddress.SharedAccount, ct);

    /// <summary>A change of <paramref name="account"/>'s bot's membership: only that bot's conversations of the chat change.</summary>
    public async Task HandleAsync(ChatMemberUpdated change, string account, CancellationToken ct)
    {
        if (TelegramChats.Address(change.Chat) is not { } chat)
        {
            return;
        }

        var main = chat with { Account = account };
        var kind = main.Kind;
        var note = Refusal(kind, change);
        // Channels and groups are the ministry's places: their posts are in Indonesian, whoever added the bot.
        var from = TelegramChats.Sender(change.From) with { Language = kind == ConversationKind.Private ? change.From.LanguageCode : Languages.Indonesian };
        var title = TelegramChats.Title(change.Chat);
        var topics = (await ConversationsOfAsync(change.Chat.Id, account, ct)).Where(c => c.ExternalId != main.ExternalId).ToList();
        if (note is not null)
        {
            var gone = kind == ConversationKind.Private ? MembershipChange.Blocked : MembershipChange.Left;
            await router.HandleAsync(new MembershipChanged(main, from, gone, note) { Title = title }, ct);
            foreach (var topic in topics.Where(c => c.Status == ConversationStatus.Active))
            {
                await router.HandleAsync(new MembershipChanged(topic.Address, from, gone, note), ct);
            }

            logger.LogInformation("Telegram {Kind} {ChatId}: inactive ({Note})", kind, change.Chat.Id, note);
            return;
        }

        await router.HandleAsync(new MembershipChanged(main, from, MembershipChange.Joined, null) { Title = title }, ct);
        foreach (var topic in topics.Where(c => c.Status != ConversationStatus.Active))
        {
            await router.HandleAsync(new MembershipChanged(topic.Address, from, MembershipChange.Joined, null), ct);
        }

        if (kind != ConversationKind.Private
            && await ConversationIdAsync(main.ExternalId, account, ct) is { } mainId
            && (await subscriptions.ListAsync(mainId, ct)).Count == 0)
        {
            logger.LogInformation(
                "Telegram {Kind} {ChatId} ({Title}) is waiting to be connected: dashboard, or `telegram channels connect {ChatId} --institution <id>`",
                kind, change.Chat.Id, title, change.Chat.Id);
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

    private async Task<long?> ConversationIdAsync(string externalId, string account, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<Conversation>().Where(c => c.Channel == TelegramChats.Channel && c.ExternalId == externalId && c.Account == account).Select(c => (long?)c.Id).FirstOrDefaultAsync(ct);
    }

    /// <summary>The chat's conversation and those of its forum topics.</summary>
    private async Task<List<Conversation>> ConversationsOfAsync(long chatId, string account, CancellationToken ct)
    {
        var id = TelegramChats.ExternalId(chatId);
        var topics = id + ":";
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<Conversation>().AsNoTracking()
            .Where(c => c.Channel == TelegramChats.Channel && c.Account == account && (c.ExternalId == id || c.ExternalId.StartsWith(topics)))
            .ToListAsync(ct);
    }
}
