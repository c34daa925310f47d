using Humas.Bot.Channels.WhatsApp.CloudApi;
using Humas.Bot.Conversations.Commands;

namespace Humas.Bot.Channels.WhatsApp;

/// <summary>
/// Sends the core's <see cref="ChatReply"/>s to a reader who just wrote (so inside the 24-hour window).
/// Best effort: a refused or failed reply is logged, never rethrown, because retrying the message would act on
/// it twice (a second vote on the same option withdraws it).
/// </summary>
public sealed class WhatsAppReplySender(WhatsAppCloudApi api, WhatsAppMessageFormatter formatter, ILogger<WhatsAppReplySender> logger)
{
    public async Task SendAsync(string waId, IEnumerable<ChatReply> replies, string language, CancellationToken ct)
    {
        foreach (var reply in replies)
        {
            try
            {
                await api.SendAsync(formatter.Reply(waId, reply, language), ct);
            }
            catch (Exception e) when (e is GraphApiException or HttpRequestException or TimeoutException)
            {
                logger.LogWarning("Reply to WhatsApp reader {WaId} not sent: {Reason}", waId, e.Message);
            }
        }
    }

    /// <summary>Two blue ticks under the reader's message; best effort.</summary>
    public async Task MarkReadAsync(string messageId, CancellationToken ct)
    {
        try
        {
            await api.MarkReadAsync(messageId, ct);
        }
        catch (Exception e) when (e is GraphApiException or HttpRequestException or TimeoutException)
        {
            logger.LogDebug("Marking WhatsApp message {MessageId} read failed: {Reason}", messageId, e.Message);
        }
    }
}
