using Humas.Bot.Feedback;
using Humas.Bot.Channels.Telegram.Commands;
using Humas.Bot.Channels.Telegram.Reactions;
using Humas.Bot.Channels.Telegram.Tips;
using Humas.Bot.Conversations.Commands;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Localization;
using Humas.Bot.Storage;
using Humas.Bot.Subscriptions;
using Microsoft.EntityFrameworkCore;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace Humas.Bot.Channels.Telegram.Updates;

/// <summary>
/// One stored update, whatever its kind: membership changes, messages (migration, commands, tip input,
/// free text), button presses and Telegram's own reactions. Odd updates are logged and skipped, never thrown,
/// so only real failures (database, network) reach the worker's retry. Nothing is ever answered in a channel:
/// a channel only receives the articles it is connected to.
/// </summary>
public sealed class TelegramUpdateHandler(
    SubscriptionService subscriptions,
    CommandService commands,
    TelegramReplySender replies,
    ReactionPressHandler reactions,
    TelegramTipEditorActions editors,
    TelegramMembership membership,
    TelegramReactionCounter reactionCounts,
    TelegramBotIdentity identity,
    IChannelGateway gateway,
    IDbContextFactory<HumasDbContext> factory,
    ITexts texts,
    ILogger<TelegramUpdateHandler> logger)
{
    public async Task HandleAsync(Update update, CancellationToken ct)
    {
        if (update.MyChatMember is { } member)
        {
            await membership.HandleAsync(member, ct);
        }
        else if (update.CallbackQuery is { } query)
        {
            await CallbackAsync(query, ct);
        }
        else if (update.Message is { } message)
        {
            await MessageAsync(message, ct);
        }
        else if (update.ChannelPost is { } post)
        {
            ChannelPost(post);
        }
        else if (update.MessageReactionCount is { } counts)
        {
            await reactionCounts.CountsAsync(counts, ct);
        }
        else if (update.MessageReaction is { } reaction)
        {
            await reactionCounts.ChangedAsync(reaction, ct);
        }
        else if (update.EditedMessage is not null || update.EditedChannelPost is not null)
        {
            // An edited command or tip text is not acted on twice.
            logger.LogDebug("Telegram update {UpdateId}: edited message ignored", update.Id);
        }
        else
        {
            logger.LogInformation("Telegram update {UpdateId} of a kind we do not handle was skipped", update.Id);
        }
    }

    /// <summary>
    /// A post in a channel, the bot's own included. Never answered: a welcome or a help text there would reach
    /// every follower. A channel is connected from the dashboard or with <c>telegram channels connect</c>.
    /// </summary>
    private void ChannelPost(Message post)
    {
        if (post.MigrateToChatId is not null || post.MigrateFromChatId is not null)
        {
            return;
        }

        if (ChatCommand.Parse(post.Text) is { } command)
        {
            logger.LogInformation(
                "Telegram channel {ChatId}: command /{Command} ignored; nothing is answered in a channel (connect it in the dashboard or with `telegram channels connect`)",
                post.Chat.Id, command.Word);
        }
        else
        {
            logger.LogDebug("Telegram channel {ChatId}: post ignored", post.Chat.Id);
        }
    }

    private async Task MessageAsync(Message message, CancellationToken ct)
    {
        // Migration first: creating the new supergroup's conversation before moving would orphan the old one's subscriptions.
        if (message.MigrateToChatId is { } to)
        {
            await MoveAsync(message.Chat.Id, to, ct);
            return;
        }

        if (message.MigrateFromChatId is { } from)
        {
            await MoveAsync(from, message.Chat.Id, ct);
            return;
        }

        if (TelegramChats.Kind(message.Chat) is not { } kind || message.From is { IsBot: true })
        {
            return;
        }

        if (kind == ConversationKind.Channel)
        {
            // A channel's posts arrive as channel_post; a message here is not Telegram's shape.
            ChannelPost(message);
            return;
        }

        var topic = TelegramChats.Topic(message);
        var command = ChatCommand.Parse(message.Text);
        if (kind != ConversationKind.Private)
        {
            // Groups talk among themselves; the bot speaks there only when addressed, or when an editor answers its
            // Balas prompt in the editors' chat. Chatter creates no conversation, so the dashboard lists only
            // groups the bot was added to and topics that subscribed.
            if (command is null)
            {
                await editors.TryRelayAsync(message, ct);
                return;
            }

            if (!identity.IsAddressedToMe(command.AddressedTo))
            {
                return;
            }
        }

        var conversation = await ConversationAsync(message.Chat, kind, topic, Languages.Normalize(message.From?.LanguageCode), ct);
        var context = Context(conversation, message.Chat, message.From);
        if (command is not null)
        {
            await replies.SendAsync(conversation.Address, conversation.Language, await commands.HandleAsync(command, context, ct), ct);
            return;
        }

        await replies.SendAsync(conversation.Address, conversation.Language, await commands.MessageAsync(TelegramTipInputs.From(message, context.Author), context, ct), ct);
    }

    private async Task CallbackAsync(CallbackQuery query, CancellationToken ct)
    {
        if (query.Data?.StartsWith(ReactionActionData.Prefix, StringComparison.Ordinal) == true)
        {
            // The article id is in the data, so a vote works even on a message we can no longer read, and a
            // vote under a channel post counts like any other (the voter is the person, not the channel).
            await reactions.HandleAsync(query, ct);
            return;
        }

        if (TelegramTipEditorActions.IsEditorData(query.Data))
        {
            // Terima / Tolak / Balas under a tip; only the editors' chat may act on them.
            await editors.HandleCallbackAsync(query, ct);
            return;
        }

        var lang = Languages.Normalize(query.From.LanguageCode);
        if (query.Message is not { } message
            || TelegramChats.IsInaccessible(message)
            || query.Data is null
            || !IsMenuAction(query.Data)
            || TelegramChats.Kind(message.Chat) is not ({ } kind and not ConversationKind.Channel))
        {
            // A menu button in a channel can only be left over from before channels were connected from the
            // dashboard; its answer would be posted to every follower.
            await reactions.AnswerAsync(query, texts.Get("telegram.button.old", lang), ct);
            return;
        }

        // Answer first: the menus below touch the database, the spinner should not wait for it.
        await reactions.AnswerAsync(query, null, ct);
        var topic = TelegramChats.Topic(message);
        var conversation = await ConversationAsync(message.Chat, kind, topic, lang, ct);
        var context = Context(conversation, message.Chat, query.From);
        await replies.SendAsync(conversation.Address, conversation.Language, await commands.HandleButtonAsync(query.Data, context, ct), ct);
    }

    private static bool IsMenuAction(string data) =>
        data.StartsWith(CommandService.TipActionPrefix, StringComparison.Ordinal)
        || data.StartsWith(SubscriptionActions.Prefix, StringComparison.Ordinal)
        || data.StartsWith(SettingsMenu.Prefix, StringComparison.Ordinal);

    /// <summary>The chat's (or forum topic's) conversation, created on first contact (language from whoever spoke first).</summary>
    private Task<Conversation> ConversationAsync(Chat chat, ConversationKind kind, int? topic, string language, CancellationToken ct) =>
        subscriptions.EnsureConversationAsync(
            new ConversationAddress(TelegramChats.Channel, TelegramChats.ExternalId(chat.Id, topic), kind),
            TelegramChats.Title(chat, topic),
            language,
            ct);

    private CommandContext Context(Conversation conversation, Chat chat, User? user) => new(
        conversation,
        TelegramChats.Author(chat, user, conversation.Language),
        async ct => await IsAdminAsync(chat, user, ct));

    /// <summary>In groups Telegram says who is admin (getChatMember, through the gateway); an anonymous admin posting as the group has no user.</summary>
    private async Task<bool> IsAdminAsync(Chat chat, User? user, CancellationToken ct) =>
        user is not null
        && TelegramChats.Kind(chat) is { } kind
        && await gateway.MayManageAsync(
            new ConversationAddress(TelegramChats.Channel, TelegramChats.ExternalId(chat.Id), kind),
            user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ct);

    private async Task MoveAsync(long fromChatId, long toChatId, CancellationToken ct)
    {
        var oldId = TelegramChats.ExternalId(fromChatId);
        await using var db = await factory.CreateDbContextAsync(ct);
        var conversation = await db.Set<Conversation>().AsNoTracking()
            .SingleOrDefaultAsync(c => c.Channel == TelegramChats.Channel && c.ExternalId == oldId, ct);
        if (conversation is not null)
        {
            var moved = await subscriptions.MoveAsync(conversation.Id, TelegramChats.ExternalId(toChatId), ct);
            logger.LogInformation("Telegram group {OldChatId} became supergroup {NewChatId}; conversation moved: {Moved}", fromChatId, toChatId, moved);
        }
    }
}
