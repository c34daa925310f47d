using Humas.Bot.Channels.WhatsApp.CloudApi;
using Humas.Bot.Channels.WhatsApp.Limits;
using Humas.Bot.Channels.WhatsApp.Webhook;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Subscriptions;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.WhatsApp;

/// <summary>
/// WhatsApp's gateway adapter, the only code that calls the Cloud API to send. An article goes as an
/// interactive list while the reader's 24-hour window is open, otherwise as the approved template (counted
/// against its portfolio's messaging tier, <see cref="WhatsAppMessagingTier"/>); when Meta answers 131047 to the list (our
/// window guess was wrong), the same call sends the template instead, and the window is recorded as closed.
/// A 131047 that arrives later, as a failed status, re-queues the delivery (<see cref="WhatsAppStatusHandler"/>).
/// Replies show their buttons as reply buttons (at most three) or a list; a prompt asks for a typed answer.
/// Acknowledging a reader's message (<see cref="AnswerAsync"/>, the answer id being its wamid) marks it read.
/// The Cloud API cannot edit or delete a sent message: counter refreshes and corrections are not shown on
/// WhatsApp, and a recall leaves the message on the reader's phone. Every call goes through the conversation's number
/// (<see cref="WhatsAppNumbers"/>: the national one or its institution's own), with that number's window, limiter and
/// token; a conversation whose number is no longer configured fails with <see cref="WhatsAppNumberUnknownException"/>,
/// never through another number. No retries or sleeps here.
/// </summary>
public sealed class WhatsAppDeliveryChannel(
    WhatsAppCloudApi api,
    WhatsAppNumbers numbers,
    WhatsAppMessageFormatter formatter,
    WhatsAppInbox inbox,
    WhatsAppMessagingTier tier,
    WhatsAppTokenHealth token,
    IOptionsMonitor<WhatsAppOptions> options,
    ILogger<WhatsAppDeliveryChannel> logger) : IDeliveryChannel
{
    public const string ChannelName = "whatsapp";

    public string Name => ChannelName;

    public bool IsEnabled => options.CurrentValue.Enabled;

    /// <summary>The national number's; each institution's number has its own (<see cref="RateLimitsOf"/>).</summary>
    public ChannelRateLimits RateLimits { get; } =
        WhatsAppRateLimits.For(options.CurrentValue.MessagesPerSecond, options.CurrentValue.PerReaderPerMinute);

    /// <summary>
    /// The gateway keeps one limiter per number (<see cref="SenderOf"/>), made with that number's own messages/s and pair
    /// rate (<c>Institutions:N:WhatsApp:MessagesPerSecond</c>, <c>:PerReaderPerMinute</c>, else the national values).
    /// </summary>
    public ChannelRateLimits RateLimitsOf(string sender) =>
        sender.Length > 0 && numbers.Find(sender) is { } number
            ? WhatsAppRateLimits.For(number.MessagesPerSecond, number.PerReaderPerMinute)
            : RateLimits;

    /// <summary>The conversation's number: "" the national one, else its institution's own.</summary>
    public string SenderOf(ConversationAddress to) => to.Account;

    public int MaxMessageLength => WhatsAppMessageFormatter.MaxText - 100;

    /// <summary>Marking a message read sends the reader nothing: it counts against neither the number's throughput nor the pair rate.</summary>
    public bool AnswersAreLimited => false;

    public async Task<SentMessage> SendAsync(ConversationAddress to, OutboundMessage message, CancellationToken ct)
    {
        var waId = to.ExternalId;
        var from = numbers.For(to);
        if (message is PromptMessage prompt)
        {
            var sent = await CallAsync(from, Render(waId, message), ct);
            await inbox.RecordPromptAsync(waId, sent.MessageId, prompt.SubmitAction, ct);
            return sent;
        }

        if (message is not ArticleMessage article)
        {
            return await CallAsync(from, Render(waId, message), ct);
        }

        var hasTemplate = from.ArticleTemplate.Length > 0;
        if (!hasTemplate || await inbox.IsWindowOpenAsync(waId, from.Account, ct))
        {
            try
            {
                return await CallAsync(from, formatter.ArticleList(waId, article), ct);
            }
            catch (GraphApiException e) when (e.Code == WhatsAppFailureClassifier.OutsideWindow && hasTemplate)
            {
                logger.LogInformation("WhatsApp reader {WaId} is outside the 24-hour window of {Number}; sending the article template instead", waId, from.ToString());
                await inbox.RecordWindowClosedAsync(waId, from.Account, article.ArticleId.ToString("N"), ct);
            }
        }

        await tier.ClaimAsync(from, waId, ct);
        return await CallAsync(from, formatter.ArticleTemplate(waId, article, from), ct);
    }

    /// <summary>The Cloud API has no edit: the reader keeps the message as sent.</summary>
    public Task EditAsync(ConversationAddress to, string messageId, OutboundMessage message, CancellationToken ct) => Task.CompletedTask;

    /// <summary>The Cloud API cannot delete a business's message on the reader's phone.</summary>
    public Task DeleteAsync(ConversationAddress to, string messageId, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Two blue ticks under the reader's message <paramref name="answerId"/> (its wamid); a refusal is not worth a retry.</summary>
    public async Task AnswerAsync(ConversationAddress at, string answerId, string? text, CancellationToken ct)
    {
        var number = numbers.For(at);
        try
        {
            await api.MarkReadAsync(number, answerId, ct);
            await token.AcceptedAsync(number, ct);
        }
        catch (GraphApiException e) when (e.Code == WhatsAppFailureClassifier.BadToken)
        {
            await token.RejectedAsync(number, e.Message, ct);
            throw;
        }
        catch (GraphApiException e) when (e.Status == 400)
        {
            logger.LogDebug("Marking WhatsApp message {MessageId} read refused: {Reason}", answerId, e.Message);
        }
    }

    public DeliveryFailure Classify(Exception error) =>
        WhatsAppFailureClassifier.Classify(error, TimeSpan.FromSeconds(options.CurrentValue.TokenRetrySeconds));

    public OutgoingMessage Render(string waId, OutboundMessage message) => message switch
    {
        ArticleMessage article => formatter.ArticleList(waId, article),
        DigestMessage digest => formatter.Digest(waId, digest),
        TextMessage text => WhatsAppMessageFormatter.Text(waId, text.Text),
        ReplyMessage reply => formatter.Reply(waId, reply),
        PromptMessage prompt => WhatsAppMessageFormatter.Text(waId, prompt.Text),
        _ => throw new NotSupportedException($"WhatsApp cannot show a {message.GetType().Name}."),
    };

    /// <summary>One send; a refused token stops its number (see <see cref="WhatsAppTokenHealth"/>), an accepted call restarts it.</summary>
    private async Task<SentMessage> CallAsync(WhatsAppNumber from, OutgoingMessage message, CancellationToken ct)
    {
        try
        {
            var sent = await api.SendAsync(from, message, ct);
            await token.AcceptedAsync(from, ct);
            return new SentMessage(sent.MessageId);
        }
        catch (GraphApiException e) when (e.Code == WhatsAppFailureClassifier.BadToken)
        {
            await token.RejectedAsync(from, e.Message, ct);
            throw;
        }
    }
}
