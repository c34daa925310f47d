using System.Globalization;
using Humas.Bot.Channels.Telegram.Api;
using Humas.Bot.Channels.Telegram.Api.Requests;
using Humas.Bot.Channels.Telegram.Api.Types;
using Humas.Bot.Delivery;
using Humas.Bot.Delivery.Channels;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.Telegram;

/// <summary>
/// Telegram behind the delivery engine's seam. Articles with an image go out as a photo with caption, the
/// rest as text with a link preview. A photo's message id is stored as "photo:{id}" so a later edit knows
/// to change the caption rather than the text. No retries or sleeps here: errors are thrown and classified.
/// </summary>
public sealed class TelegramDeliveryChannel(
    ITelegramBotClient bot,
    IOptions<DeliveryOptions> delivery,
    IOptions<TelegramOptions> telegram,
    TelegramMessageFormatter format,
    ILogger<TelegramDeliveryChannel> logger) : IDeliveryChannel
{
    public const string ChannelName = "telegram";
    private const string PhotoPrefix = "photo:";

    public string Name => ChannelName;

    public bool IsEnabled => telegram.Value.Enabled;

    public ChannelRateLimits RateLimits { get; } = delivery.Value.Telegram.ToRateLimits();

    public int MaxMessageLength => TelegramMessageFormatter.MaxTextLength;

    private bool? PaidBroadcast => delivery.Value.Telegram.PaidBroadcast ? true : null;

    public async Task<SentMessage> SendAsync(ConversationAddress to, OutboundMessage message, CancellationToken ct)
    {
        var chatId = ChatId(to);
        try
        {
            if (message is ArticleMessage { ImageUrl: { Length: > 0 } image } article)
            {
                try
                {
                    var photo = await bot.SendAsync(
                        new SendPhoto(chatId, image)
                        {
                            Caption = format.Article(article, TelegramMessageFormatter.MaxCaptionLength),
                            ParseMode = ParseMode.Html,
                            ReplyMarkup = format.ArticleKeyboard(article),
                            AllowPaidBroadcast = PaidBroadcast,
                        },
                        ct);
                    return new SentMessage(PhotoPrefix + photo.MessageId.ToString(CultureInfo.InvariantCulture));
                }
                catch (TelegramApiException e) when (IsPhotoProblem(e))
                {
                    // The image is what Telegram refused (unreachable URL, wrong type, too large): the article
                    // itself still deserves to arrive, as text.
                    logger.LogInformation("Telegram refused the image of article {ArticleId} ({Description}); sending it as text", article.ArticleId, e.Description);
                }
            }

            var sent = await bot.SendAsync(
                new SendMessage(chatId, Format(message))
                {
                    ParseMode = ParseMode.Html,
                    LinkPreviewOptions = Preview(message),
                    ReplyMarkup = message is ArticleMessage a ? format.ArticleKeyboard(a) : null,
                    AllowPaidBroadcast = PaidBroadcast,
                },
                ct);
            return new SentMessage(sent.MessageId.ToString(CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (Note(e, to))
        {
            throw;
        }
    }

    public async Task EditAsync(ConversationAddress to, string messageId, OutboundMessage message, CancellationToken ct)
    {
        var chatId = ChatId(to);
        var isPhoto = messageId.StartsWith(PhotoPrefix, StringComparison.Ordinal);
        var id = ParseMessageId(messageId);
        var keyboard = message is ArticleMessage article ? format.ArticleKeyboard(article) : null;
        try
        {
            if (isPhoto && message is ArticleMessage photoArticle)
            {
                await bot.SendAsync(
                    new EditMessageCaption(chatId, id)
                    {
                        Caption = format.Article(photoArticle, TelegramMessageFormatter.MaxCaptionLength),
                        ParseMode = ParseMode.Html,
                        ReplyMarkup = keyboard,
                    },
                    ct);
            }
            else
            {
                await bot.SendAsync(
                    new EditMessageText(chatId, id, Format(message))
                    {
                        ParseMode = ParseMode.Html,
                        LinkPreviewOptions = Preview(message),
                        ReplyMarkup = keyboard,
                    },
                    ct);
            }
        }
        catch (TelegramApiException e) when (e.IsMessageNotModified)
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
        var chatId = ChatId(to);
        try
        {
            await bot.SendAsync(new DeleteMessage(chatId, ParseMessageId(messageId)), ct);
        }
        catch (TelegramApiException e) when (e.ErrorCode == 400 && e.Description.Contains("message to delete not found", StringComparison.OrdinalIgnoreCase))
        {
            // Already gone (deleted by a reader or an admin): a recall has nothing left to do.
        }
        catch (Exception e) when (Note(e, to))
        {
            throw;
        }
    }

    public DeliveryFailure Classify(Exception error) => TelegramFailureClassifier.Classify(error);

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

    private static bool IsPhotoProblem(TelegramApiException e) =>
        e.ErrorCode == 400 && !e.IsBlockedOrGone && !e.IsMigrated && !e.IsFloodWait
        && (e.Description.Contains("photo", StringComparison.OrdinalIgnoreCase)
            || e.Description.Contains("file", StringComparison.OrdinalIgnoreCase)
            || e.Description.Contains("url", StringComparison.OrdinalIgnoreCase)
            || e.Description.Contains("IMAGE_PROCESS_FAILED", StringComparison.OrdinalIgnoreCase));

    private static long ChatId(ConversationAddress to) =>
        long.Parse(to.ExternalId, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

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
