using Humas.Bot.Host;
using Humas.Bot.Storage;
using Humas.Bot.Storage.Files;
using Humas.Bot.Tests.Support;
using Humas.Bot.Tips;
using Humas.Bot.Tips.Attachments;
using Humas.Bot.Tips.Flow;
using Humas.Bot.Tips.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Testing;

namespace Humas.Bot.Tests.Tips;

/// <summary>
/// The tip worker's round when one of its parts fails: each step (bundles, fetches, draft clean-up) runs whatever
/// the others do, and one attachment that cannot be handled is counted and given up instead of holding up the
/// attachments after it at every round.
/// </summary>
public abstract class TipRoundFailureTests(DatabaseKind databaseKind)
{
    private static TipAttachment Photo(TipAuthor me, string id) => new(me, "photo", id, null, "image/jpeg", 10);

    private static string? Field(FakeLogRecord record, string name) => record.StructuredState?.FirstOrDefault(p => p.Key == name).Value;

    private static TipAttachmentWorker Worker(TipsHarness h, FakeLogger<TipAttachmentWorker> log, TipAttachmentFetchService? fetch = null, TipBundles? bundles = null) =>
        new(fetch ?? h.Attachments, bundles ?? h.Get<TipBundles>(), h.Get<TipDraftJanitor>(), h.Get<TipWorkSignal>(), new Leader(), h.Clock, log);

    /// <summary>A guided draft left a day ago, which the round's clean-up drops.</summary>
    private static async Task<TipAuthor> IdleDraftAsync(TipsHarness h)
    {
        var idle = TipsHarness.Author("40");
        await h.Send(new TipStart(idle));
        h.Clock.Advance(TimeSpan.FromHours(25));
        return idle;
    }

    private static Task<bool> HasDraftAsync(TipsHarness h, TipAuthor author) =>
        h.Db(db => db.Set<TipDraft>().AnyAsync(d => d.UserExternalId == author.UserExternalId));

    [Fact]
    public async Task A_fetch_step_that_fails_leaves_the_rounds_bundles_and_clean_up_to_run()
    {
        using var h = new TipsHarness(db: databaseKind);
        var log = new FakeLogger<TipAttachmentWorker>();
        var broken = ActivatorUtilities.CreateInstance<TipAttachmentFetchService>(h.Get<IServiceProvider>(), (IDbContextFactory<HumasDbContext>)new Unreachable());
        var idle = await IdleDraftAsync(h);
        var sender = TipsHarness.Author("42");
        await h.Send(Photo(sender, "p1"));
        h.Clock.Advance(TimeSpan.FromSeconds(61));

        await Worker(h, log, fetch: broken).RunAsync(CancellationToken.None);

        // The bundle before the fetch and the clean-up after it both ran.
        Assert.Equal(sender.UserExternalId, (await h.Db(db => db.Set<Tip>().SingleAsync())).UserExternalId);
        Assert.False(await HasDraftAsync(h, idle));
        var error = Assert.Single(log.Collector.GetSnapshot(), r => r.Level == LogLevel.Error);
        Assert.Equal("fetch", Field(error, "Step"));
        Assert.IsType<InvalidOperationException>(error.Exception);
    }

    [Fact]
    public async Task A_bundles_step_that_fails_leaves_the_rounds_fetches_and_clean_up_to_run()
    {
        using var h = new TipsHarness(db: databaseKind);
        var log = new FakeLogger<TipAttachmentWorker>();
        var broken = ActivatorUtilities.CreateInstance<TipBundles>(h.Get<IServiceProvider>(), (IDbContextFactory<HumasDbContext>)new Unreachable());
        var idle = await IdleDraftAsync(h);
        var sender = TipsHarness.Author("42");
        h.Fetcher.Files["g1"] = [1, 2, 3];
        await h.Send(new TipStart(sender));
        await h.Send(new TipText(sender, "Jalan berlubang di depan sekolah."));
        await h.Send(Photo(sender, "g1"));
        await h.Send(new TipAction(sender, "done"));
        await h.Send(new TipAction(sender, "skip"));
        await h.SubmitFromSummaryAsync(sender);

        await Worker(h, log, bundles: broken).RunAsync(CancellationToken.None);

        Assert.Equal(TipAttachmentState.Stored, (await h.Db(db => db.Set<TipAttachmentRecord>().SingleAsync())).State);
        Assert.False(await HasDraftAsync(h, idle));
        Assert.Equal("bundles", Field(Assert.Single(log.Collector.GetSnapshot(), r => r.Level == LogLevel.Error), "Step"));
    }

    [Fact]
    public async Task Cancelling_the_round_still_ends_it()
    {
        using var h = new TipsHarness(db: databaseKind);
        var log = new FakeLogger<TipAttachmentWorker>();
        using var stop = new CancellationTokenSource();
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Worker(h, log).RunAsync(stop.Token));
        Assert.Empty(log.Collector.GetSnapshot());
    }

    [Fact]
    public async Task An_attachment_that_fails_past_the_fetchers_handling_is_counted_and_given_up_without_holding_up_the_next()
    {
        using var h = new TipsHarness(new() { ["Tips:MaxFetchAttempts"] = "3" }, db: databaseKind);
        var store = h.Get<FileStore>();
        var me = TipsHarness.Author();
        // A chat upload, already in the store, that the tip takes over by key; and a file the channel serves.
        await using (var upload = await store.CreateAsync("uploads/u1", "test:42", null, 3, 100, CancellationToken.None))
        {
            await upload.WriteAsync(new byte[] { 1, 2, 3 });
            await upload.CommitAsync("image/jpeg", CancellationToken.None);
        }

        h.Fetcher.Uploads["u1"] = "uploads/u1";
        h.Fetcher.Files["g1"] = [4, 5, 6];
        await h.Send(new TipStart(me));
        await h.Send(new TipText(me, "Dengan lampiran."));
        await h.Send(Photo(me, "u1"));
        await h.Send(Photo(me, "g1"));
        await h.Send(new TipAction(me, "done"));
        await h.Send(new TipAction(me, "skip"));
        var tip = await h.SubmitFromSummaryAsync(me);
        var rows = await h.Db(db => db.Set<TipAttachmentRecord>().OrderBy(a => a.Id).ToListAsync());
        // The key the upload is to take is already in the catalogue: its rename breaks the key's unique index every time.
        await h.Db(db =>
        {
            db.Add(new StoredFile { Key = $"{tip.Ticket}/{SafeFileNames.For(rows[0].Id, null, "photo")}", Owner = "test:other", CreatedAt = h.Clock.GetUtcNow().UtcDateTime });
            return db.SaveChangesAsync();
        });

        Assert.Equal(2, await h.Attachments.ProcessDueAsync(CancellationToken.None));

        var (poison, next) = await RowsAsync(h);
        Assert.Equal(TipAttachmentState.Stored, next.State);
        Assert.Equal((TipAttachmentState.Pending, 1, h.Clock.GetUtcNow().UtcDateTime.AddSeconds(10)), (poison.State, poison.Attempts, poison.NextAttemptAt));
        Assert.NotNull(poison.LastError);
        var error = Assert.Single(h.Logs.GetSnapshot(), r => r.Level == LogLevel.Error && r.Category == typeof(TipAttachmentFetchService).FullName);
        Assert.Equal((poison.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "1"), (Field(error, "AttachmentId"), Field(error, "Attempt")));

        // Its back-off and attempts are those of a failed fetch: 10 s, then 20 s, and Failed at the third.
        Assert.Equal(0, await h.Attachments.ProcessDueAsync(CancellationToken.None));
        h.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, await h.Attachments.ProcessDueAsync(CancellationToken.None));
        h.Clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(1, await h.Attachments.ProcessDueAsync(CancellationToken.None));

        (poison, next) = await RowsAsync(h);
        Assert.Equal((TipAttachmentState.Failed, 3), (poison.State, poison.Attempts));
        Assert.Contains("gave up after 3 attempts", poison.LastError);
        Assert.Equal(TipAttachmentState.Stored, next.State);
        h.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await h.Attachments.ProcessDueAsync(CancellationToken.None));
    }

    private static async Task<(TipAttachmentRecord First, TipAttachmentRecord Second)> RowsAsync(TipsHarness h)
    {
        var rows = await h.Db(db => db.Set<TipAttachmentRecord>().AsNoTracking().OrderBy(a => a.Id).ToListAsync());
        return (rows[0], rows[1]);
    }

    /// <summary>A database a step cannot reach: every context it asks for fails.</summary>
    private sealed class Unreachable : IDbContextFactory<HumasDbContext>
    {
        public HumasDbContext CreateDbContext() => throw new InvalidOperationException("The database cannot be reached");
    }

    /// <summary>The round is run directly; leadership only gates the worker's loop.</summary>
    private sealed class Leader : ILeadership
    {
        public bool IsLeader => true;

        public Task<CancellationToken> WaitForLeadershipAsync(CancellationToken stopping) => Task.FromResult(stopping);
    }
}

public sealed class TipRoundFailureTestsOnSqlite() : TipRoundFailureTests(DatabaseKind.Sqlite);

public sealed class TipRoundFailureTestsOnPostgres() : TipRoundFailureTests(DatabaseKind.Postgres);
