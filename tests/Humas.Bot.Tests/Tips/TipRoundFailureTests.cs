using Humas.Bot.Host;
using Humas.Bot.Storage;
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
/// the others do.
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
