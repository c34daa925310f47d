using Humas.Bot.Delivery.Messages;
using Humas.Bot.Delivery.Model;
using Humas.Bot.Host;
using Humas.Bot.Subscriptions;
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
/// A bundle that cannot be sent: the round goes on with the others and with its fetches and clean-up, the bundle
/// is tried again when its lease ends, and after <see cref="TipBundles.MaxAttempts"/> it is dropped and its sender told.
/// The failure is real: the tip names an institution that does not exist, which both databases refuse (a foreign key).
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
        Assert.Equal((1, h.Clock.GetUtcNow().UtcDateTime + TipBundles.Lease), (draft.BundleAttempts, draft.BundleDueAt!.Value));
        var error = Assert.Single(Errors(h));
        Assert.Equal((draft.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "1"), (Field(error, "DraftId"), Field(error, "Attempt")));
        Assert.IsAssignableFrom<DbUpdateException>(error.Exception);
    }

    [Fact]
    public async Task A_bundle_that_fails_every_attempt_is_given_up_after_the_last_one_and_its_sender_is_told()
    {
        using var h = new TipsHarness(db: databaseKind);
        var me = TipsHarness.Author();
        var conversation = await AddConversationAsync(h, me);
        await h.Send(Photo(me, "p1", caption: "Banjir di Kampung Melayu"));
        await h.Send(new TipText(me, "Air setinggi lutut sejak pagi."));
        await BreakAsync(h, me);
        h.Clock.Advance(TimeSpan.FromSeconds(61));

        for (var attempt = 1; attempt < TipBundles.MaxAttempts; attempt++)
        {
            Assert.Equal(0, await RoundAsync(h));
            Assert.Equal(attempt, (await DraftAsync(h, me))!.BundleAttempts);
            // Within the lease nothing is tried again.
            h.Clock.Advance(TipBundles.Lease - TimeSpan.FromSeconds(1));
            Assert.Equal(0, await RoundAsync(h));
            Assert.Equal(attempt, Errors(h).Count);
            h.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Empty(h.Notifier.Contributors);
        Assert.Equal(0, await RoundAsync(h));

        Assert.Null(await DraftAsync(h, me));
        Assert.Empty(await h.Db(db => db.Set<Tip>().ToListAsync()));
        var text = h.Text("tips.bundle.given_up", "id");
        var notice = Assert.Single(h.Notifier.Contributors);
        Assert.Equal((TipNoticeKind.BundleGivenUp, text, me.ConversationExternalId), (notice.Kind, notice.Text, notice.ConversationExternalId));
        var row = await h.Db(db => db.Set<DeliveryRecord>().SingleAsync(r => r.Kind == DeliveryKind.Notice && r.ConversationId == conversation));
        Assert.Equal(text, MessageComposer.DeserializeNotice(row.Payload!).Text);
        // What the channel kept for the draft's file goes, as on Batal.
        Assert.Equal(["p1"], h.Fetcher.Discarded);
        var errors = Errors(h);
        Assert.Equal(TipBundles.MaxAttempts + 1, errors.Count);
        Assert.Equal(TipBundles.MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture), Field(errors[^2], "Attempt"));
        Assert.Equal((TipBundles.MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture), "True"), (Field(errors[^1], "Attempts"), Field(errors[^1], "Told")));

        // Nothing is attempted after that.
        h.Clock.Advance(TipBundles.Lease * 3);
        Assert.Equal(0, await RoundAsync(h));
        Assert.Single(h.Notifier.Contributors);
        Assert.Equal(TipBundles.MaxAttempts + 1, Errors(h).Count);
        Assert.Equal(0, await h.Db(db => db.Set<TipTicketCounter>().CountAsync()));
    }

    [Fact]
    public async Task A_bundle_that_fails_once_is_sent_once_with_its_ticket_at_the_next_attempt()
    {
        using var h = new TipsHarness(db: databaseKind);
        var me = TipsHarness.Author();
        await h.Send(Photo(me, "p1", caption: "Pohon tumbang"));
        await BreakAsync(h, me);
        h.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(0, await RoundAsync(h));
        Assert.Empty(h.Notifier.Contributors);

        // Whatever failed is gone by the next attempt.
        await BreakAsync(h, me, institutionId: null);
        h.Clock.Advance(TipBundles.Lease - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await RoundAsync(h));
        h.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await RoundAsync(h));

        var tip = await h.Db(db => db.Set<Tip>().SingleAsync());
        Assert.Equal("p1", (await h.Db(db => db.Set<TipAttachmentRecord>().SingleAsync())).ChannelFileId);
        var notice = Assert.Single(h.Notifier.Contributors);
        Assert.Equal((TipNoticeKind.Submitted, h.Text("tips.submitted", "id", tip.Ticket)), (notice.Kind, notice.Text));
        Assert.Null(await DraftAsync(h, me));
        Assert.Empty(h.Fetcher.Discarded);

        h.Clock.Advance(TipBundles.Lease * 3);
        Assert.Equal(0, await RoundAsync(h));
        Assert.Equal(1, await h.Db(db => db.Set<Tip>().CountAsync()));
        Assert.Single(h.Notifier.Contributors);
    }

    [Fact]
    public async Task A_message_from_the_sender_starts_the_attempts_again()
    {
        using var h = new TipsHarness(db: databaseKind);
        var me = TipsHarness.Author();
        await h.Send(Photo(me, "p1"));
        await BreakAsync(h, me);
        h.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(0, await RoundAsync(h));
        h.Clock.Advance(TipBundles.Lease);
        Assert.Equal(0, await RoundAsync(h));
        Assert.Equal(2, (await DraftAsync(h, me))!.BundleAttempts);

        Assert.Single(await h.Send(new TipText(me, "Lokasinya di depan pasar.")));
        var draft = (await DraftAsync(h, me))!;
        Assert.Equal((0, h.Clock.GetUtcNow().UtcDateTime.AddSeconds(60)), (draft.BundleAttempts, draft.BundleDueAt!.Value));

        // A whole new set of attempts: the two before the message do not count.
        h.Clock.Advance(TimeSpan.FromSeconds(61));
        for (var attempt = 1; attempt < TipBundles.MaxAttempts; attempt++)
        {
            Assert.Equal(0, await RoundAsync(h));
            h.Clock.Advance(TipBundles.Lease);
        }

        Assert.Equal(TipBundles.MaxAttempts - 1, (await DraftAsync(h, me))!.BundleAttempts);
        Assert.Empty(h.Notifier.Contributors);
        Assert.Equal(0, await RoundAsync(h));
        Assert.Null(await DraftAsync(h, me));
        Assert.Equal(TipNoticeKind.BundleGivenUp, Assert.Single(h.Notifier.Contributors).Kind);
    }

    [Fact]
    public async Task A_bundle_whose_notices_cannot_be_queued_is_still_given_up_and_its_files_freed()
    {
        using var h = new TipsHarness(db: databaseKind);
        var me = TipsHarness.Author();
        // The ticket's notice fails each attempt (rolling the tip back), and the give-up's notice fails too.
        h.Notifier.FailToContributors = true;
        await h.Send(Photo(me, "p1"));
        h.Clock.Advance(TimeSpan.FromSeconds(61));

        for (var attempt = 1; attempt <= TipBundles.MaxAttempts; attempt++)
        {
            Assert.NotNull(await DraftAsync(h, me));
            Assert.Equal(0, await RoundAsync(h));
            h.Clock.Advance(TipBundles.Lease);
        }

        Assert.Null(await DraftAsync(h, me));
        Assert.Empty(await h.Db(db => db.Set<Tip>().ToListAsync()));
        Assert.Empty(h.Notifier.Contributors);
        Assert.Equal(["p1"], h.Fetcher.Discarded);
        var last = Errors(h)[^1];
        Assert.Equal((TipBundles.MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture), "False"), (Field(last, "Attempts"), Field(last, "Told")));
        Assert.Equal(0, await RoundAsync(h));
    }

    [Fact]
    public async Task A_bundle_given_up_whose_senders_conversation_is_unknown_is_dropped_and_the_log_says_they_were_not_told()
    {
        using var h = new TipsHarness(db: databaseKind);
        // No conversation row for the sender: the notice has nowhere to go.
        var me = TipsHarness.Author();
        await h.Send(Photo(me, "p1"));
        await BreakAsync(h, me);
        h.Clock.Advance(TimeSpan.FromSeconds(61));

        for (var attempt = 1; attempt <= TipBundles.MaxAttempts; attempt++)
        {
            Assert.Equal(0, await RoundAsync(h));
            h.Clock.Advance(TipBundles.Lease);
        }

        Assert.Null(await DraftAsync(h, me));
        Assert.Equal(["p1"], h.Fetcher.Discarded);
        Assert.Equal(0, await h.Db(db => db.Set<DeliveryRecord>().CountAsync(r => r.Kind == DeliveryKind.Notice)));
        var last = Errors(h)[^1];
        Assert.Equal((TipBundles.MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture), "False"), (Field(last, "Attempts"), Field(last, "Told")));
        Assert.Equal(0, await RoundAsync(h));
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
        Assert.Equal(1, (await DraftAsync(h, broken))!.BundleAttempts);
    }

    private static Task<long> AddConversationAsync(TipsHarness h, TipAuthor me) => h.Db(async db =>
    {
        var conversation = new Conversation
        {
            Channel = TipsHarness.Channel, ExternalId = me.ConversationExternalId, CreatedAt = TipsHarness.Start.UtcDateTime, UpdatedAt = TipsHarness.Start.UtcDateTime,
        };
        db.Add(conversation);
        await db.SaveChangesAsync();
        return conversation.Id;
    });

    /// <summary>The round is run directly; leadership only gates the worker's loop.</summary>
    private sealed class Leader : ILeadership
    {
        public bool IsLeader => true;

        public Task<CancellationToken> WaitForLeadershipAsync(CancellationToken stopping) => Task.FromResult(stopping);
    }
}

public sealed class TipBundleFailureTestsOnSqlite() : TipBundleFailureTests(DatabaseKind.Sqlite);

public sealed class TipBundleFailureTestsOnPostgres() : TipBundleFailureTests(DatabaseKind.Postgres);
