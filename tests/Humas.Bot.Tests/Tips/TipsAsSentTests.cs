using Humas.Bot.Delivery.Model;
using Humas.Bot.Tests.Admin;
using Humas.Bot.Tests.Support;
using Humas.Bot.Tips;
using Humas.Bot.Tips.Flow;
using Humas.Bot.Tips.Model;
using Humas.Bot.Tips.Queue;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Humas.Bot.Tests.Tips;

/// <summary>
/// Tips as people send them, in the core: a file with no tip open opens a bundle that becomes one tip after the
/// quiet period (on a manual clock), a reply to a message naming a ticket joins that ticket, and a tip that
/// became an article is published with its link sent to the contributor.
/// </summary>
public abstract class TipsAsSentTests(DatabaseKind databaseKind)
{
    private static TipAttachment Photo(TipAuthor me, string id, string? caption = null, string? album = null, long size = 10) =>
        new(me, "photo", id, null, "image/jpeg", size) { Caption = caption, GroupId = album };

    [Fact]
    public async Task Messages_in_a_row_without_usulan_become_one_tip_once_the_sender_is_quiet()
    {
        using var h = new TipsHarness(db: databaseKind);
        var me = TipsHarness.Author();
        Assert.True(await h.Flow.TakesAsync(Photo(me, "p1"), default));

        var first = Assert.Single(await h.Send(Photo(me, "p1", caption: "Jalan berlubang di Jl. Merdeka")));
        Assert.Equal(h.Text("tips.bundle.received", "id", 60), first.Text);
        Assert.Equal(["send", "cancel"], first.Buttons.Select(b => b.Action.Split(':')[0]));
        // The caption, handed on as text by the router, joins without a second answer.
        Assert.Empty(await h.Send(new TipText(me, "Jalan berlubang di Jl. Merdeka") { FromFile = true }));
        h.Clock.Advance(TimeSpan.FromSeconds(40));
        Assert.Single(await h.Send(new TipText(me, "Sudah dua minggu, belum diperbaiki.")));
        Assert.Single(await h.Send(new TipLocation(me, -6.2, 106.8)));

        // 60 s after the first message but not after the last: nothing is sent yet.
        h.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(0, await h.Get<TipBundles>().SendDueAsync(default));
        Assert.Empty(await h.Db(db => db.Set<Tip>().ToListAsync()));

        h.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(1, await h.Get<TipBundles>().SendDueAsync(default));

        var tip = await h.Db(db => db.Set<Tip>().SingleAsync());
        Assert.Equal("Jalan berlubang di Jl. Merdeka\n\nSudah dua minggu, belum diperbaiki.", tip.Text);
        Assert.Equal((-6.2, 106.8), (tip.Latitude!.Value, tip.Longitude!.Value));
        var attachment = await h.Db(db => db.Set<TipAttachmentRecord>().SingleAsync());
        Assert.Equal(("p1", "Jalan berlubang di Jl. Merdeka"), (attachment.ChannelFileId, attachment.Caption));
        Assert.Empty(await h.Db(db => db.Set<TipDraft>().ToListAsync()));
        // Nobody was waiting for an answer: the ticket goes to the sender as a notice.
        var notice = Assert.Single(h.Notifier.Contributors);
        Assert.Equal((TipNoticeKind.Submitted, h.Text("tips.submitted", "id", tip.Ticket)), (notice.Kind, notice.Text));
        Assert.Equal(TipNoticeKind.NewTip, Assert.Single(h.Notifier.Editors).Kind);
        Assert.False(await h.Flow.IsInFlowAsync(me, default));
    }

    [Fact]
    public async Task An_album_is_one_answer_and_one_tip_and_Kirim_or_Batal_act_at_once()
    {
        using var h = new TipsHarness(db: databaseKind);
        var me = TipsHarness.Author();
        var answers = new List<TipReply>();
        foreach (var id in new[] { "a1", "a2", "a3" })
        {
            answers.AddRange(await h.Send(Photo(me, id, album: "g-9")));
        }

        Assert.Single(answers);
        var sent = Assert.Single(await h.Send(new TipAction(me, "send")));
        var tip = await h.Db(db => db.Set<Tip>().SingleAsync());
        Assert.Equal(h.Text("tips.submitted", "id", tip.Ticket), sent.Text);
        Assert.Equal(["a1", "a2", "a3"], await h.Db(db => db.Set<TipAttachmentRecord>().OrderBy(a => a.Id).Select(a => a.ChannelFileId).ToListAsync()));
        Assert.Empty(h.Notifier.Contributors);

        // Batal drops a bundle and keeps nothing.
        await h.Send(Photo(me, "b1"));
        Assert.Equal(h.Text("tips.cancelled", "id"), Assert.Single(await h.Send(new TipAction(me, "cancel"))).Text);
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, await h.Get<TipBundles>().SendDueAsync(default));
        Assert.Equal(1, await h.Db(db => db.Set<Tip>().CountAsync()));

        // /usulan after a photo: the guided flow takes the bundle over and asks for the story.
        await h.Send(Photo(me, "c1"));
        Assert.Equal(h.Text("tips.ask_text", "id"), Assert.Single(await h.Send(new TipStart(me))).Text);
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, await h.Get<TipBundles>().SendDueAsync(default));
        Assert.Single(await h.Db(db => db.Set<TipDraft>().ToListAsync()));
    }

    [Fact]
    public async Task A_file_whose_platform_id_is_longer_than_can_be_kept_is_refused_and_the_next_bundle_is_sent()
    {
        using var h = new TipsHarness(db: databaseKind);
        var me = TipsHarness.Author();
        // A broken or hostile update. Kept, its id would fail the tip's insert on PostgreSQL at every attempt until the
        // bundle is given up (TipBundleFailureTests), so the tip would never go out.
        var tooLong = new string('x', TipAttachmentRecord.MaxChannelFileIdLength + 1);
        Assert.Equal(h.Text("tips.media_hint", "id"), Assert.Single(await h.Send(Photo(me, tooLong))).Text);
        Assert.Empty(await h.Db(db => db.Set<TipDraft>().ToListAsync()));

        await h.Send(Photo(me, "p1", caption: "Banjir"));
        h.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(1, await h.Get<TipBundles>().SendDueAsync(default));
        Assert.Equal("p1", (await h.Db(db => db.Set<TipAttachmentRecord>().SingleAsync())).ChannelFileId);
    }

    [Fact]
    public async Task Bad_files_open_nothing_and_a_bundle_survives_a_restart_and_is_sent_once_by_two_instances()
    {
        using var database = TipsHarness.NewDatabase(databaseKind);
        var clock = new FakeTimeProvider(TipsHarness.Start);
        var me = TipsHarness.Author();
        using (var first = new TipsHarness(database: database, clock: clock))
        {
            Assert.Equal(first.Text("tips.media_hint", "id"), Assert.Single(await first.Send(new TipAttachment(me, "sticker", "s1", null, null, 10))).Text);
            Assert.Equal(first.Text("tips.file_too_large", "id", "20"), Assert.Single(await first.Send(Photo(me, "huge", size: 30L * 1024 * 1024))).Text);
            Assert.NotNull(await first.Flow.RefuseAttachmentAsync(me, 30L * 1024 * 1024, default));
            Assert.Empty(await first.Db(db => db.Set<TipDraft>().ToListAsync()));

            Assert.Null(await first.Flow.RefuseAttachmentAsync(me, 1000, default));
            await first.Send(Photo(me, "p1", caption: "Banjir"));
        }

        // A restart: two new instances, both running the bundle round when it is due.
        using var a = new TipsHarness(database: database, clock: clock);
        using var b = new TipsHarness(database: database, clock: clock);
        clock.Advance(TimeSpan.FromSeconds(61));
        var sent = await Task.WhenAll(Task.Run(() => a.Get<TipBundles>().SendDueAsync(default)), Task.Run(() => b.Get<TipBundles>().SendDueAsync(default)));

        Assert.Equal(1, sent.Sum());
        var tip = await a.Db(db => db.Set<Tip>().SingleAsync());
        Assert.Equal("p1", (await a.Db(db => db.Set<TipAttachmentRecord>().SingleAsync())).ChannelFileId);
        Assert.Equal(1, a.Notifier.Contributors.Count + b.Notifier.Contributors.Count);
        Assert.Equal(tip.Ticket, (a.Notifier.Contributors.Concat(b.Notifier.Contributors)).Single().Ticket);
    }

    [Fact]
    public async Task The_daily_cap_stops_a_file_from_opening_a_bundle()
    {
        using var h = new TipsHarness(new Dictionary<string, string?> { ["Tips:MaxTipsPerDay"] = "1" }, db: databaseKind);
        var me = TipsHarness.Author();
        await h.SubmitAsync(me);

        Assert.Equal(h.Text("tips.daily_cap", "id", 1), Assert.Single(await h.Send(Photo(me, "p1"))).Text);
        Assert.Equal(h.Text("tips.daily_cap", "id", 1), (await h.Flow.RefuseAttachmentAsync(me, 10, default))!.Text);
        Assert.Empty(await h.Db(db => db.Set<TipDraft>().ToListAsync()));
    }

    [Fact]
    public async Task A_reply_to_a_message_naming_a_ticket_joins_that_ticket_and_any_other_reply_is_left_alone()
    {
        using var h = new TipsHarness(db: databaseKind);
        var me = TipsHarness.Author();
        var ticket = await h.SubmitAsync(me);
        var tip = await h.Db(db => db.Set<Tip>().SingleAsync());
        // The ticket message the contributor received, quoted with its text (Telegram).
        var reply = new TipText(me, "Lupa: acaranya pukul 09.00.") { Quoting = new TipQuote("500", h.Text("tips.submitted", "id", ticket)) };
        Assert.True(await h.Flow.TakesAsync(reply, default));

        Assert.Equal(h.Text("tips.answer_received", "id", ticket), Assert.Single(await h.Send(reply)).Text);
        var thread = await h.Queue.HistoryAsync(tip.Id, default);
        Assert.Equal((TipEventKind.ContributorMessage, "Lupa: acaranya pukul 09.00."), (thread[^1].Kind, thread[^1].Note));
        Assert.Equal(TipNoticeKind.ContributorMessage, h.Notifier.Editors[^1].Kind);

        // Quoted by id only (WhatsApp's context.id): the notice sent as that message names the ticket.
        await h.Db(async db =>
        {
            db.Add(new Humas.Bot.Subscriptions.Conversation { Channel = TipsHarness.Channel, ExternalId = me.ConversationExternalId, CreatedAt = TipsHarness.Start.UtcDateTime, UpdatedAt = TipsHarness.Start.UtcDateTime });
            return await db.SaveChangesAsync();
        });
        Assert.Equal(TipActionResult.Done, await h.Queue.ReplyAsync(tip.Id, "Sri", "Di gedung mana?", default));
        await h.Db(db => db.Set<DeliveryRecord>().Where(r => r.Kind == DeliveryKind.Notice && r.Payload!.Contains("Di gedung mana?"))
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.MessageId, "wamid.EDITOR1")));
        // A draft is open: the reply still goes to its ticket, not into the draft.
        await h.Send(new TipStart(me));
        Assert.Equal(h.Text("tips.answer_received", "id", ticket),
            Assert.Single(await h.Send(new TipText(me, "Gedung B.") { Quoting = new TipQuote("wamid.EDITOR1", null) })).Text);
        Assert.Equal("Gedung B.", (await h.Queue.HistoryAsync(tip.Id, default))[^1].Note);
        Assert.Null((await h.Db(db => db.Set<TipDraft>().SingleAsync())).Text);
        await h.Send(new TipAction(me, "cancel"));

        // A reply to a message that names no ticket is ordinary text; one naming another's ticket answers nothing.
        var events = (await h.Queue.HistoryAsync(tip.Id, default)).Count;
        Assert.False(await h.Flow.TakesAsync(new TipText(me, "halo") { Quoting = new TipQuote("wamid.UNKNOWN", null) }, default));
        Assert.False(await h.Flow.TakesAsync(new TipText(me, "halo") { Quoting = new TipQuote("77", "Berita hari ini") }, default));
        var stranger = TipsHarness.Author("intruder");
        Assert.Equal(h.Text("tips.not_in_flow", "id"),
            Assert.Single(await h.Send(new TipText(stranger, "x") { Quoting = new TipQuote("9", $"Usulan {ticket}") })).Text);
        Assert.Equal(events, (await h.Queue.HistoryAsync(tip.Id, default)).Count);
    }

    [Fact]
    public async Task A_tip_that_became_an_article_is_published_and_the_contributor_gets_its_link()
    {
        using var h = new TipsHarness(db: databaseKind);
        var me = TipsHarness.Author(language: "en");
        var ticket = await h.SubmitAsync(me);
        var tip = await h.Db(db => db.Set<Tip>().SingleAsync());
        var article = await h.Db(db => AdminSeed.ArticleAsync(db, "setneg", "Rakor Kontributor Berita di PPK GBK"));

        Assert.Equal(TipActionResult.Invalid, await h.Queue.PublishAsync(tip.Id, Guid.NewGuid(), "Sri", default));
        Assert.Equal(TipActionResult.NotFound, await h.Queue.PublishAsync(tip.Id + 99, article.Id, "Sri", default));
        Assert.Empty(h.Notifier.Contributors);

        Assert.Equal(TipActionResult.Done, await h.Queue.PublishAsync(tip.Id, article.Id, "Sri", default));

        var stored = await h.Db(db => db.Set<Tip>().SingleAsync());
        Assert.Equal((TipState.Published, article.Id, "Sri"), (stored.State, stored.ArticleId, stored.DecidedBy));
        var notice = Assert.Single(h.Notifier.Contributors);
        Assert.Equal((TipNoticeKind.Published, h.Text("tips.notice.published", "en", ticket, article.Title, article.Url)), (notice.Kind, notice.Text));
        var last = (await h.Queue.HistoryAsync(tip.Id, default))[^1];
        Assert.Equal((TipEventKind.Published, article.Url), (last.Kind, last.Note));
        // Twice is once; a published tip is decided.
        Assert.Equal(TipActionResult.AlreadyDecided, await h.Queue.PublishAsync(tip.Id, article.Id, "Sri", default));
        Assert.Equal(TipActionResult.AlreadyDecided, await h.Queue.DeclineAsync(tip.Id, "Sri", null, default));
        Assert.Single(h.Notifier.Contributors);
    }
}

public sealed class TipsAsSentTestsOnSqlite() : TipsAsSentTests(DatabaseKind.Sqlite);

public sealed class TipsAsSentTestsOnPostgres() : TipsAsSentTests(DatabaseKind.Postgres);
