using Humas.Bot.Host;
using Humas.Bot.Tests.Support;
using Humas.Bot.Tips;
using Humas.Bot.Tips.Attachments;
using Humas.Bot.Tips.Flow;
using Humas.Bot.Tips.Model;
using Humas.Bot.Tips.Queue;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace Humas.Bot.Tests.Tips;

/// <summary>
/// A bundle that cannot be sent: the round goes on with the others and with its fetches and clean-up, and the bundle
/// is tried again when its lease ends. The failure is real: the tip names an institution that does not exist, which
/// both databases refuse (a foreign key).
/// </summary>
public abstract class TipBundleFailureTests(DatabaseKind databaseKind)
{
    private const string Bundles = "Humas.Bot.Tips.Flow.TipBundles";

    private static TipAttachment Photo(TipAuthor me, string id, string? caption = null) =>
        new(me, "photo", id, null, "image/jpeg", 10) { Caption = caption };

    private static Task<int> RoundAsync(TipsHarness h) => h.Get<TipBundles>().SendDueAsync(CancellationToken.None);

    /// <summary>Makes the author's bundle one the tips table refuses, without touching its version (no message of theirs).</summary>
    private static Task<int> BreakAsync(TipsHarness h, TipAuthor author, string? institutionId = "no-such-institution") =>
        h.Db(db => db.Set<TipDraft>().Where(d => d.UserExternalId == author.UserExternalId)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.InstitutionId, institutionId)));

    private static Task<TipDraft?> DraftAsync(TipsHarness h, TipAuthor author) =>
        h.Db(db => db.Set<TipDraft>().AsNoTracking().FirstOrDefaultAsync(d => d.UserExternalId == author.UserExternalId));

    private static List<Microsoft.Extensions.Logging.Testing.FakeLogRecord> Errors(TipsHarness h) =>
        h.Logs.GetSnapshot().Where(r => r.Level == LogLevel.Error && r.Category == Bundles).ToList();

    private static string? Field(Microsoft.Extensions.Logging.Testing.FakeLogRecord record, string name) =>
        record.StructuredState?.FirstOrDefault(p => p.Key == name).Value;

    [Fact]
    public async Task A_bundle_that_fails_does_not_stop_the_next_due_bundle_of_the_same_round()
    {
        using var h = new TipsHarness(db: databaseKind);
        var broken = TipsHarness.Author("41");
        var good = TipsHarness.Author("42");
        // The broken bundle is due first, so the round meets it before the good one.
        await h.Send(Photo(broken, "b1"));
        h.Clock.Advance(TimeSpan.FromSeconds(1));
        await h.Send(Photo(good, "g1", caption: "Banjir"));
        await BreakAsync(h, broken);
        h.Clock.Advance(TimeSpan.FromSeconds(61));

        Assert.Equal(1, await RoundAsync(h));

        var tip = await h.Db(db => db.Set<Tip>().SingleAsync());
        Assert.Equal(good.UserExternalId, tip.UserExternalId);
        Assert.Equal("g1", (await h.Db(db => db.Set<TipAttachmentRecord>().SingleAsync())).ChannelFileId);
        var notice = Assert.Single(h.Notifier.Contributors);
        Assert.Equal((TipNoticeKind.Submitted, tip.Ticket), (notice.Kind, notice.Ticket));
        // The broken bundle is kept for its next attempt, when the lease ends.
        var draft = (await DraftAsync(h, broken))!;
        Assert.Equal(h.Clock.GetUtcNow().UtcDateTime + TipBundles.Lease, draft.BundleDueAt!.Value);
        var error = Assert.Single(Errors(h));
        Assert.Equal(draft.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Field(error, "DraftId"));
        Assert.IsAssignableFrom<DbUpdateException>(error.Exception);
    }

    [Fact]
    public async Task A_failing_bundle_leaves_the_rounds_fetches_and_clean_up_to_run()
    {
        using var h = new TipsHarness(db: databaseKind);
        var worker = new TipAttachmentWorker(
            h.Attachments, h.Get<TipBundles>(), h.Get<TipDraftJanitor>(), h.Get<TipWorkSignal>(), new Leader(), h.Clock, NullLogger<TipAttachmentWorker>.Instance);
        // A guided draft left a day ago: the janitor's.
        var idle = TipsHarness.Author("40");
        await h.Send(new TipStart(idle));
        h.Clock.Advance(TimeSpan.FromHours(25));
        var broken = TipsHarness.Author("41");
        var good = TipsHarness.Author("42");
        h.Fetcher.Files["g1"] = [1, 2, 3];
        await h.Send(Photo(broken, "b1"));
        h.Clock.Advance(TimeSpan.FromSeconds(1));
        await h.Send(Photo(good, "g1"));
        await BreakAsync(h, broken);
        h.Clock.Advance(TimeSpan.FromSeconds(61));

        await worker.RunAsync(CancellationToken.None);

        // The good bundle went out and its file was fetched in the same round; the idle draft was tidied.
        var attachment = await h.Db(db => db.Set<TipAttachmentRecord>().SingleAsync());
        Assert.Equal(("g1", TipAttachmentState.Stored), (attachment.ChannelFileId, attachment.State));
        Assert.Null(await DraftAsync(h, idle));
        Assert.NotNull(await DraftAsync(h, broken));
    }

    /// <summary>The round is run directly; leadership only gates the worker's loop.</summary>
    private sealed class Leader : ILeadership
    {
        public bool IsLeader => true;

        public Task<CancellationToken> WaitForLeadershipAsync(CancellationToken stopping) => Task.FromResult(stopping);
    }
}

public sealed class TipBundleFailureTestsOnSqlite() : TipBundleFailureTests(DatabaseKind.Sqlite);

public sealed class TipBundleFailureTestsOnPostgres() : TipBundleFailureTests(DatabaseKind.Postgres);
