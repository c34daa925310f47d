using Humas.Bot.Delivery.Messages;
using Humas.Bot.Feedback.Model;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Feedback;

/// <summary>
/// Votes and tallies. Each press is one transaction that changes the vote, adjusts the per-article tally
/// rows by the difference and marks the article's counters for a refresh. On SQLite the transaction
/// begins IMMEDIATE (Microsoft.Data.Sqlite's default), so presses are serialised and the read-then-write
/// below cannot interleave; on PostgreSQL one reader's presses on one article take a transaction-scoped
/// advisory lock (<see cref="TransactionLocks"/>), and the remaining race (two readers creating the same
/// tally row) shows as a unique-key violation, and the press is run again.
/// </summary>
public sealed partial class ReactionService(
    IDbContextFactory<HumasDbContext> factory,
    ReactionCatalog catalog,
    SqliteWriteGate sqliteWriter,
    TimeProvider time,
    FeedbackTracing tracing,
    ILogger<ReactionService> log) : IReactionService, IReactionCountSource
{
    private const int MaxTries = 5;
    public const int MaxVoterKeyLength = 128;

    public IReadOnlyList<ReactionOption> Options => catalog.Options;

    public Task<VoteResult?> VoteAsync(Guid articleId, string voterKey, int optionId, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(optionId, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(optionId, ReactionOptions.Count);
        // A press toggles: the option already chosen is withdrawn.
        return ChangeAsync(articleId, voterKey, current => current == optionId ? null : optionId, cancellationToken);
    }

    public Task<VoteResult?> SetVoteAsync(Guid articleId, string voterKey, int? optionId, CancellationToken cancellationToken)
    {
        if (optionId is { } id)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(id, 1, nameof(optionId));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(id, ReactionOptions.Count, nameof(optionId));
        }

        return ChangeAsync(articleId, voterKey, _ => optionId, cancellationToken);
    }

    public async Task<int?> GetVoteAsync(Guid articleId, string voterKey, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Set<Vote>().AsNoTracking()
            .Where(v => v.ArticleId == articleId && v.VoterKey == voterKey)
            .Select(v => (int?)v.OptionId)
            .FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<StoredVote?> GetStoredVoteAsync(Guid articleId, string voterKey, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var found = await db.Set<Article>().AsNoTracking()
            .Where(a => a.Id == articleId)
            .Select(a => new StoredVote(db.Set<Vote>().Where(v => v.ArticleId == articleId && v.VoterKey == voterKey).Select(v => (int?)v.OptionId).FirstOrDefault()))
            .ToListAsync(cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>One press in one transaction; <paramref name="target"/> turns the current vote into the wanted one.</summary>
    private async Task<VoteResult?> ChangeAsync(Guid articleId, string voterKey, Func<int?, int?> target, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(voterKey);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(voterKey.Length, MaxVoterKeyLength, nameof(voterKey));

        using var span = tracing.StartVote(articleId);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            using var gate = await sqliteWriter.EnterAsync(db, cancellationToken);
            try
            {
                var result = await db.InTransactionAsync(() => VoteOnceAsync(db, articleId, voterKey, target, cancellationToken), cancellationToken);
                if (result is not null)
                {
                    LogVoted(result.Change, articleId, voterKey, result.CurrentOptionId);
                }

                FeedbackTracing.Voted(span, result, attempt);
                return result;
            }
            // A raw statement's unique-key violation (two first presses of one reader) arrives as the provider's DbException.
            catch (Exception e) when (attempt < MaxTries && e is DbUpdateException or LostRaceException or System.Data.Common.DbException)
            {
                LogLostRace(articleId, voterKey, attempt);
            }
        }
    }

    public async Task<ReactionTally?> GetTallyAsync(Guid articleId, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await GetTallyAsync(db, articleId, cancellationToken);
    }

    private async Task<ReactionTally?> GetTallyAsync(HumasDbContext db, Guid articleId, CancellationToken ct)
    {
        var counts = await CountsAsync(db, articleId, ct);
        if (counts.All(c => c == 0) && !await db.Set<Article>().AnyAsync(a => a.Id == articleId, ct))
        {
            return null;
        }

        return Tally(articleId, counts);
    }

    /// <summary>The counters shown under delivered messages (Delivery's seam).</summary>
    public async Task<IReadOnlyList<int>> GetCountsAsync(Guid articleId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await CountsAsync(db, articleId, ct);
    }

    private async Task<VoteResult?> VoteOnceAsync(HumasDbContext db, Guid articleId, string voterKey, Func<int?, int?> target, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        // Presses by one reader on one article wait for each other (PostgreSQL; SQLite serialises anyway).
        await db.LockAsync($"vote:{articleId:N}:{voterKey}", ct);
        var votes = db.Set<Vote>();
        var existing = await votes.AsNoTracking()
            .Where(v => v.ArticleId == articleId && v.VoterKey == voterKey)
            .Select(v => new { v.Id, v.OptionId })
            .FirstOrDefaultAsync(ct);
        var wanted = target(existing?.OptionId);

        VoteChange change;
        if (existing is null && wanted is { } first)
        {
            // The common press, a first vote: one statement batch (vote, tally, refresh mark), nothing if the article is gone.
            if (await AddFirstVoteAsync(db, articleId, voterKey, first, now, now + catalog.RefreshInterval, ct) == 0)
            {
                return null;
            }

            return new VoteResult(VoteChange.Added, wanted, Tally(articleId, await CountsAsync(db, articleId, ct)));
        }
        else if (existing is not null && wanted is null)
        {
            // Conditional on the option read above: a concurrent switch makes the batch match one row fewer, and
            // the transaction is rolled back and run again.
            ExpectRows(3, await WithdrawAsync(db, existing.Id, articleId, existing.OptionId, now + catalog.RefreshInterval, ct));
            change = VoteChange.Withdrawn;
        }
        else if (existing is not null && wanted is { } other && other != existing.OptionId)
        {
            ExpectRows(4, await SwitchAsync(db, existing.Id, articleId, existing.OptionId, other, now, now + catalog.RefreshInterval, ct));
            change = VoteChange.Switched;
        }
        else
        {
            // Nothing to change (withdrawing no vote, or choosing the chosen option again): no refresh either.
            return await GetTallyAsync(db, articleId, ct) is { } tally ? new VoteResult(VoteChange.Unchanged, wanted, tally) : null;
        }

        return new VoteResult(change, wanted, Tally(articleId, await CountsAsync(db, articleId, ct)));
    }

    /// <summary>
    /// The article's refresh mark: created, or its generation bumped keeping a due time already set (that is the
    /// coalescing: every vote until then rides along), so a burst's first vote does not cost an edit of its own.
    /// {0} is the article, {4} the due time.
    /// </summary>
    private const string MarkRefreshDue = """
        INSERT INTO "ReactionRefreshes" ("ArticleId", "DueAt", "Generation")
        SELECT {0}, {4}, 1 WHERE EXISTS (SELECT 1 FROM "Articles" WHERE "Id" = {0})
        ON CONFLICT ("ArticleId") DO UPDATE SET "Generation" = "ReactionRefreshes"."Generation" + 1,
          "DueAt" = COALESCE("ReactionRefreshes"."DueAt", excluded."DueAt");
        """;

    /// <summary>
    /// A withdrawal as one round trip: the vote (only while it is still <paramref name="optionId"/>), the option's
    /// tally down by one, the refresh mark. Returns the rows written: 3 when nothing raced it. {3} is unused: the
    /// refresh mark's due time is {4} in every batch.
    /// </summary>
    private static Task<int> WithdrawAsync(HumasDbContext db, long voteId, Guid articleId, int optionId, DateTime due, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync("""
            DELETE FROM "Votes" WHERE "Id" = {1} AND "OptionId" = {2};
            UPDATE "ReactionTallies" SET "Count" = "Count" - 1 WHERE "ArticleId" = {0} AND "OptionId" = {2};
            """ + MarkRefreshDue, [articleId, voteId, optionId, due, due], ct);

    /// <summary>
    /// A switch as one round trip: the vote (only while it is still <paramref name="from"/>), the old option's tally
    /// down and the new one's up (created if this is its first vote), the refresh mark. Returns the rows written: 4
    /// when nothing raced it.
    /// </summary>
    private static Task<int> SwitchAsync(
        HumasDbContext db, long voteId, Guid articleId, int from, int to, DateTime now, DateTime due, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync("""
            UPDATE "Votes" SET "OptionId" = {2}, "UpdatedAt" = {3} WHERE "Id" = {1} AND "OptionId" = {5};
            UPDATE "ReactionTallies" SET "Count" = "Count" - 1 WHERE "ArticleId" = {0} AND "OptionId" = {5};
            INSERT INTO "ReactionTallies" ("ArticleId", "OptionId", "Count") VALUES ({0}, {2}, 1)
            ON CONFLICT ("ArticleId", "OptionId") DO UPDATE SET "Count" = "ReactionTallies"."Count" + 1;
            """ + MarkRefreshDue, [articleId, voteId, to, now, due, from], ct);

    /// <summary>
    /// A first vote as one round trip: the vote row, the option's tally (created or incremented) and the article's
    /// refresh mark (created, or its generation bumped keeping a due time already set), each conditional on the article
    /// existing. Returns the rows written: 0 when the article is gone. The same SQL runs on SQLite and PostgreSQL
    /// (INSERT ... SELECT ... WHERE ... ON CONFLICT DO UPDATE); values are parameters, typed by EF's mappings.
    /// </summary>
    private static Task<int> AddFirstVoteAsync(
        HumasDbContext db, Guid articleId, string voterKey, int optionId, DateTime now, DateTime due, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync("""
            INSERT INTO "Votes" ("ArticleId", "VoterKey", "OptionId", "CreatedAt", "UpdatedAt")
            SELECT {0}, {1}, {2}, {3}, {3} WHERE EXISTS (SELECT 1 FROM "Articles" WHERE "Id" = {0});
            INSERT INTO "ReactionTallies" ("ArticleId", "OptionId", "Count")
            SELECT {0}, {2}, 1 WHERE EXISTS (SELECT 1 FROM "Articles" WHERE "Id" = {0})
            ON CONFLICT ("ArticleId", "OptionId") DO UPDATE SET "Count" = "ReactionTallies"."Count" + 1;
            """ + MarkRefreshDue, [articleId, voterKey, optionId, now, due], ct);

    private static async Task<int[]> CountsAsync(HumasDbContext db, Guid articleId, CancellationToken ct)
    {
        var rows = await db.Set<ReactionTallyRow>().AsNoTracking()
            .Where(t => t.ArticleId == articleId)
            .Select(t => new { t.OptionId, t.Count })
            .ToListAsync(ct);
        var counts = new int[ReactionOptions.Count];
        foreach (var row in rows.Where(r => r.OptionId is >= 1 and <= ReactionOptions.Count))
        {
            counts[row.OptionId - 1] = row.Count;
        }

        return counts;
    }

    private ReactionTally Tally(Guid articleId, int[] counts) =>
        new(articleId, counts.Sum(), catalog.Options.Select(o => new ReactionCount(o.Id, o.Emoji, o.Label, counts[o.Id - 1])).ToList());

    private static void ExpectRows(int expected, int affected)
    {
        if (affected != expected)
        {
            throw new LostRaceException();
        }
    }

    /// <summary>Another press by the same reader changed the vote between our read and our write.</summary>
    private sealed class LostRaceException : Exception;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Vote {Change} on article {ArticleId} by {VoterKey}: option {OptionId}")]
    private partial void LogVoted(VoteChange change, Guid articleId, string voterKey, int? optionId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Vote on article {ArticleId} by {VoterKey} lost a race (try {Attempt}); running it again")]
    private partial void LogLostRace(Guid articleId, string voterKey, int attempt);
}
