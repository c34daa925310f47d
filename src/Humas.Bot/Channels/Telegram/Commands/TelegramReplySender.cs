using Humas.Bot.Channels.Telegram.Api;
using Humas.Bot.Conversations.Commands;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types.ReplyMarkups;

namespace Humas.Bot.Channels.Telegram.Commands;

/// <summary>
/// Renders the core's <see cref="ChatReply"/> as a plain-text sendMessage (no parse_mode, so user-supplied
/// names need no escaping) with inline buttons whose callback_data is the button's action.
/// </summary>
public sealed class TelegramReplySender(TelegramBotApi api, ILogger<TelegramReplySender> logger)
{
    private const int MaxText = 4096;

    /// <summary>Each reply in turn, into the forum topic <paramref name="topic"/> when the command came from one.</summary>
    public async Task SendAsync(long chatId, int? topic, IEnumerable<ChatReply> replies, CancellationToken ct)
    {
        foreach (var reply in replies)
        {
            await SendAsync(chatId, topic, reply, ct);
        }
    }

    public async Task SendAsync(long chatId, int? topic, ChatReply reply, CancellationToken ct)
    {
        var text = reply.Text.Length <= MaxText ? reply.Text : reply.Text[..(MaxText - 1)] + "…";
        var markup = reply.Buttons.Count == 0
            ? null
            : new InlineKeyboardMarkup(reply.Buttons
                .Select(row => row.Select(b => InlineKeyboardButton.WithCallbackData(b.Label, b.Action)).ToList())
                .ToList());
        try
        {
            await api.Client.SendMessage(chatId, text, replyMarkup: markup, messageThreadId: topic, cancellationToken: ct);
        }
        catch (ApiRequestException e) when (e.ErrorCode is 400 or 403)
        {
            // The reader blocked us or left; retrying the update would not change that. my_chat_member
            // (or the next delivery) records the state.
            logger.LogWarning("Reply to Telegram chat {ChatId} refused: {Description}", chatId, e.Description());
        }
    }
}
