using System.Globalization;
using Humas.Bot.Delivery.Channels;
using Microsoft.EntityFrameworkCore;
using Humas.Bot.Subscriptions;

namespace Humas.Bot.Channels.Web.Chat;

/// <summary>
/// The web chat behind the delivery engine's seam. "Sending" stores the message for the visitor (the
/// conversation's external id is the visitor id) and wakes their open pages; the stored row's id is the
/// message id, so counter refreshes, corrections and recalls edit or delete it like on any platform.
/// No platform limits: the database is the only thing written to.
/// </summary>
public sealed class WebDeliveryChannel(WebInbox inbox, WebMessageFormatter format) : IDeliveryChannel
{
    public const string ChannelName = "web";

    public string Name => ChannelName;

    public ChannelRateLimits RateLimits => ChannelRateLimits.Unlimited;

    /// <summary>Digests are split at this length; the page scrolls, so it only keeps one message readable.</summary>
    public int MaxMessageLength => 8000;

    public async Task<SentMessage> SendAsync(ConversationAddress to, OutboundMessage message, CancellationToken ct)
    {
        var stored = await inbox.AppendAsync(to.ExternalId, format.Format(message), ct);
        return new SentMessage(stored.Id.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>A message already expired (see Web:MessageRetentionDays) has nothing left to edit: success.</summary>
    public async Task EditAsync(ConversationAddress to, string messageId, OutboundMessage message, CancellationToken ct)
    {
        if (ParseId(messageId) is { } id)
        {
            await inbox.ReplaceAsync(to.ExternalId, id, format.Format(message), ct);
        }
    }

    public async Task DeleteAsync(ConversationAddress to, string messageId, CancellationToken ct)
    {
        if (ParseId(messageId) is { } id)
        {
            await inbox.DeleteAsync(to.ExternalId, id, ct);
        }
    }

    /// <summary>Only the database can fail here: a busy or unreachable database is worth retrying, a message we cannot show is not.</summary>
    public DeliveryFailure Classify(Exception error) => error switch
    {
        NotSupportedException => new DeliveryFailure.MessageInvalid(error.Message),
        DbUpdateException or TimeoutException or InvalidOperationException or System.Data.Common.DbException => new DeliveryFailure.Transient($"web: {error.Message}"),
        _ => new DeliveryFailure.Transient($"web: {error.GetType().Name}: {error.Message}"),
    };

    private static long? ParseId(string messageId) =>
        long.TryParse(messageId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}
