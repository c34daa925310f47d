using Humas.Bot.Channels.Telegram.Reactions;
using Humas.Bot.Conversations.Commands;
using Humas.Bot.Conversations.Inbound;
using Humas.Bot.Conversations.Inbox;
using Humas.Bot.Subscriptions;
using Telegram.Bot.Types;

namespace Humas.Bot.Channels.Telegram.Updates;

/// <summary>
/// One stored update, whatever its kind, mapped to the core's events for <see cref="InboundRouter"/>: membership
/// changes, messages (migration, commands, text, files...), button presses; Telegram's own emoji reactions are
/// counted here (they are a report, not a vote). What is Telegram's alone stays here: a command in a group counts
/// only when addressed to this bot, a channel's posts are never answered, an edited message is not acted on twice.
/// Odd updates are logged and skipped, never thrown, so only real failures (database, network) reach the
/// worker's retry.
/// </summary>
public sealed class TelegramUpdateHandler(
    InboundRouter router,
    TelegramMembership membership,
    TelegramReactionCounter reactionCounts,
    TelegramBots bots,
    ILogger<TelegramUpdateHandler> logger) : IInboxHandler<TelegramInboxItem>
{
    /// <summary>
    /// Read strictly (<see cref="TelegramUpdateShape"/>): a field the handlers rely on that is missing, null or of
    /// the wrong type sets this one update aside with the reason, instead of reaching a handler as a null it would
    /// trip over (the fault suite's fuzzer found several).
    /// </summary>
    public async Task<string?> HandleAsync(TelegramInboxItem item, CancellationToken ct)
    {
        if (!TelegramUpdateReader.TryRead(item.Payload, out var update, out var error))
        {
            return error ?? "not an update";
        }

        await HandleAsync(update!, item.Account, ct);
        return null;
    }

    /// <summary>An update of the national bot.</summary>
    public Task HandleAsync(Update update, CancellationToken ct) => HandleAsync(update, ConversationAddress.SharedAccount, ct);

    /// <summary>An update of <paramref name="account"/>'s bot: every conversation it names is held with that bot, and answered through it.</summary>
    public async Task HandleAsync(Update update, string account, CancellationToken ct)
    {
        if (update.MyChatMember is { } member)
        {
            await membership.HandleAsync(member, account, ct);
        }
        else if (update.CallbackQuery is { } query)
        {
            await router.HandleAsync(Pressed(query, account), ct);
        }
        else if (update.Message is { } message)
        {
            await MessageAsync(message, account, ct);
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

    private async Task MessageAsync(Message message, string account, CancellationToken ct)
    {
        // Migration first: creating the new supergroup's conversation before moving would orphan the old one's subscriptions.
        var from = TelegramChats.Sender(message.Chat, message.From);
        if (message.MigrateToChatId is { } to)
        {
            await router.HandleAsync(new ConversationMoved(Group(message.Chat.Id, account), from, TelegramChats.ExternalId(to)), ct);
            return;
        }

        if (message.MigrateFromChatId is { } old)
        {
            await router.HandleAsync(new ConversationMoved(Group(old, account), from, TelegramChats.ExternalId(message.Chat.Id)), ct);
            return;
        }

        var topic = TelegramChats.Topic(message);
        if (TelegramChats.Address(message.Chat, topic) is not { } chat || message.From is { IsBot: true })
        {
            return;
        }

        var at = chat with { Account = account };
        if (at.Kind == ConversationKind.Channel)
        {
            // A channel's posts arrive as channel_post; a message here is not Telegram's shape.
            ChannelPost(message);
            return;
        }

        var title = TelegramChats.Title(message.Chat, topic);
        if (ChatCommand.Parse(message.Text) is { } command)
        {
            // In a group a command counts only when it is addressed to this bot (or to no bot at all).
            if (at.Kind == ConversationKind.Private || bots.Find(account)?.Identity.IsAddressedToMe(command.AddressedTo) == true)
            {
                await router.HandleAsync(new CommandReceived(at, from, TelegramMessages.Id(message), command.Word, command.Argument) { Title = title }, ct);
            }

            return;
        }

        await router.HandleAsync(TelegramMessages.Event(message, at, from) with { Title = title }, ct);
    }

    /// <summary>The button press in a stored update of <paramref name="account"/>'s bot, or null when it holds none.</summary>
    public static ButtonPressed? PressIn(string payload, string account) =>
        payload.Contains("\"callback_query\"", StringComparison.Ordinal)
        && TelegramUpdateReader.TryRead(payload, out var update, out _)
        && update!.CallbackQuery is { } query
            ? Pressed(query, account)
            : null;

    /// <summary>
    /// A button press. The article id is in a vote's data, so a vote works even under a message we can no longer
    /// read, and under a channel post (the voter is the person, not the channel).
    /// </summary>
    private static ButtonPressed Pressed(CallbackQuery query, string account)
    {
        var from = TelegramChats.Sender(query.From);
        var message = query.Message;
        var gone = message is null || TelegramChats.IsInaccessible(message);
        var topic = message is null || gone ? null : TelegramChats.Topic(message);
        var at = ((message is null ? null : TelegramChats.Address(message.Chat, topic))
            ?? new ConversationAddress(TelegramChats.Channel, TelegramChats.ExternalId(query.From.Id), ConversationKind.Private)) with { Account = account };
        return new ButtonPressed(at, from, message is null ? null : TelegramMessages.Id(message), query.Data ?? "", query.Id)
        {
            // A menu under a channel post can only be left over from before channels were connected from the
            // dashboard; its answer would be posted to every follower.
            Stale = gone || at.Kind == ConversationKind.Channel,
            MessageText = gone ? null : message!.Text,
            Title = message is null ? null : TelegramChats.Title(message.Chat, topic),
            // A callback query's id is unique per bot.
            PressId = $"{TelegramChats.Channel}:{account}/{query.Id}",
            // Handled in the inbox's turn (the arrival's look at it counts nothing).
            HandedAgainUntilDone = true,
        };
    }

    private static ConversationAddress Group(long chatId, string account) =>
        new(TelegramChats.Channel, TelegramChats.ExternalId(chatId), ConversationKind.Group) { Account = account };
}
