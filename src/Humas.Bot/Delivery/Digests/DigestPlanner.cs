using Humas.Bot.Delivery.Channels;
using Humas.Bot.Delivery.Messages;
using Humas.Bot.Delivery.Model;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Institutions;
using Humas.Bot.Search;
using Humas.Bot.Storage;
using Humas.Bot.Subscriptions;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Delivery.Digests;

/// <summary>
/// Puts due digests into the outbox: for each digest-mode conversation whose scheduled time has passed, the
/// articles it follows that arrived since its last digest, split into parts, written together with the new
/// LastDigestAt in one transaction so a digest is planned exactly once. What a reader follows is read by
/// <see cref="Follows"/>, as for search, so an article matching several of a reader's rules is listed once.
/// </summary>
public sealed class DigestPlanner(
    IDbContextFactory<HumasDbContext> factory, ChannelRegistry channels, IArticleLinks links, TimeProvider time, ILogger<DigestPlanner> log)
{
    /// <summary>Used when the conversation's channel is not running in this process.</summary>
    public const int DefaultMaxLength = 4000;
    private const int MaxEntries = 300;
    private const int Chunk = 500;

    /// <summary>How long a due digest waits for the fan-out to plan the articles before it (it plans within seconds).</summary>
    public static readonly TimeSpan MaxWaitForFanOut = TimeSpan.FromMinutes(15);

    /// <summary>Returns the number of digest parts planned.</summary>
    public async Task<int> PlanDueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var planned = 0;
        long after = 0;
        // The followed keywords an article holds are recorded when the fan-out plans it; a digest slot waits for
        // the fan-out to have planned what arrived before it, or its keyword matches would be missing. It waits at
        // most MaxWaitForFanOut, so an event the fan-out cannot plan does not hold every digest back.
        DateTime? waitingSince;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            var recent = now - MaxWaitForFanOut;
            waitingSince = await db.Set<ArticleEvent>()
                .Where(e => e.ProcessedAt == null && e.Kind == ArticleEventKind.Published && e.OccurredAt > recent)
                .MinAsync(e => (DateTime?)e.OccurredAt, ct);
        }

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
                if (conversation.LastDigestAt >= due || waitingSince <= due)
                {
                    continue;
                }

                planned += await PlanAsync(db, conversation, due, now, ct);
            }
        }
    }

    /// <summary>
    /// The same person's other private conversations on the channel that an article goes through first (the
    /// fan-out's rule, docs/DELIVERY.md: an institution's bot before the shared one, the first by institution id):
    /// an article one of them follows is theirs, so a person with several bots gets it once.
    /// </summary>
    private static async Task<List<long>> AheadAsync(HumasDbContext db, Conversation conversation, CancellationToken ct)
    {
        if (conversation.Kind != ConversationKind.Private)
        {
            return [];
        }

        var shared = conversation.Account == ConversationAddress.SharedAccount;
        return await db.Set<Conversation>().AsNoTracking()
            .Where(o => o.Id != conversation.Id && o.Channel == conversation.Channel
                && (o.ExternalId == conversation.ExternalId || (conversation.PersonId != null && o.PersonId == conversation.PersonId))
                && o.Kind == ConversationKind.Private && o.Status == ConversationStatus.Active
                && o.Account != ConversationAddress.SharedAccount && (shared || string.Compare(o.Account, conversation.Account) < 0))
            .Select(o => o.Id).ToListAsync(ct);
    }

    private async Task<int> PlanAsync(HumasDbContext db, Conversation conversation, DateTime due, DateTime now, CancellationToken ct)
    {
        var since = conversation.LastDigestAt ?? due - DigestSchedule.Period(conversation.DeliveryMode);
        var follows = await Follows.OfAsync(db, conversation.Id, ct);
        var articles = db.Set<Article>().AsNoTracking().Where(follows.Matches(db));
        foreach (var ahead in await AheadAsync(db, conversation, ct))
        {
            // The person gets those through the other bot, instantly or in its own digest.
            articles = articles.Where(Predicates.Not((await Follows.OfAsync(db, ahead, ct)).Matches(db)));
        }

        var entries = await (
            from a in articles
            join i in db.Set<Institution>() on a.InstitutionId equals i.Id
            where a.Announced && a.DiscoveredAt > since && a.DiscoveredAt <= due
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
