using Humas.Bot.Feedback;
using Humas.Bot.Channels.Telegram.Api;
using Humas.Bot.Channels.Telegram.Commands;
using Humas.Bot.Channels.Telegram.Tips;
using Humas.Bot.Conversations.Commands;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Localization;
using Humas.Bot.Storage;
using Humas.Bot.Subscriptions;
using Microsoft.EntityFrameworkCore;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace Humas.Bot.Channels.Telegram.Updates;

/// <summary>
/// One stored update, whatever its kind: membership changes, messages (migration, commands, tip input,
/// free text) and button presses. Odd updates are logged and skipped, never thrown, so only real failures
/// (database, network) reach the worker's retry.
/// </summary>
public sealed class TelegramUpdateHandler(
    SubscriptionService subscriptions,
    CommandService commands,
    TelegramReplySender replies,
    ReactionPressHandler reactions,
    TelegramTipEditorActions editors,
    TelegramBotIdentity identity,
    TelegramBotApi api,
    IDbContextFactory<HumasDbContext> factory,
    ITexts texts,
    ILogger<TelegramUpdateHandler> logger)
{
    public async Task HandleAsync(Update update, CancellationToken ct)
    {
        if (update.MyChatMember is { } member)
        {
            await MembershipAsync(member, ct);
        }
        else if (update.CallbackQuery is { } query)
        {
            await CallbackAsync(query, ct);
        }
        else if ((update.Message ?? update.ChannelPost) is { } message)
        {
            await MessageAsync(message, ct);
        }
        else if (update.EditedMessage is not null)
        {
            // An edited command or tip text is not acted on twice.
            logger.LogDebug("Telegram update {UpdateId}: edited message ignored", update.Id);
        }
        else
        {
            logger.LogInformation("Telegram update {UpdateId} of a kind we do not handle was skipped", update.Id);
        }
    }

    private async Task MembershipAsync(ChatMemberUpdated change, CancellationToken ct)
    {
        if (TelegramChats.Kind(change.Chat) is not { } kind)
        {
            return;
        }

        var status = change.NewChatMember.Status;
        var conversation = await ConversationAsync(change.Chat, kind, Languages.Normalize(change.From.LanguageCode), ct);
        switch (status)
        {
            case ChatMemberStatus.Kicked:
                await subscriptions.DeactivateAsync(conversation.Id, kind == ConversationKind.Private ? ConversationStatus.Blocked : ConversationStatus.Left, "telegram: bot kicked or blocked", ct);
                break;
            case ChatMemberStatus.Left:
                await subscriptions.DeactivateAsync(conversation.Id, ConversationStatus.Left, "telegram: bot left the chat", ct);
                break;
            case ChatMemberStatus.Member or ChatMemberStatus.Administrator or ChatMemberStatus.Creator or ChatMemberStatus.Restricted:
                await subscriptions.ReactivateAsync(conversation.Id, ct);
                break;
            default:
                logger.LogInformation("Telegram membership status {Status} in chat {ChatId} not acted on", status, change.Chat.Id);
                break;
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

        var conversation = await ConversationAsync(message.Chat, kind, Languages.Normalize(message.From?.LanguageCode), ct);
        var context = Context(conversation, message.Chat, message.From);
        var command = ChatCommand.Parse(message.Text);
        if (command is not null)
        {
            if (kind != ConversationKind.Private && !identity.IsAddressedToMe(command.AddressedTo))
            {
                return;
            }

            await replies.SendAsync(message.Chat.Id, await commands.HandleAsync(command, context, ct), ct);
            return;
        }

        // Groups and channels talk among themselves; the bot speaks there only when addressed, or when an
        // editor answers its Balas prompt in the editors' chat.
        if (kind != ConversationKind.Private)
        {
            await editors.TryRelayAsync(message, ct);
            return;
        }

        await replies.SendAsync(message.Chat.Id, await commands.MessageAsync(TelegramTipInputs.From(message, context.Author), context, ct), ct);
    }

    private async Task CallbackAsync(CallbackQuery query, CancellationToken ct)
    {
        if (query.Data?.StartsWith(ReactionActionData.Prefix, StringComparison.Ordinal) == true)
        {
            // The article id is in the data, so a vote works even on a message we can no longer read.
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
            || TelegramChats.Kind(message.Chat) is not { } kind)
        {
            await reactions.AnswerAsync(query, texts.Get("telegram.button.old", lang), ct);
            return;
        }

        // Answer first: the menus below touch the database, the spinner should not wait for it.
        await reactions.AnswerAsync(query, null, ct);
        var conversation = await ConversationAsync(message.Chat, kind, lang, ct);
        var context = Context(conversation, message.Chat, query.From);
        await replies.SendAsync(message.Chat.Id, await commands.HandleButtonAsync(query.Data, context, ct), ct);
    }

    private static bool IsMenuAction(string data) =>
        data.StartsWith(CommandService.TipActionPrefix, StringComparison.Ordinal)
        || data.StartsWith(SubscriptionActions.Prefix, StringComparison.Ordinal)
        || data.StartsWith(SettingsMenu.Prefix, StringComparison.Ordinal);

    /// <summary>The chat's conversation, created on first contact (language from whoever spoke first).</summary>
    private Task<Conversation> ConversationAsync(Chat chat, ConversationKind kind, string language, CancellationToken ct) =>
        subscriptions.EnsureConversationAsync(
            new ConversationAddress(TelegramChats.Channel, TelegramChats.ExternalId(chat.Id), kind),
            TelegramChats.Title(chat),
            language,
            ct);

    private CommandContext Context(Conversation conversation, Chat chat, User? user) => new(
        conversation,
        TelegramChats.Author(chat, user, conversation.Language),
        async ct => await IsAdminAsync(chat, user, ct));

    /// <summary>Channel posts have no sender but only admins can post there; in groups Telegram says who is admin.</summary>
    private async Task<bool> IsAdminAsync(Chat chat, User? user, CancellationToken ct)
    {
        if (chat.Type == ChatType.Channel)
        {
            return true;
        }

        if (user is null)
        {
            return false;
        }

        try
        {
            var member = await api.Client.GetChatMember(chat.Id, user.Id, ct);
            return member.Status is ChatMemberStatus.Administrator or ChatMemberStatus.Creator;
        }
        catch (ApiRequestException e) when (e.ErrorCode is 400 or 403)
        {
            logger.LogWarning("getChatMember in chat {ChatId} refused: {Description}", chat.Id, e.Description());
            return false;
        }
    }

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
