using System.Globalization;
using Humas.Bot.Channels.Telegram.Api;
using Humas.Bot.Tips.Queue;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace Humas.Bot.Channels.Telegram.Tips;

/// <summary>
/// Tips' notices on Telegram: new tips and contributors' answers to <c>Telegram:EditorsChatId</c> (nothing
/// when it is empty: the tips stay for the dashboard), decisions and editors' messages to the contributor's
/// chat. The texts carry the contributor's own words, so they are HTML-escaped. Sent directly through the
/// client; a failure is logged and the tip stays in the queue.
/// </summary>
public sealed class TelegramTipNotifier(TelegramBotApi api, IOptionsMonitor<TelegramOptions> options, ILogger<TelegramTipNotifier> log) : ITipNotifier
{
    private const int MaxText = 4096;

    public string Channel => "telegram";

    public async Task NotifyEditorsAsync(TipEditorNotice notice, CancellationToken cancellationToken)
    {
        if (!options.CurrentValue.Enabled || options.CurrentValue.EditorsChatId is not { } chatId)
        {
            log.LogDebug("Tip {Ticket}: no Telegram:EditorsChatId, the editors' notice stays on the dashboard", notice.Ticket);
            return;
        }

        var buttons = notice.Actions
            .Select(a => TipActionData.Encode(a.Action, notice.TipId) is { } data ? InlineKeyboardButton.WithCallbackData(a.Label, data) : null)
            .OfType<InlineKeyboardButton>()
            .ToList();
        var markup = buttons.Count == 0 ? null : new InlineKeyboardMarkup(buttons);
        await SendAsync(chatId, Html(notice.Text), markup, notice.Ticket, "editors", cancellationToken);
    }

    public async Task NotifyContributorAsync(TipContributorNotice notice, CancellationToken cancellationToken)
    {
        if (!options.CurrentValue.Enabled)
        {
            log.LogWarning("Tip {Ticket}: {NoticeKind} for Telegram user {UserExternalId} not sent, Telegram is off (Telegram:Token is empty)",
                notice.Ticket, notice.Kind, notice.UserExternalId);
            return;
        }

        if (!long.TryParse(notice.ConversationExternalId, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var chatId))
        {
            log.LogWarning("Tip {Ticket}: the contributor's chat id {ChatId} is not a Telegram chat id", notice.Ticket, notice.ConversationExternalId);
            return;
        }

        await SendAsync(chatId, Html(notice.Text), null, notice.Ticket, "contributor", cancellationToken);
    }

    /// <summary>Cut on the visible text, then escaped (Telegram counts the text after parsing).</summary>
    internal static string Html(string text) => TelegramHtml.Escape(TelegramHtml.Truncate(text, MaxText));

    private async Task SendAsync(long chatId, string html, InlineKeyboardMarkup? markup, string ticket, string to, CancellationToken ct)
    {
        try
        {
            await api.Client.SendMessage(chatId, html, ParseMode.Html, replyMarkup: markup, cancellationToken: ct);
        }
        catch (Exception e) when (e is RequestException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            log.LogWarning("Tip {Ticket}: the Telegram notice to the {Recipient} (chat {ChatId}) failed: {Error}; the tip stays in the queue",
                ticket, to, chatId, TelegramUrlRedactor.Redact(e.Message));
        }
    }
}
