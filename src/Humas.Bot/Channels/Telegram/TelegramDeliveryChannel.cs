using System.Globalization;
using Humas.Bot.Channels.Telegram.Api;
using Humas.Bot.Channels.Telegram.Updates;
using Humas.Bot.Delivery.Channels;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Requests;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;
using Humas.Bot.Subscriptions;

namespace Humas.Bot.Channels.Telegram;

/// <summary>
/// Telegram behind the delivery engine's seam. Articles with an image go out as a photo with caption, the
/// rest as text with a link preview. A photo's message id is stored as "photo:{id}" so a later edit knows
/// to change the caption rather than the text. A forum topic's conversation (<c>{chat}:{topic}</c>) is posted
/// into its topic. Into a channel only articles are ever posted: anything else is refused here, whatever the
/// core asks, because it would reach every follower. No retries or sleeps here: errors are thrown and classified.
/// </summary>
public sealed class TelegramDeliveryChannel(
    TelegramBots bots,
    IOptions<TelegramOptions> telegram,
    TelegramMessageFormatter format,
    TelegramWebhookReplies replies,
    ILogger<TelegramDeliveryChannel> logger) : IDeliveryChannel
{
    public const string ChannelName = "telegram";
    private const string PhotoPrefix = "photo:";

    public string Name => ChannelName;

    public bool IsEnabled => bots.AnyEnabled;

    /// <summary>Every bot's own: the gateway keeps one limiter per bot (<see cref="SenderOf"/>), so each has its 30/s.</summary>
    public ChannelRateLimits RateLimits { get; } = telegram.Value.ToRateLimits();

    /// <summary>The conversation's bot: "" the national one, else its institution's own.</summary>
    public string SenderOf(ConversationAddress to) => to.Account;

    public int MaxMessageLength => TelegramMessageFormatter.MaxTextLength;

    private bool PaidBroadcast => telegram.Value.PaidBroadcast;

    public async Task<SentMessage> SendAsync(ConversationAddress to, OutboundMessage message, CancellationToken ct)
    {
        var (chatId, topic) = Address(to);
        if (to.Kind == ConversationKind.Channel && message is not ArticleMessage)
        {
            throw new NotSupportedException($"Only articles are posted into a Telegram channel, not a {message.GetType().Name}.");
        }

        try
        {
            if (message is ArticleMessage { ImageUrl: { Length: > 0 } image } article)
            {
                try
                {
                    var photo = await ForIdAsync(to, new SendPhotoRequest
                    {
                        ChatId = chatId,
                        Photo = InputFile.FromString(image),
                        Caption = format.Article(article, TelegramMessageFormatter.MaxCaptionLength),
                        ParseMode = ParseMode.Html,
                        ReplyMarkup = format.ArticleKeyboard(article),
                        MessageThreadId = topic,
                        AllowPaidBroadcast = PaidBroadcast,
                    }, ct);
                    return new SentMessage(PhotoPrefix + photo);
                }
                catch (ApiRequestException e) when (IsPhotoProblem(e))
                {
                    // The image is what Telegram refused (unreachable URL, wrong type, too large): the article
                    // itself still deserves to arrive, as text.
                    logger.LogInformation("Telegram refused the image of article {ArticleId} ({Description}); sending it as text", article.ArticleId, e.Description());
                }
            }

            if (message is ReplyMessage reply)
            {
                return new SentMessage(await ForIdAsync(to, new SendMessageRequest
                {
                    ChatId = chatId,
                    Text = PlainText(reply.PlainText()),
                    ReplyMarkup = Keyboard(reply),
                    LinkPreviewOptions = Preview(reply),
                    MessageThreadId = topic,
                    ReplyParameters = reply.InReplyTo is { } inReplyTo ? new ReplyParameters { MessageId = ParseMessageId(inReplyTo), AllowSendingWithoutReply = true } : null,
                }, ct));
            }

            if (message is PromptMessage prompt)
            {
                // No forms on Telegram: the prompt is a reply to the tip's post, and the editor's answer is a reply to
                // the prompt, recognised by its exact text. No force_reply: its "selective" would target the author
                // of the replied-to post, which is the bot, and without it every member of the group gets the box.
                return new SentMessage(await ForIdAsync(to, new SendMessageRequest
                {
                    ChatId = chatId,
                    Text = PlainText(prompt.Text),
                    MessageThreadId = topic,
                    ReplyParameters = prompt.InReplyTo is { } about ? new ReplyParameters { MessageId = ParseMessageId(about), AllowSendingWithoutReply = true } : null,
                }, ct));
            }

            return new SentMessage(await ForIdAsync(to, new SendMessageRequest
            {
                ChatId = chatId,
                Text = Format(message),
                ParseMode = ParseMode.Html,
                LinkPreviewOptions = Preview(message),
                ReplyMarkup = message is ArticleMessage a ? format.ArticleKeyboard(a) : null,
                MessageThreadId = topic,
                AllowPaidBroadcast = PaidBroadcast,
            }, ct));
        }
        catch (Exception e) when (Note(e, to))
        {
            throw;
        }
    }

    public async Task EditAsync(ConversationAddress to, string messageId, OutboundMessage message, CancellationToken ct)
    {
        var (chatId, _) = Address(to);
        var isPhoto = messageId.StartsWith(PhotoPrefix, StringComparison.Ordinal);
        var id = ParseMessageId(messageId);
        var keyboard = message is ArticleMessage article ? format.ArticleKeyboard(article) : null;
        try
        {
            if (isPhoto && message is ArticleMessage photoArticle)
            {
                await ForIdAsync(to, new EditMessageCaptionRequest
                {
                    ChatId = chatId,
                    MessageId = id,
                    Caption = format.Article(photoArticle, TelegramMessageFormatter.MaxCaptionLength),
                    ParseMode = ParseMode.Html,
                    ReplyMarkup = keyboard,
                }, ct);
            }
            else if (message is ReplyMessage reply)
            {
                await ForIdAsync(to, new EditMessageTextRequest
                {
                    ChatId = chatId,
                    MessageId = id,
                    Text = PlainText(reply.PlainText()),
                    ReplyMarkup = Keyboard(reply),
                    LinkPreviewOptions = Preview(reply),
                }, ct);
            }
            else
            {
                await ForIdAsync(to, new EditMessageTextRequest
                {
                    ChatId = chatId,
                    MessageId = id,
                    Text = Format(message),
                    ParseMode = ParseMode.Html,
                    ReplyMarkup = keyboard,
                    LinkPreviewOptions = Preview(message),
                }, ct);
            }
        }
        catch (ApiRequestException e) when (e.IsMessageNotModified())
        {
            // Same content as shown: the edit's goal is already met.
        }
        catch (Exception e) when (Note(e, to))
        {
            throw;
        }
    }

    public async Task DeleteAsync(ConversationAddress to, string messageId, CancellationToken ct)
    {
        var (chatId, _) = Address(to);
        try
        {
            await Client(to).DeleteMessage(chatId, ParseMessageId(messageId), ct);
        }
        catch (ApiRequestException e) when (e.ErrorCode == 400 && e.Message.Contains("message to delete not found", StringComparison.OrdinalIgnoreCase))
        {
            // Already gone (deleted by a reader or an admin): a recall has nothing left to do.
        }
        catch (Exception e) when (Note(e, to))
        {
            throw;
        }
    }

    /// <summary>
    /// answerCallbackQuery: in the press's own webhook response while it is open (<see cref="TelegramWebhookReplies"/>),
    /// else as a request. An old or already answered press is no failure.
    /// </summary>
    public async Task AnswerAsync(ConversationAddress at, string answerId, string? text, CancellationToken ct)
    {
        if (await replies.OfferAsync(at.Account, answerId, text).WaitAsync(ct))
        {
            return;
        }

        try
        {
            await bots.ApiFor(at).Client.AnswerCallbackQuery(answerId, Toast(text), cancellationToken: ct);
        }
        catch (ApiRequestException e) when (e.ErrorCode == 400)
        {
            logger.LogDebug("answerCallbackQuery {QueryId} refused: {Description}", answerId, e.Description());
        }
    }

    /// <summary>A press's answer as Telegram shows it: cut to its 200 characters.</summary>
    internal static string? Toast(string? text) => text is { Length: > 200 } ? text[..200] : text;

    /// <summary>getChatMember: administrators and the creator manage a group; in a private chat the reader does.</summary>
    public async Task<bool> MayManageAsync(ConversationAddress at, string userId, CancellationToken ct)
    {
        var (chatId, _) = Address(at);
        if (at.Kind == ConversationKind.Private)
        {
            return true;
        }

        if (!long.TryParse(userId, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var user))
        {
            return false;
        }

        try
        {
            var member = await bots.ApiFor(at).Client.GetChatMember(chatId, user, ct);
            return member.Status is ChatMemberStatus.Administrator or ChatMemberStatus.Creator;
        }
        catch (ApiRequestException e) when (e.ErrorCode is 400 or 403)
        {
            logger.LogWarning("getChatMember in chat {ChatId} refused: {Description}", chatId, e.Description());
            return false;
        }
    }

    private ITelegramBotClient Client(ConversationAddress to) => bots.ApiFor(to).Client;

    /// <summary>Sends or edits through <paramref name="to"/>'s bot; returns the message's id (<see cref="SentMessageIdRequest"/>).</summary>
    private async Task<string> ForIdAsync(ConversationAddress to, RequestBase<Message> send, CancellationToken ct) =>
        (await Client(to).SendRequest(new SentMessageIdRequest(send), ct)).Id.ToString(CultureInfo.InvariantCulture);

    public DeliveryFailure Classify(Exception error) => TelegramFailureClassifier.Classify(error);

    /// <summary>Plain text (no parse_mode, so the contributor's own words need no escaping), cut to Telegram's length.</summary>
    private static string PlainText(string text) =>
        text.Length <= TelegramMessageFormatter.MaxTextLength ? text : text[..(TelegramMessageFormatter.MaxTextLength - 1)] + "…";

    /// <summary>A list of links gets no preview: it would show the first article only, larger than the list.</summary>
    private static LinkPreviewOptions? Preview(ReplyMessage reply) => reply.Links.Count > 0 ? new LinkPreviewOptions { IsDisabled = true } : null;

    private static InlineKeyboardMarkup? Keyboard(ReplyMessage reply) => reply.Buttons.Count == 0
        ? null
        : new InlineKeyboardMarkup(reply.Buttons
            .Select(row => row.Select(b => InlineKeyboardButton.WithCallbackData(b.Label, b.Action)).ToList())
            .ToList());

    private string Format(OutboundMessage message) => message switch
    {
        ArticleMessage article => format.Article(article, TelegramMessageFormatter.MaxTextLength),
        DigestMessage digest => format.Digest(digest),
        TextMessage text => format.Text(text),
        _ => throw new NotSupportedException($"Telegram cannot show a {message.GetType().Name}."),
    };

    private static LinkPreviewOptions Preview(OutboundMessage message) => message is ArticleMessage article
        ? new LinkPreviewOptions { Url = article.PageUrl ?? article.Url, PreferLargeMedia = true }
        : new LinkPreviewOptions { IsDisabled = true };

    private static bool IsPhotoProblem(ApiRequestException e) =>
        e.ErrorCode == 400 && !e.IsBlockedOrGone() && e.MigratedTo() is null && !e.IsFloodWait()
        && (e.Message.Contains("photo", StringComparison.OrdinalIgnoreCase)
            || e.Message.Contains("file", StringComparison.OrdinalIgnoreCase)
            || e.Message.Contains("url", StringComparison.OrdinalIgnoreCase)
            || e.Message.Contains("IMAGE_PROCESS_FAILED", StringComparison.OrdinalIgnoreCase));

    /// <summary>The chat and, for a forum topic's conversation, the topic; a FormatException (classified as gone) otherwise.</summary>
    private static (long ChatId, int? Topic) Address(ConversationAddress to) =>
        TelegramChats.TryParse(to.ExternalId, out var chatId, out var topic)
            ? (chatId, topic)
            : throw new FormatException($"'{to.ExternalId}' is not a Telegram chat id.");

    private static int ParseMessageId(string messageId) => int.Parse(
        messageId.StartsWith(PhotoPrefix, StringComparison.Ordinal) ? messageId.AsSpan(PhotoPrefix.Length) : messageId,
        NumberStyles.None,
        CultureInfo.InvariantCulture);

    /// <summary>
    /// Notes the chat's kind on the exception for <see cref="Classify"/>, which only receives the exception.
    /// Used as an exception filter that returns false, so the exception passes on untouched.
    /// </summary>
    private static bool Note(Exception e, ConversationAddress to)
    {
        e.Data[TelegramFailureClassifier.ConversationKindKey] = to.Kind;
        return false;
    }
}
