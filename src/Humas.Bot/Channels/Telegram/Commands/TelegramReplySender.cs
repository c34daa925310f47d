using Humas.Bot.Channels.Telegram.Api;
using Humas.Bot.Conversations.Commands;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
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
        var plain = reply.PlainText();
        var text = plain.Length <= MaxText ? plain : plain[..(MaxText - 1)] + "…";
        var markup = reply.Buttons.Count == 0
            ? null
            : new InlineKeyboardMarkup(reply.Buttons
                .Select(row => row.Select(b => InlineKeyboardButton.WithCallbackData(b.Label, b.Action)).ToList())
                .ToList());
        try
        {
            // A list of links gets no preview: it would show the first article only, larger than the list.
            var preview = reply.Links.Count > 0 ? new LinkPreviewOptions { IsDisabled = true } : null;
            await api.Client.SendMessage(chatId, text, replyMarkup: markup, linkPreviewOptions: preview, messageThreadId: topic, cancellationToken: ct);
        }
        catch (ApiRequestException e) when (e.ErrorCode is 400 or 403)
        {
            // The reader blocked us or left; retrying the update would not change that. my_chat_member
            // (or the next delivery) records the state.
            logger.LogWarning("Reply to Telegram chat {ChatId} refused: {Description}", chatId, e.Description());
        }
    }
}
