using Humas.Bot.Delivery.Notices;
using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Alerts;

/// <summary>
/// Hands each due <see cref="AlertNotification"/> to the notice outbox, one row per chat the channels name for its
/// audience, in one transaction with the notification's own change of state: the delivery engine then sends them
/// through the gateway and retries them like any delivery. Over <c>Alerts:MaxNotificationsPerHour</c> for its
/// audience a notification is suppressed instead (the dashboard still lists the incident). A failure to write is
/// retried with backoff up to <c>Alerts:MaxAttempts</c>.
/// </summary>
public sealed partial class AlertNotifier(
    IDbContextFactory<HumasDbContext> factory,
    SqliteWriteGate sqliteWriter,
    NoticeOutbox outbox,
    AlertComposer composer,
    IEnumerable<IAlertDelivery> channels,
    IOptionsMonitor<AlertsOptions> options,
    ILogger<AlertNotifier> log)
{
    private const int Batch = 50;
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(1);

    public async Task<int> RunOnceAsync(DateTime now, CancellationToken ct)
    {
        List<long> due;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            due = await db.Set<AlertNotification>().AsNoTracking()
                .Where(n => n.State == AlertNotificationState.Pending && n.NotBefore <= now)
                .OrderBy(n => n.Id).Select(n => n.Id).Take(Batch).ToListAsync(ct);
        }

        var handed = 0;
        foreach (var id in due)
        {
            try
            {
                handed += await HandOverAsync(id, now, ct) ? 1 : 0;
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                await RetryLaterAsync(id, now, e, ct);
            }
        }

        return handed;
    }

    private async Task<bool> HandOverAsync(long id, DateTime now, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        using var gate = await sqliteWriter.EnterAsync(db, ct);
        return await db.InTransactionAsync(async () =>
        {
            // Claim it: whichever instance updates it first hands it over, the others find it no longer pending.
            var claimed = await db.Set<AlertNotification>().Where(n => n.Id == id && n.State == AlertNotificationState.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(n => n.State, AlertNotificationState.Sent).SetProperty(n => n.SentAt, now), ct);
            if (claimed == 0)
            {
                return false;
            }

            var notification = await db.Set<AlertNotification>().AsNoTracking().SingleAsync(n => n.Id == id, ct);
            var hourAgo = now.AddHours(-1);
            var sentLastHour = await db.Set<AlertNotification>().CountAsync(n =>
                n.Id != id && n.State == AlertNotificationState.Sent && n.Audience == notification.Audience
                && n.InstitutionId == notification.InstitutionId && n.SentAt > hourAgo, ct);
            if (sentLastHour >= options.CurrentValue.MaxNotificationsPerHour)
            {
                await SetAsync(db, id, AlertNotificationState.Suppressed, "over Alerts:MaxNotificationsPerHour for this audience", ct);
                LogSuppressed(id, notification.Audience, notification.InstitutionId);
                return false;
            }

            var recipient = new AlertRecipient(notification.Audience, notification.InstitutionId);
            var chats = channels.SelectMany(c => c.ChatsFor(recipient)).Distinct().ToList();
            if (chats.Count == 0)
            {
                await SetAsync(db, id, AlertNotificationState.GaveUp, "no alert chat configured for this audience", ct);
                LogNoChat(id, notification.Audience, notification.InstitutionId);
                return false;
            }

            var incident = await db.Set<Incident>().AsNoTracking().SingleAsync(i => i.Id == notification.IncidentId, ct);
            var message = await composer.ComposeAsync(composer.Describe(incident, notification.Event), ct);
            foreach (var chat in chats)
            {
                await outbox.AddAsync(db, chat, message, ct);
            }

            return true;
        }, ct);
    }

    private async Task RetryLaterAsync(long id, DateTime now, Exception error, CancellationToken ct)
    {
        LogHandOverFailed(error, id);
        try
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            using var gate = await sqliteWriter.EnterAsync(db, ct);
            var n = await db.Set<AlertNotification>().SingleOrDefaultAsync(x => x.Id == id && x.State == AlertNotificationState.Pending, ct);
            if (n is null)
            {
                return;
            }

            n.Attempts++;
            n.LastError = Clip(error.Message);
            var wait = TimeSpan.FromSeconds(30 * Math.Pow(2, Math.Min(n.Attempts - 1, 10)));
            n.NotBefore = now + (wait < MaxBackoff ? wait : MaxBackoff);
            if (n.Attempts >= options.CurrentValue.MaxAttempts)
            {
                n.State = AlertNotificationState.GaveUp;
            }

            await db.SaveChangesAsync(ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // Still pending: the next run tries it again.
            LogHandOverFailed(e, id);
        }
    }

    private static Task<int> SetAsync(HumasDbContext db, long id, AlertNotificationState state, string reason, CancellationToken ct) =>
        db.Set<AlertNotification>().Where(n => n.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.State, state).SetProperty(n => n.LastError, reason).SetProperty(n => n.SentAt, (DateTime?)null), ct);

    private static string Clip(string text) => text.Length > 1000 ? text[..1000] : text;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert notification {Id} suppressed: too many for {Audience} {InstitutionId} this hour")]
    private partial void LogSuppressed(long id, AlertAudience audience, string? institutionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert notification {Id} not sent: no chat is configured for {Audience} {InstitutionId}")]
    private partial void LogNoChat(long id, AlertAudience audience, string? institutionId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not hand alert notification {Id} to the outbox")]
    private partial void LogHandOverFailed(Exception exception, long id);
}
