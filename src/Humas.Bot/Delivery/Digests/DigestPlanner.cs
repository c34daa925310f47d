using Humas.Bot.Delivery.Channels;
using Humas.Bot.Delivery.Messages;
using Humas.Bot.Delivery.Model;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Institutions;
using Humas.Bot.Storage;
using Humas.Bot.Subscriptions;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Delivery.Digests;

/// <summary>
/// Puts due digests into the outbox: for each digest-mode conversation whose scheduled time has passed, the
/// articles it follows that arrived since its last digest, split into parts, written together with the new
/// LastDigestAt in one transaction so a digest is planned exactly once.
/// </summary>
public sealed class DigestPlanner(
    IDbContextFactory<HumasDbContext> factory, ChannelRegistry channels, IArticleLinks links, TimeProvider time, ILogger<DigestPlanner> log)
{
    /// <summary>Used when the conversation's channel is not running in this process.</summary>
    public const int DefaultMaxLength = 4000;
    private const int MaxEntries = 300;
    private const int Chunk = 500;

    /// <summary>Returns the number of digest parts planned.</summary>
    public async Task<int> PlanDueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var planned = 0;
        long after = 0;
        while (true)
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var conversations = await db.Set<Conversation>().AsNoTracking()
                .Where(c => c.Id > after && c.Status == ConversationStatus.Active && c.DeliveryMode != DeliveryMode.Instant)
                .OrderBy(c => c.Id).Take(Chunk).ToListAsync(ct);
            if (conversations.Count == 0)
            {
                return planned;
            }

            after = conversations[^1].Id;
            foreach (var conversation in conversations)
            {
                var due = DigestSchedule.LatestDue(now, conversation.DeliveryMode, conversation.DigestHour, conversation.DigestDay);
                if (conversation.LastDigestAt >= due)
                {
                    continue;
                }

                planned += await PlanAsync(db, conversation, due, now, ct);
            }
        }
    }

    private async Task<int> PlanAsync(HumasDbContext db, Conversation conversation, DateTime due, DateTime now, CancellationToken ct)
    {
        var since = conversation.LastDigestAt ?? due - DigestSchedule.Period(conversation.DeliveryMode);
        var subscriptions = await db.Set<Subscription>().AsNoTracking().Where(s => s.ConversationId == conversation.Id).ToListAsync(ct);
        var all = subscriptions.Any(s => s.Target == SubscriptionTarget.All);
        var institutions = subscriptions.Where(s => s.Target == SubscriptionTarget.Institution).Select(s => s.Value).ToList();
        var categories = subscriptions.Where(s => s.Target == SubscriptionTarget.Category).Select(s => s.Value).ToList();
        var entries = await (
            from a in db.Set<Article>().AsNoTracking()
            join i in db.Set<Institution>() on a.InstitutionId equals i.Id
            where a.Announced && a.DiscoveredAt > since && a.DiscoveredAt <= due
                  && (all || institutions.Contains(a.InstitutionId) || (a.National && institutions.Count > 0)
                      || (a.Category != null && categories.Contains(a.Category)))
            orderby a.PublishedAt, a.Id
            select new DigestEntry(a.Id, i.Name, a.Title, a.Url)).Take(MaxEntries).ToListAsync(ct);
        for (var e = 0; e < entries.Count; e++)
        {
            entries[e] = entries[e] with { Url = await links.ReadUrlAsync(entries[e].ArticleId, entries[e].Url, conversation.Channel, ct) };
        }

        var period = conversation.DeliveryMode == DeliveryMode.WeeklyDigest ? DigestPeriod.Weekly : DigestPeriod.Daily;
        var maxLength = channels.Find(conversation.Channel)?.MaxMessageLength ?? DefaultMaxLength;
        var parts = DigestSplitter.Split(entries, maxLength, period, conversation.Language);
        var sendAt = conversation.QuietStartMinute is { } qs && conversation.QuietEndMinute is { } qe ? new QuietHours(qs, qe).ReleaseAt(now) : now;
        return await db.InTransactionAsync(async () =>
        {
            // Claim the slot first: if another planner got here, this update touches nothing and we stop.
            var claimed = await db.Set<Conversation>()
                .Where(c => c.Id == conversation.Id && (c.LastDigestAt == null || c.LastDigestAt < due))
                .ExecuteUpdateAsync(u => u.SetProperty(c => c.LastDigestAt, due), ct);
            if (claimed == 0)
            {
                return 0;
            }

            foreach (var part in parts)
            {
                db.Add(new DeliveryRecord
                {
                    Kind = DeliveryKind.Digest,
                    ConversationId = conversation.Id,
                    State = DeliveryState.Pending,
                    Priority = (int)DeliveryPriority.Digest,
                    NextAttemptAt = sendAt,
                    Payload = MessageComposer.SerializeDigest(part),
                    CreatedAt = now,
                    UpdatedAt = now,
                });
            }

            await db.SaveChangesAsync(ct);
            log.LogInformation("Planned a {Period} digest of {EntryCount} articles in {PartCount} part(s) for conversation {ConversationId}",
                period, entries.Count, parts.Count, conversation.Id);
            return parts.Count;
        }, ct);
    }
}
