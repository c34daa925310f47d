using System.Data.Common;
using Humas.Bot.Delivery.Messages;
using Humas.Bot.Feedback.Model;
using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Feedback;

/// <summary>
/// Votes and tallies, counted in group commits (<see cref="GroupCommit{TRequest,TResult}"/>): the presses that arrive
/// while a vote transaction runs are written together in the next one, at most <see cref="MaxBatch"/> of them, in one
/// transaction with one DbContext and one pass through the SQLite write gate. In that transaction, in three round
/// trips: lock the batch's readers (PostgreSQL) and read the batch's articles, its readers' votes and its counted
/// presses; apply the presses in arrival order in memory (<see cref="VoteBatch"/>: several presses of one reader on
/// one article toggle as they would one after another), then write each vote row once, each tally row once by the
/// sum of its changes and each article's refresh mark once and read each article's tally once; commit. Every press
/// gets its own outcome and the tally after it.
/// <para>
/// Correctness. On SQLite the transaction begins IMMEDIATE (Microsoft.Data.Sqlite's default) and this process's
/// writers queue on <see cref="SqliteWriteGate"/>, so the read-then-write cannot interleave, not even with another
/// process on the same file. On PostgreSQL the transaction first takes a transaction-scoped advisory lock per reader
/// and article (<see cref="TransactionLocks.LockAllAsync"/>, all of them in key order), so no other instance changes
/// those votes between the read and the write; the tally rows and refresh marks are then written in (article,
/// option) and article order, so two instances' batches cannot deadlock on them. What can still race (an article
/// deleted meanwhile, two instances creating one row) throws, as does a conditional vote write that matched nothing.
/// A batch that throws is written again one press at a time (GroupCommit does that), and a press alone is run again
/// up to <see cref="MaxTries"/> times, so one bad press fails alone and never its neighbours.
/// </para>
/// </summary>
public sealed partial class ReactionService(
    IDbContextFactory<HumasDbContext> factory,
    ReactionCatalog catalog,
    SqliteWriteGate sqliteWriter,
    IOptions<DatabaseOptions> database,
    TimeProvider time,
    FeedbackTracing tracing,
    ILogger<ReactionService> log) : IReactionService, IReactionCountSource
{
    private const int MaxTries = 5;
    public const int MaxVoterKeyLength = 128;

    /// <summary>
    /// The most presses in one transaction. The inbox hands over at most one press per lane at once
    /// (<c>Inbox:Concurrency</c>, 64 by default); the rest of the room is for web pages' votes arriving beside them. The statement batch stays under a thousand parameters
    /// (SQLite looks bound parameters up one by one, so much longer statements get slower, see <see cref="MultiRowInsert"/>).
    /// </summary>
    public const int MaxBatch = 128;

    /// <summary>The most readers' votes read in one group (<see cref="GetReaderVoteAsync"/>): two queries of at most this many keys each.</summary>
    public const int MaxReadBatch = 128;

    /// <summary>
    /// Vote transactions run side by side on PostgreSQL (SQLite has one writer, the gate's): the readers' advisory locks
    /// in key order and the tally rows and refresh marks in key order keep them from deadlocking, as they keep several
    /// instances' batches. Each batch costs its round trips in waiting, not CPU, so one writer left the server idle.
    /// One reader's presses on one article are never in two running batches, so they commit in the order they came.
    /// </summary>
    public const int PostgresVoteWriters = 4;

    private GroupCommit<VotePress, Counted>? _presses;
    private GroupCommit<VoterOn, ReaderVote?>? _reads;
    private readonly ReusedContext _readContext = new(factory);

    public IReadOnlyList<ReactionOption> Options => catalog.Options;

    /// <summary>A press without a platform id (the demo data): counted each time it comes.</summary>
    public Task<VoteResult?> VoteAsync(Guid articleId, string voterKey, int optionId, CancellationToken cancellationToken) =>
        VoteAsync(articleId, voterKey, optionId, pressId: null, handedAgainUntilDone: false, cancellationToken);

    public Task<VoteResult?> VoteAsync(Guid articleId, string voterKey, int optionId, string? pressId, bool handedAgainUntilDone, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(optionId, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(optionId, ReactionOptions.Count);
        // A press toggles: the option already chosen is withdrawn.
        return ChangeAsync(
            articleId, voterKey, current => current == optionId ? null : optionId, pressId is null ? null : CountedPresses.Key(pressId), handedAgainUntilDone, cancellationToken);
    }

    public Task<VoteResult?> SetVoteAsync(Guid articleId, string voterKey, int? optionId, CancellationToken cancellationToken)
    {
        if (optionId is { } id)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(id, 1, nameof(optionId));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(id, ReactionOptions.Count, nameof(optionId));
        }

        return ChangeAsync(articleId, voterKey, _ => optionId, pressId: null, handedAgainUntilDone: false, cancellationToken);
    }

    public async Task<int?> GetVoteAsync(Guid articleId, string voterKey, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Set<Vote>().AsNoTracking()
            .Where(v => v.ArticleId == articleId && v.VoterKey == voterKey)
            .Select(v => (int?)v.OptionId)
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// Read together with the other readers' votes asked for meanwhile (a reaction press asks for one as it arrives,
    /// so a burst of presses asks for many at once): one context and two queries per group instead of per press,
    /// which was a fifth of the service's CPU while taking presses in. Cancelling stops only the wait.
    /// </summary>
    public Task<ReaderVote?> GetReaderVoteAsync(Guid articleId, string voterKey, CancellationToken cancellationToken) =>
        LazyInitializer.EnsureInitialized(ref _reads, () => new(ReadVotesAsync, MaxReadBatch)).SubmitAsync(new VoterOn(articleId, voterKey), cancellationToken);

    /// <summary>
    /// Several readers' stored votes (<see cref="ReadStoredAsync"/>), each reader's own. The groups run one after another
    /// (the group commit's one writer) on one kept context: presses arriving one by one make many small groups, and a new
    /// context for each was about 5% of the service's CPU while taking presses in (a profile of <c>votes</c>).
    /// </summary>
    private Task<IReadOnlyList<ReaderVote?>> ReadVotesAsync(IReadOnlyList<VoterOn> readers, CancellationToken ct) =>
        _readContext.RunAsync<IReadOnlyList<ReaderVote?>>(async db =>
        {
            var stored = await ReadStoredAsync(db, readers, pressIds: [], lockReaders: false, ct);
            var votes = stored.Votes.ToDictionary(v => new VoterOn(v.ArticleId, v.VoterKey), v => v.OptionId);
            return [.. readers.Select(r => stored.Articles.Contains(r.ArticleId) ? new ReaderVote(votes.TryGetValue(r, out var option) ? option : null) : null)];
        }, ct);

    /// <summary>
    /// In one round trip: the readers' locks when <paramref name="lockReaders"/> (PostgreSQL, see
    /// <see cref="TransactionLocks"/>; the reads run after them), which of the readers' articles exist, the readers'
    /// votes (on SQLite every vote of these readers on these articles: a few more rows than the pairs asked for at
    /// most, a reader's votes on the group's other articles, which callers leave alone), and which of
    /// <paramref name="pressIds"/> were counted before.
    /// </summary>
    private static async Task<StoredVotes> ReadStoredAsync(
        HumasDbContext db, IReadOnlyCollection<VoterOn> readers, IReadOnlyCollection<string> pressIds, bool lockReaders, CancellationToken ct)
    {
        var (batch, articles, votes, counted) = StoredVotesQueries(db, readers, pressIds, lockReaders);
        var stored = new StoredVotes([], [], new HashSet<string>(StringComparer.Ordinal));
        await batch.ExecuteAsync((query, row) =>
        {
            if (query == articles)
            {
                stored.Articles.Add(row.GetGuid(0));
            }
            else if (query == votes)
            {
                stored.Votes.Add(new VoteRow(row.GetInt64(0), row.GetGuid(1), row.GetString(2), row.GetInt32(3)));
            }
            else if (query == counted)
            {
                stored.Counted.Add(row.GetString(0));
            }
        }, ct);
        return stored;
    }

    /// <summary>The statements of <see cref="ReadStoredAsync"/> and the index of each query (<c>Counted</c> -1 when no press has an id).</summary>
    internal static (RawSqlBatch Batch, int Articles, int Votes, int Counted) StoredVotesQueries(
        HumasDbContext db, IReadOnlyCollection<VoterOn> readers, IReadOnlyCollection<string> pressIds, bool lockReaders)
    {
        var articleIds = readers.Select(r => r.ArticleId).Distinct().ToList();
        var batch = new RawSqlBatch(db);
        if (lockReaders)
        {
            batch.Lock(readers.Select(r => VoteLock(r.ArticleId, r.VoterKey)));
        }

        var articles = batch.Query($"""SELECT "Id" FROM "Articles" WHERE {batch.In("\"Id\"", articleIds)};""");
        int votes, counted = -1;
        if (batch.IsPostgres)
        {
            // One probe of the unique index per key. Written as "= ANY" of the lists, the statement's prepared
            // (generic) plan is made while these tables are young and small, when a scan of the whole table looks
            // cheaper than many probes, and is kept until autovacuum's first ANALYZE: on a new database, every batch
            // of a burst then read all of Votes and CountedPresses. A probe per key is the cheapest plan whatever the
            // planner knows of the table's size; LIMIT 1 (the key is unique) keeps each probe from being merged into
            // a join that could scan.
            var pairs = readers.Distinct().ToList();
            votes = batch.Query($$"""
                SELECT v."Id", v."ArticleId", v."VoterKey", v."OptionId"
                FROM unnest({{batch.P(pairs.Select(r => r.ArticleId).ToArray())}}, {{batch.P(pairs.Select(r => r.VoterKey).ToArray())}}) AS k("ArticleId", "VoterKey")
                CROSS JOIN LATERAL (SELECT * FROM "Votes" WHERE "ArticleId" = k."ArticleId" AND "VoterKey" = k."VoterKey" LIMIT 1) AS v;
                """);
            if (pressIds.Count > 0)
            {
                counted = batch.Query($$"""
                    SELECT c."PressId" FROM unnest({{batch.P(pressIds.ToArray())}}) AS k("PressId")
                    CROSS JOIN LATERAL (SELECT "PressId" FROM "CountedPresses" WHERE "PressId" = k."PressId" LIMIT 1) AS c;
                    """);
            }
        }
        else
        {
            var voterKeys = readers.Select(r => r.VoterKey).Distinct().ToList();
            votes = batch.Query($$"""
                SELECT "Id", "ArticleId", "VoterKey", "OptionId" FROM "Votes"
                WHERE {{batch.In("\"ArticleId\"", articleIds)}} AND {{batch.In("\"VoterKey\"", voterKeys)}};
                """);
            if (pressIds.Count > 0)
            {
                counted = batch.Query($"""SELECT "PressId" FROM "CountedPresses" WHERE {batch.In("\"PressId\"", pressIds)};""");
            }
        }

        return (batch, articles, votes, counted);
    }

    /// <summary>What <see cref="ReadStoredAsync"/> read.</summary>
    private sealed record StoredVotes(HashSet<Guid> Articles, List<VoteRow> Votes, HashSet<string> Counted);

    /// <summary>
    /// One press, counted in the next group commit; <paramref name="target"/> turns the current vote into the wanted
    /// one, unless <paramref name="pressId"/> (a <see cref="CountedPresses.Key"/>) was counted before. Cancelling stops
    /// only the wait: a press already queued may still be counted.
    /// </summary>
    private async Task<VoteResult?> ChangeAsync(Guid articleId, string voterKey, Func<int?, int?> target, string? pressId, bool handedAgainUntilDone, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(voterKey);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(voterKey.Length, MaxVoterKeyLength, nameof(voterKey));

        using var span = tracing.StartVote(articleId);
        var presses = LazyInitializer.EnsureInitialized(ref _presses, () =>
            new(CountBatchAsync, MaxBatch, database.Value.Provider == DatabaseProvider.Postgres ? PostgresVoteWriters : 1,
                orderKey: p => new VoterOn(p.ArticleId, p.VoterKey)));
        var counted = await presses.SubmitAsync(new VotePress(articleId, voterKey, target, pressId, handedAgainUntilDone), cancellationToken);
        if (counted.Result is { } result)
        {
            LogVoted(result.Change, articleId, voterKey, result.CurrentOptionId);
        }

        FeedbackTracing.Voted(span, counted.Result, counted.Attempts, counted.BatchSize);
        return counted.Result;
    }

    /// <summary>One group commit: several presses in one transaction, or one press alone (then run again on a lost race).</summary>
    private async Task<IReadOnlyList<Counted>> CountBatchAsync(IReadOnlyList<VotePress> presses, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        for (var attempt = 1; ; attempt++)
        {
            using var gate = await sqliteWriter.EnterAsync(db, ct);
            try
            {
                var results = presses.All(p => p.HandedAgainUntilDone)
                    ? await RelaxedAsync(db, () => db.InTransactionAsync(() => CountOnceAsync(db, presses, ct), ct), ct)
                    : await db.InTransactionAsync(() => CountOnceAsync(db, presses, ct), ct);
                return [.. results.Select(r => new Counted(r, attempt, presses.Count))];
            }
            // A raw statement's unique-key violation arrives as the provider's DbException.
            catch (Exception e) when (presses.Count == 1 && attempt < MaxTries && e is DbUpdateException or LostRaceException or DbException)
            {
                LogLostRace(presses[0].ArticleId, presses[0].VoterKey, attempt);
            }
            catch (Exception e) when (presses.Count > 1)
            {
                // GroupCommit writes the presses again one by one.
                LogBatchFailed(e, presses.Count);
                throw;
            }
        }
    }

    /// <summary>
    /// <paramref name="write"/> with a commit that does not wait for the disk on SQLite (<see cref="SqliteRelaxedCommit"/>):
    /// for a batch whose every press an inbox hands over again until its done-mark, a commit that waits, is written.
    /// The disk wait held SQLite's one writer, and every write queued at the gate, about 2 ms a batch.
    /// </summary>
    private static async Task<T> RelaxedAsync<T>(HumasDbContext db, Func<Task<T>> write, CancellationToken ct)
    {
        if (!db.Database.IsSqlite())
        {
            return await write();
        }

        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using (await SqliteRelaxedCommit.EnterAsync(db, ct))
            {
                return await write();
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    public async Task<ReactionTally?> GetTallyAsync(Guid articleId, CancellationToken cancellationToken) =>
        (await GetTalliesAsync([articleId], cancellationToken)).FirstOrDefault();

    /// <summary>
    /// In one round trip: which of the articles exist and their tally rows. An article is known when it exists or has
    /// a count (tally rows go with their article), as the single read has always judged it.
    /// </summary>
    public async Task<IReadOnlyList<ReactionTally>> GetTalliesAsync(IReadOnlyCollection<Guid> articleIds, CancellationToken cancellationToken)
    {
        var ids = articleIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            return [];
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var sql = new RawSqlBatch(db);
        var existing = sql.Query($"""SELECT "Id" FROM "Articles" WHERE {sql.In("\"Id\"", ids)};""");
        sql.Query($"""SELECT "ArticleId", "OptionId", "Count" FROM "ReactionTallies" WHERE {sql.In("\"ArticleId\"", ids)};""");
        var found = new HashSet<Guid>();
        var rows = new List<TallyCell>();
        await sql.ExecuteAsync((query, r) =>
        {
            if (query == existing)
            {
                found.Add(r.GetGuid(0));
            }
            else
            {
                rows.Add(new TallyCell(r.GetGuid(0), r.GetInt32(1), r.GetInt32(2)));
            }
        }, cancellationToken);

        var counts = Counts(ids, rows);
        return [.. ids.Where(id => found.Contains(id) || counts[id].Any(c => c != 0)).Select(id => Tally(id, counts[id]))];
    }

    /// <summary>The counters shown under delivered messages (Delivery's seam).</summary>
    public async Task<IReadOnlyList<int>> GetCountsAsync(Guid articleId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await CountsAsync(db, articleId, ct);
    }

    private static string VoteLock(Guid articleId, string voterKey) => $"vote:{articleId:N}:{voterKey}";

    private async Task<IReadOnlyList<VoteResult?>> CountOnceAsync(HumasDbContext db, IReadOnlyList<VotePress> presses, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var pressIds = presses.Where(p => p.PressId is not null).Select(p => p.PressId!).Distinct().ToList();
        // Presses by one reader on one article wait for each other across instances (PostgreSQL; SQLite serialises anyway).
        var stored = await ReadStoredAsync(db, [.. presses.Select(p => new VoterOn(p.ArticleId, p.VoterKey))], pressIds, lockReaders: true, ct);
        var batch = new VoteBatch(presses, stored.Articles, stored.Votes, stored.Counted);
        var counts = await WriteAsync(db, batch, now, now + catalog.RefreshInterval, ct);
        return [.. batch.Outcomes(counts).Select((o, i) => o is { } outcome ? new VoteResult(outcome.Change, outcome.OptionId, Tally(presses[i].ArticleId, outcome.Counts)) : null)];
    }

    /// <summary>
    /// The batch's writes and the read of its articles' tallies after them, as one statement batch, one round trip:
    /// the vote rows (deleted, switched, inserted; a delete or switch only while the row still holds the option
    /// read), the ids of the presses counted, the tally rows changed by the sum of their changes (created by the
    /// first vote of an option), the refresh marks, then the tallies. Throws <see cref="LostRaceException"/> when
    /// fewer rows were written than planned. The same SQL runs on SQLite and PostgreSQL; values are parameters,
    /// typed by EF's mappings.
    /// <para>
    /// The tally rows and refresh marks come last, and the tallies are read in the same round trip, because every
    /// batch on PostgreSQL updates the same few rows of a busy article: from its first tally write to its commit, a
    /// batch holds those rows and the batches beside it wait. Written first and read back in a round trip of its
    /// own, that wait was three round trips long and made the side-by-side batches take turns.
    /// </para>
    /// </summary>
    /// <returns>The five counts of each of the batch's existing articles after the writes.</returns>
    private static async Task<Dictionary<Guid, int[]>> WriteAsync(HumasDbContext db, VoteBatch batch, DateTime now, DateTime due, CancellationToken ct)
    {
        var sql = new RawSqlBatch(db);
        var expected = 0;
        var nowAt = P(now);
        var dueAt = P(due);

        foreach (var row in batch.Deletes)
        {
            sql.Write($$"""DELETE FROM "Votes" WHERE "Id" = {{P(row.Id)}} AND "OptionId" = {{P(row.OptionId)}};""");
            expected++;
        }

        foreach (var (row, option) in batch.Switches)
        {
            sql.Write($$"""
                UPDATE "Votes" SET "OptionId" = {{P(option)}}, "UpdatedAt" = {{nowAt}} WHERE "Id" = {{P(row.Id)}} AND "OptionId" = {{P(row.OptionId)}};
                """);
            expected++;
        }

        var inserts = batch.Inserts.Select(v => $"({P(v.ArticleId)}, {P(v.VoterKey)}, {P(v.OptionId)}, {nowAt}, {nowAt})").ToList();
        if (inserts.Count > 0)
        {
            sql.Write($"""INSERT INTO "Votes" ("ArticleId", "VoterKey", "OptionId", "CreatedAt", "UpdatedAt") VALUES {string.Join(", ", inserts)};""");
            expected += inserts.Count;
        }

        var counted = batch.CountedPresses.Select(p => $"({P(p.PressId)}, {P(p.ArticleId)}, {nowAt})").ToList();
        if (counted.Count > 0)
        {
            // The same press counted by another instance meanwhile is a unique-key violation: counted again, it is seen.
            sql.Write($"""INSERT INTO "CountedPresses" ("PressId", "ArticleId", "CountedAt") VALUES {string.Join(", ", counted)};""");
            expected += counted.Count;
        }

        // The tally rows in (article, option) order, as PostgreSQL locks them, so batches beside each other lock in the
        // same order and cannot deadlock. The rows gained in a run go as one multi-row statement, a row lost (a switch
        // or a withdrawal) as an UPDATE of its own in its place: a statement each, a batch of presses on ten articles
        // sent sixty, and SQLite's driver binds each of the batch's values to each statement of it.
        var gains = new List<string>();
        foreach (var (articleId, optionId, delta) in batch.TallyChanges)
        {
            if (delta > 0)
            {
                gains.Add($"({P(articleId)}, {P(optionId)}, {P(delta)})");
                continue;
            }

            WriteGains();
            sql.Write($$"""
                UPDATE "ReactionTallies" SET "Count" = "Count" + {{P(delta)}} WHERE "ArticleId" = {{P(articleId)}} AND "OptionId" = {{P(optionId)}};
                """);
            expected++;
        }

        WriteGains();

        var marks = batch.RefreshMarks.ToList();
        if (marks.Count > 0)
        {
            // Created, or its generation bumped keeping a due time already set (that is the coalescing: every vote
            // until then rides along), so a burst's first vote does not cost an edit of its own. Only for an article
            // that exists (the WHERE also keeps SQLite from reading ON CONFLICT as a join's ON); in the articles' order,
            // the same in every batch, for the locks as above.
            sql.Write($$"""
                INSERT INTO "ReactionRefreshes" ("ArticleId", "DueAt", "Generation")
                SELECT "Id", {{dueAt}}, 1 FROM "Articles" WHERE {{sql.In("\"Id\"", marks)}} ORDER BY "Id"
                ON CONFLICT ("ArticleId") DO UPDATE SET "Generation" = "ReactionRefreshes"."Generation" + 1,
                  "DueAt" = COALESCE("ReactionRefreshes"."DueAt", excluded."DueAt");
                """);
            expected += marks.Count;
        }

        var articles = batch.Articles.ToList();
        if (articles.Count == 0 && expected == 0)
        {
            return [];
        }

        if (articles.Count > 0)
        {
            sql.Query($"""SELECT "ArticleId", "OptionId", "Count" FROM "ReactionTallies" WHERE {sql.In("\"ArticleId\"", articles)};""");
        }

        var rows = new List<TallyCell>();
        ExpectRows(expected, await sql.ExecuteAsync((_, r) => rows.Add(new TallyCell(r.GetGuid(0), r.GetInt32(1), r.GetInt32(2))), ct));
        return Counts(articles, rows);

        string P(object value) => sql.P(value);

        void WriteGains()
        {
            if (gains.Count == 0)
            {
                return;
            }

            sql.Write($"""
                INSERT INTO "ReactionTallies" ("ArticleId", "OptionId", "Count") VALUES {string.Join(", ", gains)}
                ON CONFLICT ("ArticleId", "OptionId") DO UPDATE SET "Count" = "ReactionTallies"."Count" + excluded."Count";
                """);
            expected += gains.Count;
            gains.Clear();
        }
    }

    private static async Task<int[]> CountsAsync(HumasDbContext db, Guid articleId, CancellationToken ct)
    {
        var rows = await db.Set<ReactionTallyRow>().AsNoTracking()
            .Where(t => t.ArticleId == articleId)
            .Select(t => new TallyCell(t.ArticleId, t.OptionId, t.Count))
            .ToListAsync(ct);
        return Counts([articleId], rows)[articleId];
    }

    /// <summary>The five counts of each of <paramref name="articleIds"/> from their tally rows (zeros for an option with none).</summary>
    private static Dictionary<Guid, int[]> Counts(IEnumerable<Guid> articleIds, IEnumerable<TallyCell> rows)
    {
        var counts = articleIds.ToDictionary(id => id, _ => new int[ReactionOptions.Count]);
        foreach (var row in rows.Where(r => r.OptionId is >= 1 and <= ReactionOptions.Count))
        {
            counts[row.ArticleId][row.OptionId - 1] = row.Count;
        }

        return counts;
    }

    /// <summary>One tally row as read.</summary>
    private readonly record struct TallyCell(Guid ArticleId, int OptionId, int Count);

    private ReactionTally Tally(Guid articleId, int[] counts) =>
        new(articleId, counts.Sum(), catalog.Options.Select(o => new ReactionCount(o.Id, o.Emoji, o.Label, counts[o.Id - 1])).ToList());

    private static void ExpectRows(int expected, int affected)
    {
        if (affected != expected)
        {
            throw new LostRaceException();
        }
    }

    /// <summary>A reader on an article (ordinal equality of the voter key, as the database compares it).</summary>
    internal readonly record struct VoterOn(Guid ArticleId, string VoterKey);

    /// <summary>Another press by the same reader changed the vote between our read and our write.</summary>
    private sealed class LostRaceException : Exception;

    /// <summary>A press's outcome as its group commit left it: the result, the tries of the transaction and how many presses it held.</summary>
    private sealed record Counted(VoteResult? Result, int Attempts, int BatchSize);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Vote {Change} on article {ArticleId} by {VoterKey}: option {OptionId}")]
    private partial void LogVoted(VoteChange change, Guid articleId, string voterKey, int? optionId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Vote on article {ArticleId} by {VoterKey} lost a race (try {Attempt}); running it again")]
    private partial void LogLostRace(Guid articleId, string voterKey, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A group commit of {Presses} votes failed; counting them one by one")]
    private partial void LogBatchFailed(Exception exception, int presses);
}
