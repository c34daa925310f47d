using Humas.Bot.Channels.WhatsApp.CloudApi;
using Humas.Bot.Channels.WhatsApp.Webhook;
using Humas.Bot.Delivery.Channels;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.WhatsApp;

/// <summary>
/// WhatsApp behind the delivery engine's seam. An article goes as an interactive list while the reader's
/// 24-hour window is open, otherwise as the approved template; when Meta answers 131047 to the list (our
/// window guess was wrong), the same call sends the template instead, and the window is recorded as closed.
/// A 131047 that arrives later, as a failed status, re-queues the delivery (<see cref="WhatsAppStatusHandler"/>).
/// The Cloud API cannot edit or delete a sent message: counter refreshes and corrections are not shown on
/// WhatsApp, and a recall leaves the message on the reader's phone. No retries or sleeps here.
/// </summary>
public sealed class WhatsAppDeliveryChannel(
    WhatsAppCloudApi api,
    WhatsAppMessageFormatter formatter,
    WhatsAppInbox inbox,
    IOptionsMonitor<WhatsAppOptions> options,
    ILogger<WhatsAppDeliveryChannel> logger) : IDeliveryChannel
{
    public const string ChannelName = "whatsapp";

    public string Name => ChannelName;

    public bool IsEnabled => options.CurrentValue.Enabled;

    public ChannelRateLimits RateLimits { get; } = Limits(options.CurrentValue);

    /// <summary>The number's throughput bot-wide; per reader, <see cref="WhatsAppOptions.PerReaderPerMinute"/> (the pair rate).</summary>
    public static ChannelRateLimits Limits(WhatsAppOptions o) => new(
        [Rate.PerSecond(o.MessagesPerSecond)],
        new Dictionary<ConversationKind, IReadOnlyList<Rate>> { [ConversationKind.Private] = [Rate.PerMinute(o.PerReaderPerMinute)] },
        []);

    public int MaxMessageLength => WhatsAppMessageFormatter.MaxText - 100;

    public async Task<SentMessage> SendAsync(ConversationAddress to, OutboundMessage message, CancellationToken ct)
    {
        var waId = to.ExternalId;
        if (message is not ArticleMessage article)
        {
            var sent = await api.SendAsync(Render(waId, message), ct);
            return new SentMessage(sent.MessageId);
        }

        var hasTemplate = options.CurrentValue.ArticleTemplate.Length > 0;
        if (!hasTemplate || await inbox.IsWindowOpenAsync(waId, ct))
        {
            try
            {
                return new SentMessage((await api.SendAsync(formatter.ArticleList(waId, article), ct)).MessageId);
            }
            catch (GraphApiException e) when (e.Code == WhatsAppFailureClassifier.OutsideWindow && hasTemplate)
            {
                logger.LogInformation("WhatsApp reader {WaId} is outside the 24-hour window; sending the article template instead", waId);
                await inbox.RecordWindowClosedAsync(waId, article.ArticleId.ToString("N"), ct);
            }
        }

        return new SentMessage((await api.SendAsync(formatter.ArticleTemplate(waId, article), ct)).MessageId);
    }

    /// <summary>The Cloud API has no edit: the reader keeps the message as sent.</summary>
    public Task EditAsync(ConversationAddress to, string messageId, OutboundMessage message, CancellationToken ct) => Task.CompletedTask;

    /// <summary>The Cloud API cannot delete a business's message on the reader's phone.</summary>
    public Task DeleteAsync(ConversationAddress to, string messageId, CancellationToken ct) => Task.CompletedTask;

    public DeliveryFailure Classify(Exception error) => WhatsAppFailureClassifier.Classify(error);

    public OutgoingMessage Render(string waId, OutboundMessage message) => message switch
    {
        ArticleMessage article => formatter.ArticleList(waId, article),
        DigestMessage digest => formatter.Digest(waId, digest),
        TextMessage text => WhatsAppMessageFormatter.Text(waId, text.Text),
        _ => throw new NotSupportedException($"WhatsApp cannot show a {message.GetType().Name}."),
    };
}
