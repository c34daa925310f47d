using Humas.Bot.Delivery.Dispatch;
using Humas.Bot.Delivery.Model;
using Humas.Bot.Host;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Storage;
using Humas.Bot.Storage.Cluster;
using Humas.Bot.Subscriptions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Humas.Bot.Localization;
using Humas.Bot.Search;

namespace Humas.Bot.Delivery.FanOut;

/// <summary>
/// Turns one "published" event into one delivery per matching active instant-mode conversation, entirely in
/// the database: INSERT ... SELECT over ranges of conversation ids, so 100,000 subscribers cost a few
/// statements and no entity is materialised. ON CONFLICT on (ArticleId, ConversationId) makes a re-run after
/// a crash insert only what is missing; the last batch marks the event processed in its transaction.
/// </summary>
public sealed class FanOutPlanner(
    IDbContextFactory<HumasDbContext> factory,
    SqliteWriteGate sqliteWriter,
    IOptions<DeliveryOptions> options,
    DeliveryTracing tracing,
    DispatchWake dispatch,
    TimeProvider time,
    ILogger<FanOutPlanner> log)
{
    /// <summary>Plans every unprocessed published event, oldest first. Returns the number of events handled.</summary>
    public async Task<int> PlanPendingAsync(CancellationToken ct)
    {
        var handled = 0;
        while (true)
        {
            List<long> events;
            await using (var db = await factory.CreateDbContextAsync(ct))
            {
                events = await db.Set<ArticleEvent>()
                    .Where(e => e.ProcessedAt == null && e.Kind == ArticleEventKind.Published)
                    .OrderBy(e => e.Id).Select(e => e.Id).Take(100).ToListAsync(ct);
            }

            foreach (var eventId in events)
            {
                await PlanAsync(eventId, ct);
                handled++;
            }

            if (events.Count < 100)
            {
                return handled;
            }
        }
    }

    /// <summary>Plans one event; returns the number of deliveries created (0 on a repeat).</summary>
    public async Task<int> PlanAsync(long eventId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var minute = JakartaTime.MinuteOfDay(now);
        var evt = await db.Set<ArticleEvent>().AsNoTracking().SingleAsync(e => e.Id == eventId, ct);
        // Under the article's ingestion (in whichever instance that ran); every delivery row carries this span on.
        using var span = tracing.StartFanOut(evt.ArticleId, evt.TraceParent);
        var traceParent = TraceParent.Current();
        var maxId = await db.Set<Conversation>().MaxAsync(c => (long?)c.Id, ct) ?? 0;
        // Whether anyone talks to an institution's own bot at all: without such a conversation (read after maxId, so one
        // made later is past the range) the once-per-person check below cannot change a row, and costs an index probe
        // per private conversation (a quarter of the planning time at a million readers).
        var ownBots = await db.Set<Conversation>().AnyAsync(c => c.Account != ConversationAddress.SharedAccount, ct);
        // Which followed keywords the article holds, found once for all readers; the SQL below joins them.
        var keywords = await ArticleKeywordIndex.IndexAsync(db, sqliteWriter, evt.ArticleId, ct) > 0;

        // Quiet windows that hold messages right now, by the minute they end; each gets its own release time.
        var quietEnds = await db.Set<Conversation>()
            .Where(c => c.Status == ConversationStatus.Active && c.QuietStartMinute != null && c.QuietEndMinute != null)
            .Where(InQuietWindow(minute))
            .Select(c => c.QuietEndMinute!.Value).Distinct().ToListAsync(ct);

        var batch = options.Value.FanOutBatchSize;
        var created = 0;
        for (long low = 0; ; low += batch)
        {
            var high = low + batch;
            var last = high >= maxId;
            // Each chunk behind the SQLite write gate, as the votes, the inbox and the dispatcher write: a chunk that
            // met one of theirs in SQLite's lock made the loser sleep in the driver's busy retry (150 ms), and every
            // write queued at the gate, each webhook's ack among them, waited as long. Gated, they wait for the chunk only.
            using var gate = await sqliteWriter.EnterAsync(db, ct);
            var inserted = await db.InTransactionAsync(async () =>
            {
                var inserted = await InsertAsync(db, evt, keywords, ownBots, low, high, now, now, quietEnd: null, minute, traceParent, ct);
                foreach (var end in quietEnds)
                {
                    inserted += await InsertAsync(db, evt, keywords, ownBots, low, high, now, QuietHours.WindowEndAfter(now, end), end, minute, traceParent, ct);
                }

                if (last)
                {
                    await db.Set<ArticleEvent>().Where(e => e.Id == eventId)
                        .ExecuteUpdateAsync(u => u.SetProperty(e => e.ProcessedAt, now), ct);
                }

                if (inserted > 0)
                {
                    // Every instance's dispatcher sends: on PostgreSQL the others hear of these rows when they commit
                    // (and not at all if this batch rolls back), this one by the wake below.
                    await ClusterNotice.SendAsync(db, ClusterTopic.Outbox, ct);
                }

                return inserted;
            }, ct);
            created += inserted;
            if (inserted > 0)
            {
                // The first batch goes out while the next ones are planned.
                dispatch.Wake();
            }

            if (last)
            {
                break;
            }
        }

        span?.SetTag("humas.fan_out.deliveries", created);
        log.LogInformation("Fan-out of article {ArticleId} planned {DeliveryCount} deliveries", evt.ArticleId, created);
        return created;
    }

    private static System.Linq.Expressions.Expression<Func<Conversation, bool>> InQuietWindow(int m) => c =>
        (c.QuietStartMinute < c.QuietEndMinute && m >= c.QuietStartMinute && m < c.QuietEndMinute)
        || (c.QuietStartMinute > c.QuietEndMinute && (m >= c.QuietStartMinute || m < c.QuietEndMinute));

    /// <param name="keywords">Whether the article holds any followed keyword: only then is the keyword rule asked.</param>
    /// <param name="ownBots">Whether any conversation is held with an institution's own bot: only then is a person's other conversation looked at.</param>
    /// <param name="quietEnd">Null: conversations not in quiet hours now. A minute: those in quiet hours ending then.</param>
    private static Task<int> InsertAsync(
        HumasDbContext db, ArticleEvent evt, bool keywords, bool ownBots, long low, long high, DateTime now, DateTime due, int? quietEnd, int minute, string? traceParent, CancellationToken ct)
    {
        // {10} is the local minute of day now; the two shapes of a window are a plain and a midnight-wrapping one.
        const string inQuiet = """
            (("c"."QuietStartMinute" < "c"."QuietEndMinute" AND {10} >= "c"."QuietStartMinute" AND {10} < "c"."QuietEndMinute")
             OR ("c"."QuietStartMinute" > "c"."QuietEndMinute" AND ({10} >= "c"."QuietStartMinute" OR {10} < "c"."QuietEndMinute")))
            """;
        var quiet = quietEnd is null
            ? $"""AND ("c"."QuietStartMinute" IS NULL OR "c"."QuietEndMinute" IS NULL OR NOT {inQuiet})"""
            : $$"""AND "c"."QuietEndMinute" = {11} AND {{inQuiet}}""";
        // The article's keywords as an uncorrelated list (its id is a parameter), which PostgreSQL reads once
        // rather than once per subscription.
        string Keyword(string subscription) => keywords
            ? $$"""OR ("{{subscription}}"."Target" = {17} AND "{{subscription}}"."Value" IN (SELECT "k"."Keyword" FROM "ArticleKeywords" AS "k" WHERE "k"."ArticleId" = {18}))"""
            : "";
        // Whether one conversation ("c", or the same person's other one "o") has a rule the article matches.
        string Matches(string conversation)
        {
            var s = "s" + conversation;
            return $$"""
                EXISTS (
                    SELECT 1 FROM "Subscriptions" AS "{{s}}"
                    WHERE "{{s}}"."ConversationId" = "{{conversation}}"."Id"
                      AND ("{{s}}"."Target" = {12}
                           OR ("{{s}}"."Target" = {13} AND ("{{s}}"."Value" = "a"."InstitutionId" OR "a"."National" = {15}))
                           OR ("{{s}}"."Target" = {14} AND lower("{{s}}"."Value") = lower("a"."Category"))
                           {{Keyword(s)}}))
                """;
        }

        // Identifiers are quoted for PostgreSQL; SQLite accepts the same quoting. Values are parameters (no
        // traceparent is passed as '', since neither provider can type a bare null parameter in a SELECT list). A national
        // item goes to whoever follows any institution; a category matches without regard to case (Search.Follows folds
        // it the same way); a keyword matches through the article's ArticleKeywords rows;
        // the EXISTS and the unique (article, conversation) pair send an article once however many rules match.
        // One person has one private conversation per bot of a channel (the national one, each institution's own):
        // the article goes to them once, through an institution's bot whose conversation matches it (the first by
        // institution id when several do), else through the shared bot. The NOT EXISTS looks only at the person's
        // other conversations (the Channel, ExternalId, Account index). Where a channel gives one person another id in
        // each account (Teams' apps), the person's PersonId finds them instead (the Channel, PersonId index); it is null
        // elsewhere, so that probe is skipped.
        const string SameId = "\"o\".\"ExternalId\" = \"c\".\"ExternalId\"";
        const string SamePerson = "\"o\".\"PersonId\" = \"c\".\"PersonId\"";
        string Other(string samePerson) => $$"""
            SELECT 1 FROM "Conversations" AS "o"
            WHERE "o"."Channel" = "c"."Channel" AND {{samePerson}} AND "o"."Kind" = {19}
              AND "o"."Status" = {5} AND "o"."Account" <> {20}
              AND ("c"."Account" = {20} OR "o"."Account" < "c"."Account")
              AND {{Matches("o")}}
            """;
        var once = !ownBots ? "" : $$"""
            AND NOT ("c"."Kind" = {19} AND EXISTS ({{Other(SameId)}}))
            AND NOT ("c"."Kind" = {19} AND "c"."PersonId" IS NOT NULL AND EXISTS ({{Other(SamePerson)}}))
            """;
        var sql = $$"""
            INSERT INTO "Deliveries" ("Kind", "ArticleId", "ConversationId", "State", "Priority", "Attempts", "NextAttemptAt", "SentRevision", "CreatedAt", "UpdatedAt", "TraceParent")
            SELECT {0}, "a"."Id", "c"."Id", {1}, {2}, 0, {3}, 0, {4}, {4}, NULLIF({16}, '')
            FROM "ArticleEvents" AS "e"
            INNER JOIN "Articles" AS "a" ON "a"."Id" = "e"."ArticleId"
            INNER JOIN "Conversations" AS "c" ON "c"."Status" = {5} AND "c"."DeliveryMode" = {6}
            WHERE "e"."Id" = {7} AND "c"."Id" > {8} AND "c"."Id" <= {9}
              {{quiet}}
              AND {{Matches("c")}}
              {{once}}
            ON CONFLICT ("ArticleId", "ConversationId") DO NOTHING
            """;
        return db.Database.ExecuteSqlRawAsync(sql, [
            nameof(DeliveryKind.Article),
            nameof(DeliveryState.Pending),
            (int)DeliveryPriority.Article,
            due,
            now,
            nameof(ConversationStatus.Active),
            nameof(DeliveryMode.Instant),
            evt.Id,
            low,
            high,
            minute,
            quietEnd ?? 0,
            nameof(SubscriptionTarget.All),
            nameof(SubscriptionTarget.Institution),
            nameof(SubscriptionTarget.Category),
            true,
            traceParent ?? "",
            nameof(SubscriptionTarget.Keyword),
            evt.ArticleId,
            nameof(ConversationKind.Private),
            ConversationAddress.SharedAccount,
        ], ct);
    }
}
