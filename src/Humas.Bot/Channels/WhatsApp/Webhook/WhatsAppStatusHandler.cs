using System.Text.Json;
using Humas.Bot.Delivery.Model;
using Humas.Bot.Storage;
using Humas.Bot.Subscriptions;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Channels.WhatsApp.Webhook;

/// <summary>
/// A status of a message we sent, onto its delivery row: <c>delivered</c> and <c>read</c> set the receipt times
/// (the dashboard counts reads per article); <c>failed</c> with 131047 (outside the window, told after the 200)
/// queues the article again, which then goes as the template because the failure closed the window;
/// 131026/131050 deactivate the reader; any other failure is written to the row as given up.
/// </summary>
public sealed class WhatsAppStatusHandler(
    IDbContextFactory<HumasDbContext> factory,
    SubscriptionService subscriptions,
    TimeProvider time,
    ILogger<WhatsAppStatusHandler> logger)
{
    public async Task HandleAsync(WhatsAppInboxItem item, CancellationToken ct)
    {
        string? wamid, status, title;
        using (var document = JsonDocument.Parse(item.Payload))
        {
            wamid = WebhookEnvelope.Str(document.RootElement, "id");
            status = WebhookEnvelope.Str(document.RootElement, "status");
            title = WebhookEnvelope.Array(document.RootElement, "errors").Select(e => WebhookEnvelope.Str(e, "title") ?? WebhookEnvelope.Str(e, "message")).FirstOrDefault();
        }

        await using var db = await factory.CreateDbContextAsync(ct);
        var delivery = await (
            from d in db.Set<DeliveryRecord>()
            join c in db.Set<Conversation>() on d.ConversationId equals c.Id
            where d.MessageId == wamid && c.Channel == WhatsAppDeliveryChannel.ChannelName && c.ExternalId == item.WaId
            select d).FirstOrDefaultAsync(ct);
        if (delivery is null)
        {
            // A reply or a notice (no delivery row), or a row already pruned.
            logger.LogDebug("WhatsApp status {Status} for {MessageId}: no delivery row", status, wamid);
            return;
        }

        var at = item.OccurredAt;
        switch (status)
        {
            case "delivered":
                delivery.DeliveredAt ??= at;
                break;
            case "read":
                delivery.DeliveredAt ??= at;
                delivery.ReadAt ??= at;
                break;
            case "failed":
                await FailedAsync(delivery, item.ErrorCode, title, ct);
                break;
            default:
                return;
        }

        delivery.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
    }

    private async Task FailedAsync(DeliveryRecord delivery, int? code, string? title, CancellationToken ct)
    {
        var reason = $"WhatsApp {code}: {title ?? "failed"} (told after sending)";
        delivery.LastError = reason.Length > 1000 ? reason[..1000] : reason;
        if (code == WhatsAppFailureClassifier.OutsideWindow && delivery.Kind == DeliveryKind.Article && delivery.State == DeliveryState.Sent)
        {
            // Again, now: the window check will see this failure and send the template.
            delivery.State = DeliveryState.Pending;
            delivery.MessageId = null;
            delivery.NextAttemptAt = time.GetUtcNow().UtcDateTime;
            logger.LogInformation("WhatsApp delivery {DeliveryId} failed outside the 24-hour window; queued again as the template", delivery.Id);
            return;
        }

        if (code is WhatsAppFailureClassifier.Undeliverable or WhatsAppFailureClassifier.OptedOut)
        {
            await subscriptions.DeactivateAsync(delivery.ConversationId, ConversationStatus.Blocked, reason, ct);
        }

        if (delivery.State == DeliveryState.Sent)
        {
            delivery.State = DeliveryState.GaveUp;
        }
    }
}
