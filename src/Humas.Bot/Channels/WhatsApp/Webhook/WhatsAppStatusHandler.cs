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
/// <para>
/// A status can arrive before its send's result is recorded: the dispatcher records results in group commits, and
/// Meta may answer "sent" within milliseconds. While one of the reader's deliveries is still being sent (leased,
/// no result yet), a status that matches no row waits for it, up to <see cref="RecordWait"/>; a status that
/// matches no row while nothing is being sent to the reader (a reply's, a notice's, a pruned row's) is dropped at
/// once, and so is one still unmatched after the wait.
/// </para>
/// </summary>
public sealed class WhatsAppStatusHandler(
    IDbContextFactory<HumasDbContext> factory,
    SubscriptionService subscriptions,
    TimeProvider time,
    ILogger<WhatsAppStatusHandler> logger)
{
    /// <summary>
    /// How long a status waits in hand for its send's result to be recorded: a group commit takes milliseconds, so
    /// this is room for a slow database. Only the reader's own chat waits meanwhile (the inbox keeps chats apart).
    /// </summary>
    internal static readonly TimeSpan RecordWait = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan RecordPoll = TimeSpan.FromMilliseconds(50);

    public async Task HandleAsync(WhatsAppInboxItem item, CancellationToken ct)
    {
        string? wamid, status, title;
        using (var document = JsonDocument.Parse(item.Payload))
        {
            wamid = WebhookEnvelope.Str(document.RootElement, "id");
            status = WebhookEnvelope.Str(document.RootElement, "status");
            title = WebhookEnvelope.Array(document.RootElement, "errors").Select(e => WebhookEnvelope.Str(e, "title") ?? WebhookEnvelope.Str(e, "message")).FirstOrDefault();
        }

        if (status is not ("delivered" or "read" or "failed"))
        {
            // "sent" and statuses of later API versions: nothing to record.
            return;
        }

        await using var db = await factory.CreateDbContextAsync(ct);
        var delivery = await FindAsync(db, wamid, item.WaId, ct);
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
            default:
                await FailedAsync(delivery, item.ErrorCode, title, ct);
                break;
        }

        delivery.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The delivery row the status is about, waiting for it while a send to the reader is not yet recorded.</summary>
    private async Task<DeliveryRecord?> FindAsync(HumasDbContext db, string? wamid, string waId, CancellationToken ct)
    {
        if (wamid is null)
        {
            // The intake keeps only statuses with an id; a null here would match every row not sent yet.
            return null;
        }

        var reader = db.Set<Conversation>().Where(c => c.Channel == WhatsAppDeliveryChannel.ChannelName && c.ExternalId == waId).Select(c => c.Id);
        var waitUntil = time.GetUtcNow() + RecordWait;
        var waited = false;
        while (true)
        {
            // Asked before the row is looked for: a send recorded after this answer is found by the look that follows.
            var sending = await db.Set<DeliveryRecord>().AnyAsync(d => d.State == DeliveryState.Sending && reader.Contains(d.ConversationId), ct);
            var delivery = await db.Set<DeliveryRecord>().FirstOrDefaultAsync(d => d.MessageId == wamid && reader.Contains(d.ConversationId), ct);
            if (delivery is not null || !sending || time.GetUtcNow() >= waitUntil)
            {
                return delivery;
            }

            if (!waited)
            {
                waited = true;
                logger.LogDebug("WhatsApp status for {MessageId} waits for its send to be recorded", wamid);
            }

            await Task.Delay(RecordPoll, time, ct);
        }
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
