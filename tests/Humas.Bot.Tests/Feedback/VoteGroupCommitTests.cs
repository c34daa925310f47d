using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Humas.Bot.Feedback;
using Humas.Bot.Feedback.Model;
using Humas.Bot.Host;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Storage;
using Humas.Bot.Tests.Delivery;
using Humas.Bot.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace Humas.Bot.Tests.Feedback;

/// <summary>
/// Presses counted together in one group commit: the vote transactions are held back (the SQLite write gate, or on
/// PostgreSQL the advisory lock of the first press's reader) while the presses are fired, so they queue up and are
/// written in a few batches once released. Each press must come out exactly as it would one after another.
/// </summary>
public abstract partial class VoteGroupCommitTests(DatabaseKind databaseKind) : IDisposable
{
    private readonly BatchSizes _batches = new();

    public void Dispose() => _batches.Dispose();

    [Fact]
    public async Task Presses_counted_together_come_out_as_a_serial_run_of_the_same_presses()
    {
        await using var h = await FeedbackHarness.CreateAsync(db: databaseKind);
        var (serial, _) = await h.PublishAsync(title: "Serial");
        var (together, _) = await h.PublishAsync(title: "Together");
        var readers = Script();

        var expected = new Dictionary<(int Reader, int Press), VoteResult?>();
        foreach (var (reader, presses) in readers)
        {
            for (var p = 0; p < presses.Count; p++)
            {
                expected[(reader, p)] = await PressAsync(h, serial, reader, presses[p]);
            }
        }

        var fired = new ConcurrentDictionary<(int Reader, int Press), Task<VoteResult?>>();
        await using (await HoldVotesAsync(h, together, Voter(readers[0].Reader)))
        {
            // Each reader's presses are fired in their order without waiting (so they share batches), readers side by side.
            FireAll(h, together, readers[0], fired);
            await Task.WhenAll(readers.Skip(1).Select(r => Task.Run(() => FireAll(h, together, r, fired))));
        }

        await Task.WhenAll(fired.Values);
        foreach (var (key, outcome) in expected)
        {
            var actual = await fired[key];
            Assert.Equal((outcome?.Change, outcome?.CurrentOptionId), (actual?.Change, actual?.CurrentOptionId));
        }

        var serialTally = (await h.Reactions().GetTallyAsync(serial, CancellationToken.None))!;
        var togetherTally = (await h.Reactions().GetTallyAsync(together, CancellationToken.None))!;
        Assert.Equal(serialTally.Counts(), togetherTally.Counts());
        Assert.True(serialTally.Total > 0);
        // The tally each press saw is the one after it: every press saw its own vote counted, and with one writer
        // (SQLite) the last press counted saw the final one. On PostgreSQL two batches that change different options
        // of one article may commit side by side, each reading the tally before the other commits.
        if (databaseKind == DatabaseKind.Sqlite)
        {
            Assert.Contains(fired.Values, t => t.Result is { } r && r.Tally.Counts().SequenceEqual(togetherTally.Counts()));
        }

        Assert.All(fired.Values, t => Assert.All(t.Result!.Tally.Counts(), c => Assert.InRange(c, 0, readers.Count)));
        Assert.All(fired.Values.Select(t => t.Result!).Where(r => r.CurrentOptionId is not null), r => Assert.True(r.Tally.Counts()[r.CurrentOptionId!.Value - 1] >= 1));
        await using (var db = await h.DbAsync())
        {
            var votes = await db.Set<Vote>().Where(v => v.ArticleId == serial || v.ArticleId == together).ToListAsync();
            Assert.Equal(
                votes.Where(v => v.ArticleId == serial).Select(v => (v.VoterKey, v.OptionId)).Order(),
                votes.Where(v => v.ArticleId == together).Select(v => (v.VoterKey, v.OptionId)).Order());
        }

        var sizes = _batches.Of(together);
        Assert.True(sizes.Max() > 1, "the presses were counted together");
        Assert.True(sizes.Max() <= ReactionService.MaxBatch, $"a batch held {sizes.Max()} presses");
    }

    [Fact]
    public async Task A_press_on_a_deleted_article_gets_null_and_the_presses_beside_it_are_counted()
    {
        await using var h = await FeedbackHarness.CreateAsync(db: databaseKind);
        var (kept, _) = await h.PublishAsync(title: "Kept");
        var (deleted, _) = await h.PublishAsync(title: "Deleted");
        await using (var db = await h.DbAsync())
        {
            await db.Set<Article>().Where(a => a.Id == deleted).ExecuteDeleteAsync();
        }

        Task<VoteResult?>[] onKept, onDeleted;
        await using (await HoldVotesAsync(h, kept, "telegram:0"))
        {
            onKept = [.. Enumerable.Range(0, 10).Select(i => h.VoteAsync(kept, $"telegram:{i}", i % 5 + 1))];
            onDeleted = [h.VoteAsync(deleted, "telegram:1", 1), h.VoteAsync(Guid.NewGuid(), "telegram:2", 2), h.VoteAsync(deleted, "telegram:20", 3)];
        }

        Assert.All(await Task.WhenAll(onDeleted), Assert.Null);
        var results = await Task.WhenAll(onKept);
        Assert.All(results, r => Assert.Equal(VoteChange.Added, r!.Change));
        var tally = (await h.Reactions().GetTallyAsync(kept, CancellationToken.None))!;
        Assert.Equal([2, 2, 2, 2, 2], tally.Counts());
        Assert.Equal(Enumerable.Range(1, 10), results.Select(r => r!.Tally.Total).Order());
        await using (var check = await h.DbAsync())
        {
            Assert.Equal(10, await check.Set<Vote>().CountAsync());
            Assert.Equal([kept], await check.Set<ReactionRefresh>().Select(r => r.ArticleId).ToListAsync());
        }

        Assert.True(_batches.Of(kept).Max() > 1, "the presses were counted together");
    }

    [Fact]
    public async Task Presses_on_several_articles_counted_together_write_their_tallies_and_refresh_marks_in_one_statement_each()
    {
        var writes = new VoteWrites();
        await using var h = await FeedbackHarness.CreateAsync(db: databaseKind, interceptor: writes);
        var articles = new List<Guid>();
        foreach (var title in new[] { "Satu", "Dua", "Tiga" })
        {
            articles.Add((await h.PublishAsync(title: title)).Item1);
        }

        Task<VoteResult?>[] presses;
        await using (await HoldVotesAsync(h, articles[0], "telegram:0"))
        {
            presses = [.. Enumerable.Range(0, 30).Select(i => h.VoteAsync(articles[i % 3], $"telegram:{i}", i / 3 % 5 + 1))];
        }

        Assert.All(await Task.WhenAll(presses), r => Assert.Equal(VoteChange.Added, r!.Change));
        foreach (var article in articles)
        {
            var tally = (await h.Reactions().GetTallyAsync(article, CancellationToken.None))!;
            Assert.Equal([2, 2, 2, 2, 2], tally.Counts());
        }

        await using (var check = await h.DbAsync())
        {
            Assert.Equal(articles.Order(), (await check.Set<ReactionRefresh>().Select(r => r.ArticleId).ToListAsync()).Order());
        }

        // Counted together (fewer batches than presses), each batch's tally rows in one statement and its refresh marks
        // in another, whatever the articles and options it held.
        var batches = writes.Texts;
        Assert.InRange(batches.Count, 1, presses.Length - 1);
        Assert.All(batches, text =>
        {
            Assert.Equal(1, Occurrences(text, "INSERT INTO \"ReactionTallies\""));
            Assert.Equal(1, Occurrences(text, "INSERT INTO \"ReactionRefreshes\""));
        });
    }

    [Fact]
    public async Task A_batch_that_switches_votes_writes_its_tally_rows_in_article_and_option_order()
    {
        var writes = new VoteWrites();
        await using var h = await FeedbackHarness.CreateAsync(db: databaseKind, interceptor: writes);
        var (decoy, _) = await h.PublishAsync(title: "Dulu");
        var (article, _) = await h.PublishAsync(title: "Pindah");
        Assert.Equal(VoteChange.Added, (await h.VoteAsync(article, "telegram:1", 3))!.Change);
        Assert.Equal(VoteChange.Added, (await h.VoteAsync(article, "telegram:2", 3))!.Change);

        // Two readers leave option 3 (a row lost) for 1 and 5, a third comes to 2 (rows gained), behind a first press that
        // holds the writer. Whichever of them the first batch took, a batch has a row lost between rows gained. PostgreSQL
        // locks the rows in the order the statements write them; a batch whose gains went first and its losses after
        // would lock (3) after (5) here while another batch switching the other way locked (5) after (3): a deadlock.
        Task<VoteResult?>[] presses;
        await using (await HoldVotesAsync(h, decoy, "telegram:0"))
        {
            presses = [h.VoteAsync(decoy, "telegram:0", 4), h.VoteAsync(article, "telegram:1", 1), h.VoteAsync(article, "telegram:2", 5), h.VoteAsync(article, "telegram:3", 2)];
        }

        Assert.All(await Task.WhenAll(presses), r => Assert.NotNull(r));
        var tally = (await h.Reactions().GetTallyAsync(article, CancellationToken.None))!;
        Assert.Equal([1, 1, 0, 0, 1], tally.Counts());
        var batches = writes.TallyRows;
        Assert.Contains(batches, rows => rows.Contains((article, 3)) && rows.Contains((article, 5)));
        Assert.All(batches, rows => Assert.Equal(rows.Order(), rows));
    }

    private static int Occurrences(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

    [Fact]
    public async Task A_press_the_database_refuses_fails_alone_and_the_presses_of_its_batch_are_counted()
    {
        await using var h = await FeedbackHarness.CreateAsync(db: databaseKind);
        var (article, _) = await h.PublishAsync();
        await using (var db = await h.DbAsync())
        {
            await db.Database.ExecuteSqlRawAsync(databaseKind == DatabaseKind.Postgres
                ? """
                  CREATE FUNCTION refuse_bad_voter() RETURNS trigger LANGUAGE plpgsql AS $$
                  BEGIN IF NEW."VoterKey" = 'telegram:bad' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$;
                  CREATE TRIGGER refuse_bad_voter BEFORE INSERT ON "Votes" FOR EACH ROW EXECUTE FUNCTION refuse_bad_voter();
                  """
                : """
                  CREATE TRIGGER refuse_bad_voter BEFORE INSERT ON "Votes" WHEN NEW."VoterKey" = 'telegram:bad'
                  BEGIN SELECT RAISE(ABORT, 'refused'); END;
                  """);
        }

        Task<VoteResult?>[] good;
        Task<VoteResult?> bad;
        await using (await HoldVotesAsync(h, article, "telegram:0"))
        {
            good = [.. Enumerable.Range(0, 6).Select(i => h.VoteAsync(article, $"telegram:{i}", 4))];
            bad = h.VoteAsync(article, "telegram:bad", 4);
            good = [.. good, .. Enumerable.Range(6, 6).Select(i => h.VoteAsync(article, $"telegram:{i}", 4))];
        }

        await Assert.ThrowsAnyAsync<Exception>(() => bad);
        var results = await Task.WhenAll(good);
        Assert.All(results, r => Assert.Equal(VoteChange.Added, r!.Change));
        var tally = (await h.Reactions().GetTallyAsync(article, CancellationToken.None))!;
        Assert.Equal([0, 0, 0, 12, 0], tally.Counts());
        Assert.Equal(Enumerable.Range(1, 12), results.Select(r => r!.Tally.Total).Order());
        await using var check = await h.DbAsync();
        Assert.False(await check.Set<Vote>().AnyAsync(v => v.VoterKey == "telegram:bad"));
        Assert.Equal(12, await check.Set<Vote>().CountAsync());
    }

    [Fact]
    public async Task A_press_counted_again_under_its_id_changes_nothing_also_beside_itself_in_one_batch()
    {
        await using var h = await FeedbackHarness.CreateAsync(db: databaseKind);
        var (article, _) = await h.PublishAsync();
        var reactions = h.Reactions();
        Task<VoteResult?> Press(string voter, int option, string pressId) => reactions.VoteAsync(article, voter, option, pressId, handedAgainUntilDone: false, CancellationToken.None);

        Assert.Equal(VoteChange.Added, (await Press("telegram:1", 2, "telegram:/a"))!.Change);
        var again = (await Press("telegram:1", 2, "telegram:/a"))!;
        Assert.Equal((VoteChange.Unchanged, (int?)2, 1), (again.Change, again.CurrentOptionId, again.Tally.Total));
        Assert.Equal(VoteChange.Withdrawn, (await Press("telegram:1", 2, "telegram:/b"))!.Change);
        var replayed = (await Press("telegram:1", 2, "telegram:/a"))!;
        Assert.Equal((VoteChange.Unchanged, (int?)null, 0), (replayed.Change, replayed.CurrentOptionId, replayed.Tally.Total));

        // A Teams id longer than the column is remembered by its hash.
        var longId = "teams:" + new string('c', 300) + "/1";
        Task<VoteResult?>[] together;
        await using (await HoldVotesAsync(h, article, "telegram:2"))
        {
            together = [Press("telegram:2", 3, "telegram:/c"), Press("telegram:2", 3, "telegram:/c"), Press("teams:9", 4, longId), Press("teams:9", 4, longId)];
        }

        var results = await Task.WhenAll(together);
        Assert.Equal([VoteChange.Added, VoteChange.Unchanged, VoteChange.Added, VoteChange.Unchanged], results.Select(r => r!.Change));
        Assert.Equal(VoteChange.Unchanged, (await Press("teams:9", 4, longId))!.Change);
        var tally = (await reactions.GetTallyAsync(article, CancellationToken.None))!;
        Assert.Equal([0, 0, 1, 1, 0], tally.Counts());
        if (databaseKind == DatabaseKind.Sqlite)
        {
            // Behind the one writer held back, the presses after the first were counted together, so a repeated id
            // was met within one batch too (PostgreSQL's four writers may take each press alone).
            Assert.True(_batches.Of(article).Max() > 1, "the presses were counted together");
        }

        await using var db = await h.DbAsync();
        var ids = await db.Set<CountedPress>().Select(p => p.PressId).ToListAsync();
        Assert.Equal(4, ids.Count);
        Assert.Contains(ids, id => id.StartsWith("sha256:", StringComparison.Ordinal) && id.Length <= CountedPress.MaxPressIdLength);
        await db.Set<Article>().Where(a => a.Id == article).ExecuteDeleteAsync();
        Assert.False(await db.Set<CountedPress>().AnyAsync());
    }

    [Fact]
    public async Task Counted_presses_are_forgotten_after_the_retention()
    {
        await using var h = await FeedbackHarness.CreateAsync(db: databaseKind);
        var (article, _) = await h.PublishAsync();
        await h.Reactions().VoteAsync(article, "telegram:1", 1, "telegram:/old", handedAgainUntilDone: false, CancellationToken.None);
        h.Clock.Advance(CountedPresses.Retention - TimeSpan.FromHours(2));
        await h.Reactions().VoteAsync(article, "telegram:2", 1, "telegram:/new", handedAgainUntilDone: false, CancellationToken.None);
        h.Clock.Advance(TimeSpan.FromHours(3));

        await h.Get<CountedPressJanitor>().RunAsync(CancellationToken.None);

        await using var db = await h.DbAsync();
        Assert.Equal(["telegram:/new"], await db.Set<CountedPress>().Select(p => p.PressId).ToListAsync());
    }

    [Fact]
    public async Task Stored_votes_asked_for_at_once_each_come_back_for_their_own_reader_and_article()
    {
        await using var h = await FeedbackHarness.CreateAsync(db: databaseKind);
        var (first, _) = await h.PublishAsync(title: "First");
        var (second, _) = await h.PublishAsync(title: "Second");
        var (deleted, _) = await h.PublishAsync(title: "Deleted");
        // Even readers voted on the first article, every third on the second; the deleted article's votes go with it.
        var stored = new Dictionary<(Guid, int), int>();
        for (var r = 0; r < 30; r++)
        {
            foreach (var (article, votes) in new[] { (first, r % 2 == 0), (second, r % 3 == 0), (deleted, true) })
            {
                if (votes)
                {
                    var option = (r + (article == second ? 2 : 0)) % 5 + 1;
                    await h.VoteAsync(article, Voter(r), option);
                    stored[(article, r)] = option;
                }
            }
        }

        await using (var db = await h.DbAsync())
        {
            await db.Set<Article>().Where(a => a.Id == deleted).ExecuteDeleteAsync();
        }

        var reactions = h.Reactions();
        var asked = (from r in Enumerable.Range(0, 30) from a in new[] { first, second, deleted, Guid.NewGuid() } select (Article: a, Reader: r)).ToList();
        var answers = await Task.WhenAll(asked.Select(q => Task.Run(() => reactions.GetReaderVoteAsync(q.Article, Voter(q.Reader), CancellationToken.None))));
        for (var i = 0; i < asked.Count; i++)
        {
            var (article, reader) = asked[i];
            if (article == first || article == second)
            {
                Assert.Equal(stored.TryGetValue((article, reader), out var option) ? option : null, answers[i]!.OptionId);
            }
            else
            {
                Assert.Null(answers[i]);
            }
        }
    }

    [Fact]
    public async Task Stored_votes_read_one_group_after_another_share_a_context_until_a_read_fails()
    {
        var reads = new VoteReads();
        await using var h = await FeedbackHarness.CreateAsync(db: databaseKind, interceptor: reads);
        var (article, _) = await h.PublishAsync();
        await h.VoteAsync(article, Voter(1), 2);
        var reactions = h.Reactions();

        Assert.Equal(2, (await reactions.GetReaderVoteAsync(article, Voter(1), CancellationToken.None))!.OptionId);
        Assert.Null((await reactions.GetReaderVoteAsync(article, Voter(2), CancellationToken.None))!.OptionId);
        reads.FailNext = true;
        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => reactions.GetReaderVoteAsync(article, Voter(1), CancellationToken.None));
        await h.VoteAsync(article, Voter(2), 4);
        Assert.Equal(4, (await reactions.GetReaderVoteAsync(article, Voter(2), CancellationToken.None))!.OptionId);
        Assert.Equal(2, (await reactions.GetReaderVoteAsync(article, Voter(1), CancellationToken.None))!.OptionId);

        // The two reads before the failure and the failed one in one context; the two after it in a fresh one.
        var contexts = reads.Contexts.Skip(reads.Contexts.Count - 5).ToList();
        Assert.Single(contexts.Take(3).Distinct(ReferenceEqualityComparer.Instance));
        Assert.Same(contexts[3], contexts[4]);
        Assert.NotSame(contexts[2], contexts[3]);
    }

    private static string Voter(int reader) => $"telegram:{reader}";

    /// <summary>The context of each early read of stored votes (the batch's reads lock their readers first, or run in a transaction); fails the next one when asked.</summary>
    private sealed class VoteReads : DbCommandInterceptor
    {
        public List<DbContext> Contexts { get; } = [];

        public bool FailNext { get; set; }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains("FROM \"Votes\"", StringComparison.Ordinal) && command.Transaction is null && eventData.Context is { } context)
            {
                lock (Contexts)
                {
                    Contexts.Add(context);
                }

                if (FailNext)
                {
                    FailNext = false;
                    throw new InvalidOperationException("a read failed (test)");
                }
            }

            return ValueTask.FromResult(result);
        }
    }

    /// <summary>The text of each vote batch's write (the commands that insert votes).</summary>
    /// <summary>The vote batches' writes as sent: each command's text and its parameters' values by name.</summary>
    private sealed class VoteWrites : DbCommandInterceptor
    {
        private readonly ConcurrentQueue<(string Text, Dictionary<string, object?> Values)> _writes = new();

        /// <summary>The batches that inserted votes.</summary>
        public List<string> Texts => [.. _writes.Select(w => w.Text).Where(t => t.Contains("INSERT INTO \"Votes\"", StringComparison.Ordinal))];

        /// <summary>
        /// The tally rows each batch wrote, in the order its statements lock them: a multi-row insert's rows in their
        /// order, an update's row in its place.
        /// </summary>
        public List<List<(Guid ArticleId, int OptionId)>> TallyRows => [.. _writes.Select(w => TallyRowsOf(w.Text, w.Values)).Where(rows => rows.Count > 0)];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains("INSERT INTO \"Votes\"", StringComparison.Ordinal)
                || command.CommandText.Contains("UPDATE \"ReactionTallies\"", StringComparison.Ordinal)
                || command.CommandText.Contains("INSERT INTO \"ReactionTallies\"", StringComparison.Ordinal))
            {
                _writes.Enqueue((command.CommandText, command.Parameters.Cast<DbParameter>().ToDictionary(p => p.ParameterName.TrimStart('@'), p => p.Value)));
            }

            return ValueTask.FromResult(result);
        }

        private static List<(Guid, int)> TallyRowsOf(string text, Dictionary<string, object?> values)
        {
            var rows = new List<(Guid, int)>();
            foreach (Match statement in TallyStatement().Matches(text))
            {
                if (statement.Groups["values"].Success)
                {
                    rows.AddRange(TallyTuple().Matches(statement.Groups["values"].Value).Select(t => Row(t.Groups["a"].Value, t.Groups["o"].Value)));
                }
                else
                {
                    rows.Add(Row(statement.Groups["a"].Value, statement.Groups["o"].Value));
                }
            }

            return rows;

            (Guid, int) Row(string article, string option) =>
                ((Guid)values[article.TrimStart('@')]!, Convert.ToInt32(values[option.TrimStart('@')], System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [GeneratedRegex("""INSERT INTO "ReactionTallies" \("ArticleId", "OptionId", "Count"\) VALUES (?<values>.*?)\s+ON CONFLICT|UPDATE "ReactionTallies" SET "Count" = "Count" \+ \S+ WHERE "ArticleId" = (?<a>@\w+) AND "OptionId" = (?<o>@\w+)""", RegexOptions.Singleline)]
    private static partial Regex TallyStatement();

    [GeneratedRegex("""\((?<a>@\w+), (?<o>@\w+), @\w+\)""")]
    private static partial Regex TallyTuple();

    /// <summary>
    /// Forty readers, each with one to four presses: toggling presses (switch, withdraw, vote again) and, for every
    /// fifth reader, a web page's explicit choices (0 = withdraw), which may leave the vote unchanged.
    /// </summary>
    private static List<(int Reader, List<int> Presses)> Script()
    {
        var random = new Random(14);
        return [.. Enumerable.Range(0, 40).Select(r => (r, Enumerable.Range(0, random.Next(1, 5)).Select(_ => random.Next(r % 5 == 0 ? 0 : 1, 6)).ToList()))];
    }

    private static Task<VoteResult?> PressAsync(DeliveryHarness h, Guid article, int reader, int option) =>
        reader % 5 == 0
            ? h.Reactions().SetVoteAsync(article, Voter(reader), option == 0 ? null : option, CancellationToken.None)
            : h.VoteAsync(article, Voter(reader), option);

    private static void FireAll(
        DeliveryHarness h, Guid article, (int Reader, List<int> Presses) reader, ConcurrentDictionary<(int, int), Task<VoteResult?>> fired)
    {
        for (var p = 0; p < reader.Presses.Count; p++)
        {
            fired[(reader.Reader, p)] = PressAsync(h, article, reader.Reader, reader.Presses[p]);
        }
    }

    /// <summary>
    /// Holds the vote transactions until disposed: the SQLite write gate, or on PostgreSQL the advisory lock of
    /// <paramref name="voter"/>'s vote on <paramref name="article"/> (the first press fired must be that reader's).
    /// </summary>
    private async Task<IAsyncDisposable> HoldVotesAsync(DeliveryHarness h, Guid article, string voter)
    {
        var db = await h.DbAsync();
        if (databaseKind == DatabaseKind.Postgres)
        {
            var transaction = await db.Database.BeginTransactionAsync();
            await db.LockAsync($"vote:{article:N}:{voter}", CancellationToken.None);
            return new Hold(db, transaction, default);
        }

        return new Hold(db, null, await h.Get<SqliteWriteGate>().EnterAsync(db, CancellationToken.None));
    }

    private sealed class Hold(HumasDbContext db, IDbContextTransaction? transaction, SqliteWriteGate.Release gate) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            // The presses fired meanwhile have queued (firing enqueues before it returns).
            gate.Dispose();
            if (transaction is not null)
            {
                await transaction.CommitAsync();
                await transaction.DisposeAsync();
            }

            await db.DisposeAsync();
        }
    }

    /// <summary>The <c>humas.vote.batch</c> of every finished vote span, by article.</summary>
    private sealed class BatchSizes : IDisposable
    {
        private readonly ConcurrentQueue<(string Article, int Batch)> _seen = new();
        private readonly ActivityListener _listener;

        public BatchSizes()
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == Observability.NamePrefix + "Feedback",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
                ActivityStopped = a =>
                {
                    if (a.OperationName == "feedback.vote" && a.GetTagItem("humas.article.id") is string article && a.GetTagItem("humas.vote.batch") is int batch)
                    {
                        _seen.Enqueue((article, batch));
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public List<int> Of(Guid article) => [.. _seen.Where(s => s.Article == article.ToString()).Select(s => s.Batch)];

        public void Dispose() => _listener.Dispose();
    }
}

public sealed class VoteGroupCommitTestsOnSqlite() : VoteGroupCommitTests(DatabaseKind.Sqlite);

public sealed class VoteGroupCommitTestsOnPostgres() : VoteGroupCommitTests(DatabaseKind.Postgres);
