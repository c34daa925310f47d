using System.Text.RegularExpressions;
using Humas.Bot.Tests.Support;
using Humas.Bot.Tips;
using Humas.Bot.Tips.Model;
using Humas.Bot.Tips.Queue;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Humas.Bot.Tests.Tips;

public abstract class TipFlowTests(DatabaseKind databaseKind)
{
    [Fact]
    public async Task On_WhatsApp_the_sentences_that_name_a_button_say_it_may_be_typed_too()
    {
        using var h = new TipsHarness(db: databaseKind);
        var me = new TipAuthor("whatsapp", "6281234567890", "6281234567890", "Dewi", "id");
        // A sentence WhatsApp has no wording of is the core's.
        Assert.False(h.Texts.Has("whatsapp.tips.ask_text"));
        Assert.Equal(h.Text("tips.ask_text", "id"), Assert.Single(await h.Send(new TipStart(me))).Text);
        var afterText = Assert.Single(await h.Send(new TipText(me, "Jalan rusak di Jalan Merdeka.")));
        Assert.Equal(h.Text("whatsapp.tips.ask_media", "id"), afterText.Text);
        Assert.NotEqual(h.Text("tips.ask_media", "id"), afterText.Text);
        Assert.Equal(h.Text("whatsapp.tips.media_hint", "id"), Assert.Single(await h.Send(new TipAttachment(me, "sticker", "s1", null, null, 10))).Text);
        Assert.Equal(h.Text("whatsapp.tips.text_added", "id"), Assert.Single(await h.Send(new TipText(me, "Lubangnya selebar dua meter."))).Text);
        Assert.Equal(h.Text("whatsapp.tips.media_received", "id", 1), Assert.Single(await h.Send(new TipAttachment(me, "photo", "p1", null, "image/jpeg", 10))).Text);
        Assert.Equal(h.Text("whatsapp.tips.location_received", "id"), Assert.Single(await h.Send(new TipLocation(me, -6.2, 106.8))).Text);
        Assert.Equal(h.Text("whatsapp.tips.location_duplicate", "id"), Assert.Single(await h.Send(new TipLocation(me, -6.3, 106.9))).Text);

        // The contact question and its hint name Lewati, which may be typed there too.
        var contact = Assert.Single(await h.Send(new TipAction(me, "done")));
        Assert.Equal(h.Text("whatsapp.tips.ask_contact", "id"), contact.Text);
        Assert.NotEqual(h.Text("tips.ask_contact", "id"), contact.Text);
        Assert.Equal(h.Text("whatsapp.tips.contact_hint", "id"), Assert.Single(await h.Send(new TipText(me, "nanti saja"))).Text);

        // Every sentence of the flow that says to tap Selesai, Kirim or Lewati has a WhatsApp wording that says it may be
        // typed too (WhatsApp maps the typed word to the button), in both languages.
        var tap = new Regex(@"\b(?:ketuk|tap)\s+(?:Selesai|Kirim|Lewati|Done|Send|Skip)\b", RegexOptions.IgnoreCase);
        var typed = new Regex(@"\b(?:ketik|type)\s+(?:Selesai|Kirim|Lewati|Done|Send|Skip)\b", RegexOptions.IgnoreCase);
        var untold = h.Texts.Inner.Keys.Where(k => k.StartsWith("tips.", StringComparison.Ordinal))
            .SelectMany(k => new[] { "id", "en" }.Select(language => (Key: k, Language: language)))
            .Where(t => tap.IsMatch(h.Text(t.Key, t.Language)))
            .Where(t => !h.Texts.Has($"whatsapp.{t.Key}") || tap.IsMatch(h.Text($"whatsapp.{t.Key}", t.Language))
                        || !typed.IsMatch(h.Text($"whatsapp.{t.Key}", t.Language)))
            .Select(t => $"{t.Key} ({t.Language})")
            .ToList();
        Assert.Empty(untold);
    }

    [Fact]
    public async Task Text_photo_location_skipped_contact_and_Kirim_give_a_ticket_and_store_the_tip()
    {
        using var h = new TipsHarness(db: databaseKind);
        var me = TipsHarness.Author();

        var start = Assert.Single(await h.Send(new TipStart(me)));
        Assert.Equal(h.Text("tips.ask_text", "id"), start.Text);
        Assert.True(await h.Flow.IsInFlowAsync(me, default));

        var afterText = Assert.Single(await h.Send(new TipText(me, "Rakor Kontributor Berita di PPK GBK.")));
        Assert.Equal(h.Text("tips.ask_media", "id"), afterText.Text);
        // Selesai names the draft it finishes, as Kirim does.
        var open = await h.Db(db => db.Set<TipDraft>().SingleAsync());
        Assert.Equal([$"done:{open.Id}", "cancel"], afterText.Buttons.Select(b => b.Action));
        Assert.Equal(["Selesai", "Batal"], afterText.Buttons.Select(b => b.Label));

        var photo = Assert.Single(await h.Send(new TipAttachment(me, "photo", "file-1", "rakor.jpg", "image/jpeg", 120_000)));
        Assert.Equal(h.Text("tips.media_received", "id", 1), photo.Text);
        Assert.Equal(h.Text("tips.location_received", "id"), Assert.Single(await h.Send(new TipLocation(me, -6.2183, 106.8022))).Text);
        Assert.Equal(h.Text("tips.ask_contact", "id"), Assert.Single(await h.Send(new TipAction(me, "done"))).Text);

        var summary = Assert.Single(await h.Send(new TipAction(me, "skip")));
        // Kirim names the draft it sends.
        var draft = await h.Db(db => db.Set<TipDraft>().SingleAsync());
        Assert.Equal([$"send:{draft.Id}", "cancel"], summary.Buttons.Select(b => b.Action));
        Assert.Equal(["Kirim", "Batal"], summary.Buttons.Select(b => b.Label));
        Assert.Contains("Rakor Kontributor Berita di PPK GBK.", summary.Text);
        Assert.Contains("-6.2183, 106.8022", summary.Text);

        var sent = Assert.Single(await h.Send(new TipAction(me, summary.Buttons[0].Action)));

        Assert.Equal(h.Text("tips.submitted", "id", "USL-202611-0001"), sent.Text);
        Assert.False(await h.Flow.IsInFlowAsync(me, default));
        var tip = Assert.Single(await h.Db(db => db.Set<Tip>().ToListAsync()));
        Assert.Matches(new Regex(@"^USL-\d{6}-\d{4}$"), tip.Ticket);
        Assert.Equal(("USL-202611-0001", "Rakor Kontributor Berita di PPK GBK.", -6.2183, 106.8022, TipState.New, (string?)null),
            (tip.Ticket, tip.Text, tip.Latitude!.Value, tip.Longitude!.Value, tip.State, tip.ContactPhone));
        Assert.Equal(("test", "chat-42", "42", "Tri Novita Sari"), (tip.Channel, tip.ConversationExternalId, tip.UserExternalId, tip.AuthorName));
        var attachment = Assert.Single(await h.Db(db => db.Set<TipAttachmentRecord>().ToListAsync()));
        Assert.Equal((tip.Id, "photo", "file-1", "rakor.jpg", "image/jpeg", TipAttachmentState.Pending),
            (attachment.TipId, attachment.Kind, attachment.ChannelFileId, attachment.OriginalName, attachment.MediaType, attachment.State));
        Assert.Equal(TipEventKind.Submitted, Assert.Single(await h.Db(db => db.Set<TipEvent>().ToListAsync())).Kind);
        Assert.Empty(await h.Db(db => db.Set<TipDraft>().ToListAsync()));
        var notice = Assert.Single(h.Notifier.Editors);
        Assert.Equal((tip.Id, "USL-202611-0001", TipNoticeKind.NewTip), (notice.TipId, notice.Ticket, notice.Kind));
        Assert.Equal(["accept", "decline", "reply"], notice.Actions.Select(a => a.Action));
    }

    [Fact]
    public async Task Kirim_handled_again_after_the_tip_went_is_answered_with_its_ticket_and_makes_no_second_tip()
    {
        using var h = new TipsHarness(db: databaseKind);
        var me = TipsHarness.Author();
        await h.Send(new TipStart(me));
        await h.Send(new TipText(me, "Rakor Kontributor Berita di PPK GBK."));
        await h.Send(new TipAction(me, "done"));
        var kirim = new TipAction(me, Assert.Single(await h.Send(new TipAction(me, "skip"))).Buttons[0].Action);
        var first = Assert.Single(await h.Send(kirim));
        var tip = await h.Db(db => db.Set<Tip>().SingleAsync());

        // The same press handled again (the inbox after a commit whose outcome was not recorded, or a second tap).
        var again = Assert.Single(await h.Send(kirim));

        Assert.Equal(h.Text("tips.submitted", "id", tip.Ticket), first.Text);
        Assert.Equal(first.Text, again.Text);
        Assert.Empty(again.Buttons);
        Assert.Equal(tip.Id, (await h.Db(db => db.Set<Tip>().SingleAsync())).Id);
        Assert.Single(h.Notifier.Editors);
        Assert.False(await h.Flow.IsInFlowAsync(me, default));
    }

    [Fact]
    public async Task A_Kirim_that_sent_no_tip_of_the_sender_is_told_there_is_nothing_to_send()
    {
        using var h = new TipsHarness(db: databaseKind);
        var me = TipsHarness.Author();
        await h.SubmitAsync(me);
        var sent = await h.Db(db => db.Set<Tip>().SingleAsync());
        Assert.NotNull(sent.DraftId);
        // A later draft, cancelled at its summary: its Kirim pressed afterwards sent nothing.
        await h.ToSummaryAsync(me);
        var cancelled = await h.Db(db => db.Set<TipDraft>().SingleAsync());
        await h.Send(new TipAction(me, "cancel"));
        var nothing = NothingToSend(h, sent.Ticket);

        Assert.Equal(nothing, Assert.Single(await h.Send(new TipAction(me, $"send:{cancelled.Id}"))).Text);
        // A new press naming no draft (a button from before drafts were named, a word typed for it), or Selesai.
        Assert.Equal(nothing, Assert.Single(await h.Send(new TipAction(me, "send") { PressId = "test:new-1" })).Text);
        Assert.Equal(nothing, Assert.Single(await h.Send(new TipAction(me, "done") { PressId = "test:new-2" })).Text);
        Assert.Equal(nothing, Assert.Single(await h.Send(new TipAction(me, "send"))).Text);
        // Someone else naming the sent tip's draft, or its press, learns nothing of it.
        var stranger = TipsHarness.Author("43");
        Assert.Equal(NothingToSend(h, null), Assert.Single(await h.Send(new TipAction(stranger, $"send:{sent.DraftId}"))).Text);
        Assert.Equal(NothingToSend(h, null), Assert.Single(await h.Send(new TipAction(stranger, "send") { PressId = sent.SentByPress })).Text);
        Assert.Equal(sent.Id, (await h.Db(db => db.Set<Tip>().SingleAsync())).Id);
        Assert.Null(await h.Db(db => db.Set<TipDraft>().FirstOrDefaultAsync()));
    }

    [Fact]
    public async Task Kirim_of_a_cancelled_draft_pressed_at_the_summary_of_another_sends_nothing_and_leaves_it_as_it_was()
    {
        using var h = new TipsHarness(db: databaseKind);
        var me = await h.ToSummaryAsync(TipsHarness.Author(), "Tiang listrik roboh di Jalan Sudirman.");
        var cancelled = await h.Db(db => db.Set<TipDraft>().SingleAsync());
        await h.Send(new TipAction(me, "cancel"));
        await h.ToSummaryAsync(me, "Banjir setinggi lutut di Kampung Melayu.");
        var open = await h.Db(db => db.Set<TipDraft>().AsNoTracking().SingleAsync());
        Assert.NotEqual(cancelled.Id, open.Id);

        // The first summary's Kirim, still in the chat, pressed now.
        var replies = await h.Send(new TipAction(me, $"send:{cancelled.Id}") { PressId = "test:old-summary" });

        Assert.Equal(2, replies.Count);
        Assert.Equal(h.Text("tips.send_not_active", "id"), replies[0].Text);
        Assert.Empty(replies[0].Buttons);
        // Then the open draft's own summary, with its own Kirim.
        Assert.Contains("Banjir setinggi lutut di Kampung Melayu.", replies[1].Text);
        Assert.Equal([$"send:{open.Id}", "cancel"], replies[1].Buttons.Select(b => b.Action));
        Assert.Empty(await h.Db(db => db.Set<Tip>().ToListAsync()));
        Assert.Empty(h.Notifier.Editors);
        var kept = await h.Db(db => db.Set<TipDraft>().AsNoTracking().SingleAsync());
        Assert.Equal((open.Id, TipDraftStep.Confirm, open.Version, open.Text), (kept.Id, kept.Step, kept.Version, kept.Text));

        // Its own Kirim sends it.
        var sent = Assert.Single(await h.Send(new TipAction(me, $"send:{open.Id}") { PressId = "test:new-summary" }));
        var tip = await h.Db(db => db.Set<Tip>().SingleAsync());
        Assert.Equal((h.Text("tips.submitted", "id", tip.Ticket), "Banjir setinggi lutut di Kampung Melayu.", open.Id), (sent.Text, tip.Text, tip.DraftId));
    }

    [Fact]
    public async Task Kirim_of_an_expired_draft_pressed_while_a_bundle_is_open_sends_nothing_and_the_bundle_waits_on()
    {
        using var h = new TipsHarness(db: databaseKind);
        var me = await h.ToSummaryAsync(TipsHarness.Author(), "Cerita yang ditinggalkan.");
        var expired = await h.Db(db => db.Set<TipDraft>().SingleAsync());
        h.Clock.Advance(TimeSpan.FromHours(25));
        await h.Send(new TipAttachment(me, "photo", "p1", null, "image/jpeg", 10) { Caption = "Pohon tumbang menutup jalan" });
        var bundle = await h.Db(db => db.Set<TipDraft>().AsNoTracking().SingleAsync());
        Assert.NotNull(bundle.BundleDueAt);

        var reply = Assert.Single(await h.Send(new TipAction(me, $"send:{expired.Id}")));

        Assert.Equal(h.Text("tips.send_not_active", "id"), reply.Text);
        // The bundle's own Kirim and Batal under the answer.
        Assert.Equal([$"send:{bundle.Id}", "cancel"], reply.Buttons.Select(b => b.Action));
        Assert.Empty(await h.Db(db => db.Set<Tip>().ToListAsync()));
        var kept = await h.Db(db => db.Set<TipDraft>().AsNoTracking().SingleAsync());
        Assert.Equal((bundle.Id, bundle.Version, bundle.BundleDueAt, bundle.AttachmentsJson), (kept.Id, kept.Version, kept.BundleDueAt, kept.AttachmentsJson));
    }

    [Fact]
    public async Task Selesai_of_a_cancelled_draft_pressed_at_the_files_step_of_another_changes_nothing_and_is_answered()
    {
        using var h = new TipsHarness(db: databaseKind);
        var me = TipsHarness.Author();
        await h.Send(new TipStart(me));
        var old = Assert.Single(await h.Send(new TipText(me, "Tiang listrik roboh di Jalan Sudirman."))).Buttons[0].Action;
        await h.Send(new TipAction(me, "cancel"));
        await h.Send(new TipStart(me));
        var asked = Assert.Single(await h.Send(new TipText(me, "Banjir setinggi lutut di Kampung Melayu.")));
        await h.Send(new TipAttachment(me, "photo", "p1", null, "image/jpeg", 10));
        var open = await h.Db(db => db.Set<TipDraft>().AsNoTracking().SingleAsync());
        Assert.NotEqual(old, asked.Buttons[0].Action);

        // The first draft's Selesai, still in the chat, pressed now.
        var replies = await h.Send(new TipAction(me, old) { PressId = "test:old-files" });

        Assert.Equal(2, replies.Count);
        Assert.Equal(h.Text("tips.done_not_active", "id"), replies[0].Text);
        Assert.Empty(replies[0].Buttons);
        // Then what the open draft asks now, with its own Selesai.
        Assert.Equal(h.Text("tips.ask_media", "id"), replies[1].Text);
        Assert.Equal([$"done:{open.Id}", "cancel"], replies[1].Buttons.Select(b => b.Action));
        var kept = await h.Db(db => db.Set<TipDraft>().AsNoTracking().SingleAsync());
        Assert.Equal((open.Id, TipDraftStep.Media, open.Version, open.Text, open.AttachmentsJson), (kept.Id, kept.Step, kept.Version, kept.Text, kept.AttachmentsJson));
        Assert.Empty(await h.Db(db => db.Set<Tip>().ToListAsync()));

        // Its own Selesai moves it on.
        Assert.Equal(h.Text("tips.ask_contact", "id"), Assert.Single(await h.Send(new TipAction(me, asked.Buttons[0].Action))).Text);
        Assert.Equal(TipDraftStep.Contact, (await h.Db(db => db.Set<TipDraft>().AsNoTracking().SingleAsync())).Step);
    }

    [Fact]
    public async Task Selesai_of_a_cancelled_draft_pressed_while_a_bundle_is_open_does_not_send_the_bundle()
    {
        using var h = new TipsHarness(db: databaseKind);
        var me = TipsHarness.Author();
        await h.Send(new TipStart(me));
        var old = Assert.Single(await h.Send(new TipText(me, "Cerita yang dibatalkan."))).Buttons[0].Action;
        await h.Send(new TipAction(me, "cancel"));
        await h.Send(new TipAttachment(me, "photo", "p1", null, "image/jpeg", 10) { Caption = "Pohon tumbang menutup jalan" });
        var bundle = await h.Db(db => db.Set<TipDraft>().AsNoTracking().SingleAsync());
        Assert.NotNull(bundle.BundleDueAt);

        var reply = Assert.Single(await h.Send(new TipAction(me, old) { PressId = "test:old-files" }));

        Assert.Equal(h.Text("tips.done_not_active", "id"), reply.Text);
        // The bundle's own Kirim and Batal under the answer.
        Assert.Equal([$"send:{bundle.Id}", "cancel"], reply.Buttons.Select(b => b.Action));
        Assert.Empty(await h.Db(db => db.Set<Tip>().ToListAsync()));
        Assert.Empty(h.Notifier.Editors);
        var kept = await h.Db(db => db.Set<TipDraft>().AsNoTracking().SingleAsync());
        Assert.Equal((bundle.Id, bundle.Version, bundle.BundleDueAt, bundle.AttachmentsJson), (kept.Id, kept.Version, kept.BundleDueAt, kept.AttachmentsJson));

        // A bare Selesai (typed on WhatsApp) still sends the bundle, as it always did.
        var sent = Assert.Single(await h.Send(new TipAction(me, "done") { PressId = "test:typed", Typed = true }));
        var tip = await h.Db(db => db.Set<Tip>().SingleAsync());
        Assert.Equal((h.Text("tips.submitted", "id", tip.Ticket), bundle.Id), (sent.Text, tip.DraftId));
    }

    [Fact]
    public async Task A_typed_Kirim_moves_on_from_the_files_and_sends_at_the_summary_where_Selesai_pressed_or_typed_gets_the_hint()
    {
        using var h = new TipsHarness(db: databaseKind);
        var me = TipsHarness.Author();
        await h.Send(new TipStart(me));
        await h.Send(new TipText(me, "Jembatan Cisadane retak di tengah."));
        // A Kirim button left on an older message gets the step's hint; the word typed for it (WhatsApp's "kirim") moves on, as Selesai.
        Assert.Equal(h.Text("tips.media_hint", "id"), Assert.Single(await h.Send(new TipAction(me, "send") { PressId = "test:old-button" })).Text);
        Assert.Equal(h.Text("tips.ask_contact", "id"), Assert.Single(await h.Send(new TipAction(me, "send") { PressId = "test:typed-1", Typed = true })).Text);
        await h.Send(new TipAction(me, "skip"));

        // Selesai at the summary, the button or the word: the hint (this channel has no wording of its own) and the summary, nothing sent.
        foreach (var done in new[] { new TipAction(me, "done") { PressId = "test:done-button" }, new TipAction(me, "done") { PressId = "test:typed-2", Typed = true } })
        {
            var replies = await h.Send(done);
            Assert.Equal(2, replies.Count);
            Assert.Equal(h.Text("tips.confirm_hint", "id"), replies[0].Text);
            Assert.StartsWith("send:", replies[1].Buttons[0].Action, StringComparison.Ordinal);
        }

        Assert.Empty(await h.Db(db => db.Set<Tip>().ToListAsync()));
        var sent = Assert.Single(await h.Send(new TipAction(me, "send") { PressId = "test:typed-3", Typed = true }));
        var tip = await h.Db(db => db.Set<Tip>().SingleAsync());
        Assert.Equal((h.Text("tips.submitted", "id", tip.Ticket), "test:typed-3"), (sent.Text, tip.SentByPress));
    }

    [Theory]
    [InlineData("send")]
    [InlineData("done")]
    public async Task A_press_naming_no_draft_handled_again_after_it_sent_the_tip_is_answered_with_its_ticket(string action)
    {
        using var h = new TipsHarness(db: databaseKind);
        var me = TipsHarness.Author();
        await h.Send(new TipAttachment(me, "photo", "p1", null, "image/jpeg", 10) { Caption = "Banjir di Jl. Daan Mogot" });
        // A word typed for the button (WhatsApp's "kirim"): no draft named, the message's id is the press's.
        var typed = new TipAction(me, action) { PressId = "test:wamid.KIRIM1" };
        var first = Assert.Single(await h.Send(typed));
        var tip = await h.Db(db => db.Set<Tip>().SingleAsync());
        // A new bundle opened since: the message handled again answers the tip it sent and does not send this one.
        await h.Send(new TipAttachment(me, "photo", "p2", null, "image/jpeg", 10));

        var again = Assert.Single(await h.Send(typed));

        Assert.Equal(h.Text("tips.submitted", "id", tip.Ticket), first.Text);
        Assert.Equal(first.Text, again.Text);
        Assert.Equal("test:wamid.KIRIM1", tip.SentByPress);
        Assert.Equal(tip.Id, (await h.Db(db => db.Set<Tip>().SingleAsync())).Id);
        Assert.NotNull((await h.Db(db => db.Set<TipDraft>().SingleAsync())).BundleDueAt);
        Assert.Single(h.Notifier.Editors);
    }

    [Fact]
    public async Task A_bare_Kirim_at_the_summary_handled_again_is_answered_with_its_ticket_also_when_its_id_is_longer_than_the_column()
    {
        using var h = new TipsHarness(db: databaseKind);
        var me = await h.ToSummaryAsync(TipsHarness.Author());
        // A Teams press id carries the whole conversation id, which can be longer than the column.
        var press = new TipAction(me, "send") { PressId = "test:" + new string('a', 400) };
        var first = Assert.Single(await h.Send(press));
        var tip = await h.Db(db => db.Set<Tip>().SingleAsync());

        var again = Assert.Single(await h.Send(press));

        Assert.Equal(h.Text("tips.submitted", "id", tip.Ticket), first.Text);
        Assert.Equal(first.Text, again.Text);
        Assert.StartsWith("sha256:", tip.SentByPress, StringComparison.Ordinal);
        Assert.Equal(tip.Id, (await h.Db(db => db.Set<Tip>().SingleAsync())).Id);
    }

    [Fact]
    public async Task Kirim_with_nothing_ever_sent_is_told_there_is_nothing_to_send_and_how_to_begin()
    {
        using var h = new TipsHarness(db: databaseKind);
        var me = TipsHarness.Author();

        var reply = Assert.Single(await h.Send(new TipAction(me, "send") { PressId = "test:first" }));

        Assert.Equal(NothingToSend(h, null), reply.Text);
        Assert.Equal("Tidak ada usulan yang menunggu untuk dikirim. Untuk mengirim usulan berita, ketik /usulan.", reply.Text);
        Assert.Empty(reply.Buttons);
        Assert.Empty(await h.Db(db => db.Set<Tip>().ToListAsync()));
        Assert.Null(await h.Db(db => db.Set<TipDraft>().FirstOrDefaultAsync()));
    }

    /// <summary>The answer to Selesai or Kirim with nothing open: nothing to send, the last ticket if any, how to begin.</summary>
    private static string NothingToSend(TipsHarness h, string? lastTicket) =>
        string.Join(" ", lastTicket is null
            ? [h.Text("tips.nothing_to_send", "id"), h.Text("tips.not_in_flow", "id")]
            : new[] { h.Text("tips.nothing_to_send", "id"), h.Text("tips.last_ticket", "id", lastTicket), h.Text("tips.not_in_flow", "id") });

    [Fact]
    public async Task A_bundles_Kirim_pressed_after_the_worker_sent_it_is_answered_with_its_ticket()
    {
        using var h = new TipsHarness(db: databaseKind);
        var me = TipsHarness.Author();
        var received = Assert.Single(await h.Send(new TipAttachment(me, "photo", "p1", null, "image/jpeg", 10) { Caption = "Banjir" }));
        h.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(1, await h.Get<Humas.Bot.Tips.Flow.TipBundles>().SendDueAsync(default));
        var tip = await h.Db(db => db.Set<Tip>().SingleAsync());

        var late = Assert.Single(await h.Send(new TipAction(me, received.Buttons[0].Action)));

        Assert.Equal(h.Text("tips.submitted", "id", tip.Ticket), late.Text);
        Assert.Equal(tip.Id, (await h.Db(db => db.Set<Tip>().SingleAsync())).Id);
    }

    [Fact]
    public async Task A_contact_is_kept_and_tickets_count_on_within_the_month()
    {
        using var h = new TipsHarness(db: databaseKind);
        var first = await h.SubmitAsync(TipsHarness.Author("1"));
        var me = TipsHarness.Author("2");
        await h.Send(new TipStart(me));
        await h.Send(new TipText(me, "Penyaluran bansos di Gorontalo."));
        await h.Send(new TipAction(me, "done"));
        await h.Send(new TipContact(me, "+62 812 3456 7890", "Masran"));
        await h.Send(new TipAction(me, "send"));

        var tip = await h.Db(db => db.Set<Tip>().SingleAsync(t => t.UserExternalId == "2"));
        Assert.Equal(("USL-202611-0001", "USL-202611-0002", "+62 812 3456 7890", "Masran"), (first, tip.Ticket, tip.ContactPhone, tip.ContactName));

        h.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 17, 0, 0, TimeSpan.Zero)); // 1 December 00:00 in Jakarta
        Assert.Equal("USL-202612-0001", await h.SubmitAsync(TipsHarness.Author("3")));
    }

    [Fact]
    public async Task Batal_at_the_summary_stores_nothing()
    {
        using var h = new TipsHarness(db: databaseKind);
        var me = TipsHarness.Author();
        await h.Send(new TipStart(me));
        await h.Send(new TipText(me, "Sesuatu terjadi."));
        await h.Send(new TipAttachment(me, "photo", "file-1", null, null, 10));
        await h.Send(new TipAction(me, "done"));
        await h.Send(new TipAction(me, "skip"));

        var reply = Assert.Single(await h.Send(new TipAction(me, "cancel")));

        Assert.Equal(h.Text("tips.cancelled", "id"), reply.Text);
        Assert.Empty(await h.Db(db => db.Set<Tip>().ToListAsync()));
        Assert.Empty(await h.Db(db => db.Set<TipAttachmentRecord>().ToListAsync()));
        Assert.Empty(await h.Db(db => db.Set<TipDraft>().ToListAsync()));
        Assert.Empty(await h.Db(db => db.Set<TipTicketCounter>().ToListAsync()));
        Assert.Empty(h.Notifier.Editors);
        Assert.False(await h.Flow.IsInFlowAsync(me, default));
        Assert.Equal(h.Text("tips.nothing_to_cancel", "id"), Assert.Single(await h.Send(new TipAction(me, "cancel"))).Text);
    }

    [Fact]
    public async Task Too_long_a_story_is_refused_politely_and_the_step_stays()
    {
        using var h = new TipsHarness(db: databaseKind);
        var me = TipsHarness.Author();
        await h.Send(new TipStart(me));

        var reply = Assert.Single(await h.Send(new TipText(me, new string('a', 4001))));

        Assert.Equal(h.Text("tips.text_too_long", "id", 4000, 4001), reply.Text);
        Assert.Equal(h.Text("tips.ask_media", "id"), Assert.Single(await h.Send(new TipText(me, new string('a', 4000)))).Text);
    }

    [Fact]
    public async Task Files_beyond_the_count_and_size_caps_are_refused_politely_naming_the_cap()
    {
        using var h = new TipsHarness(new() { ["Tips:MaxFilesPerTip"] = "2" }, db: databaseKind);
        var me = TipsHarness.Author();
        await h.Send(new TipStart(me));
        await h.Send(new TipText(me, "Banyak foto."));

        var tooBig = Assert.Single(await h.Send(new TipAttachment(me, "video", "big", "v.mp4", "video/mp4", 20L * 1024 * 1024 + 1)));
        Assert.Equal(h.Text("tips.file_too_large", "id", "20"), tooBig.Text);
        Assert.Contains("20 MB", tooBig.Text);
        await h.Send(new TipAttachment(me, "photo", "p1", null, null, 20L * 1024 * 1024));
        await h.Send(new TipAttachment(me, "document", "p2", "a.pdf", "application/pdf", null));
        var third = Assert.Single(await h.Send(new TipAttachment(me, "photo", "p3", null, null, 10)));
        Assert.Equal(h.Text("tips.too_many_files", "id", 2), third.Text);

        await h.Send(new TipAction(me, "done"));
        await h.Send(new TipAction(me, "skip"));
        await h.Send(new TipAction(me, "send"));
        Assert.Equal(["p1", "p2"], await h.Db(db => db.Set<TipAttachmentRecord>().OrderBy(a => a.Id).Select(a => a.ChannelFileId).ToListAsync()));
    }

    [Fact]
    public async Task The_daily_cap_refuses_a_new_tip_until_the_next_Jakarta_day()
    {
        using var h = new TipsHarness(new() { ["Tips:MaxTipsPerDay"] = "2" }, db: databaseKind);
        var me = TipsHarness.Author();
        await h.SubmitAsync(me);
        await h.SubmitAsync(me);

        var refused = Assert.Single(await h.Send(new TipStart(me)));

        Assert.Equal(h.Text("tips.daily_cap", "id", 2), refused.Text);
        Assert.False(await h.Flow.IsInFlowAsync(me, default));
        Assert.Equal(h.Text("tips.ask_text", "id"), Assert.Single(await h.Send(new TipStart(TipsHarness.Author("someone-else")))).Text);

        h.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 22, 17, 0, 0, TimeSpan.Zero)); // midnight in Jakarta
        Assert.Equal(h.Text("tips.ask_text", "id"), Assert.Single(await h.Send(new TipStart(me))).Text);
    }

    [Fact]
    public async Task Blocked_authors_by_configuration_or_by_the_block_list_get_a_polite_refusal()
    {
        using var h = new TipsHarness(new() { ["Tips:BlockedAuthors:0"] = "test:spammer" }, db: databaseKind);
        var spammer = TipsHarness.Author("spammer");
        Assert.Equal(h.Text("tips.blocked", "id"), Assert.Single(await h.Send(new TipStart(spammer))).Text);

        var me = TipsHarness.Author();
        await h.Send(new TipStart(me));
        await h.Send(new TipText(me, "Halo."));
        Assert.True(await h.Get<Humas.Bot.Tips.Flow.TipBlockList>().BlockAsync(new AuthorKey("test", "42"), default));
        Assert.False(await h.Get<Humas.Bot.Tips.Flow.TipBlockList>().BlockAsync(new AuthorKey("test", "42"), default));

        Assert.False(await h.Flow.IsInFlowAsync(me, default));
        Assert.Equal(h.Text("tips.blocked", "id"), Assert.Single(await h.Send(new TipStart(me))).Text);
        Assert.Empty(await h.Db(db => db.Set<Tip>().ToListAsync()));
    }

    [Fact]
    public async Task Unexpected_input_gets_a_short_helpful_reply_and_changes_nothing()
    {
        using var h = new TipsHarness(db: databaseKind);
        var me = TipsHarness.Author();
        Assert.Equal(h.Text("tips.not_in_flow", "id"), Assert.Single(await h.Send(new TipText(me, "halo"))).Text);
        await h.Send(new TipStart(me));
        Assert.Equal(h.Text("tips.need_text", "id"), Assert.Single(await h.Send(new TipLocation(me, 1, 2))).Text);
        await h.Send(new TipText(me, "Cerita."));
        await h.Send(new TipLocation(me, 1, 2));

        Assert.Equal(h.Text("tips.location_duplicate", "id"), Assert.Single(await h.Send(new TipLocation(me, 3, 4))).Text);
        Assert.Equal(h.Text("tips.media_hint", "id"), Assert.Single(await h.Send(new TipAttachment(me, "sticker", "s1", null, null, 10))).Text);
        Assert.Equal(h.Text("tips.media_hint", "id"), Assert.Single(await h.Send(new TipAction(me, "send"))).Text);
        await h.Send(new TipAction(me, "done"));
        Assert.Equal(h.Text("tips.contact_hint", "id"), Assert.Single(await h.Send(new TipText(me, "tidak mau"))).Text);
        var resume = await h.Send(new TipStart(me));
        Assert.Equal([h.Text("tips.resume", "id"), h.Text("tips.ask_contact", "id")], resume.Select(r => r.Text));

        await h.Send(new TipText(me, "0812-3456-7890"));
        var tip = await h.SubmitFromSummaryAsync(me);
        Assert.Equal((1d, 2d, "0812-3456-7890"), (tip.Latitude!.Value, tip.Longitude!.Value, tip.ContactPhone));
        Assert.Empty(await h.Db(db => db.Set<TipAttachmentRecord>().ToListAsync()));
    }

    [Fact]
    public async Task A_restart_mid_flow_resumes_where_the_author_stopped()
    {
        using var database = TipsHarness.NewDatabase(databaseKind);
        var clock = new FakeTimeProvider(TipsHarness.Start);
        var me = TipsHarness.Author();
        using (var before = new TipsHarness(database: database, clock: clock, db: databaseKind))
        {
            await before.Send(new TipStart(me));
            await before.Send(new TipText(me, "Peresmian gedung baru."));
            await before.Send(new TipAttachment(me, "photo", "file-1", null, null, 10));
        }

        using var after = new TipsHarness(database: database, clock: clock, db: databaseKind);
        Assert.True(await after.Flow.IsInFlowAsync(me, default));
        Assert.Equal(after.Text("tips.media_received", "id", 2), Assert.Single(await after.Send(new TipAttachment(me, "voice", "file-2", null, "audio/ogg", 10))).Text);
        await after.Send(new TipAction(me, "done"));
        await after.Send(new TipAction(me, "skip"));
        await after.Send(new TipAction(me, "send"));

        var tip = Assert.Single(await after.Db(db => db.Set<Tip>().ToListAsync()));
        Assert.Equal("Peresmian gedung baru.", tip.Text);
        Assert.Equal(2, await after.Db(db => db.Set<TipAttachmentRecord>().CountAsync()));
    }

    [Fact]
    public async Task A_draft_untouched_for_a_day_expires()
    {
        using var h = new TipsHarness(db: databaseKind);
        var me = TipsHarness.Author();
        await h.Send(new TipStart(me));
        await h.Send(new TipText(me, "Cerita lama."));
        h.Clock.Advance(TimeSpan.FromHours(23));
        Assert.True(await h.Flow.IsInFlowAsync(me, default));

        h.Clock.Advance(TimeSpan.FromHours(2));

        Assert.False(await h.Flow.IsInFlowAsync(me, default));
        Assert.Equal(NothingToSend(h, null), Assert.Single(await h.Send(new TipAction(me, "done"))).Text);
        Assert.Equal(h.Text("tips.ask_text", "id"), Assert.Single(await h.Send(new TipStart(me))).Text);
    }

    [Fact]
    public async Task Twenty_concurrent_submissions_get_twenty_distinct_consecutive_tickets()
    {
        using var h = new TipsHarness(db: databaseKind);
        var authors = Enumerable.Range(1, 20).Select(i => TipsHarness.Author($"u{i}")).ToList();
        foreach (var author in authors)
        {
            await h.ToSummaryAsync(author);
        }

        var replies = await Task.WhenAll(authors.Select(a => Task.Run(() => h.Send(new TipAction(a, "send")))));

        var tickets = await h.Db(db => db.Set<Tip>().Select(t => t.Ticket).ToListAsync());
        Assert.Equal(20, tickets.Count);
        Assert.Equal(Enumerable.Range(1, 20).Select(n => $"USL-202611-{n:D4}").Order(), tickets.Order());
        Assert.Equal(tickets.Select(t => h.Text("tips.submitted", "id", t)).Order(), replies.Select(r => Assert.Single(r).Text).Order());
    }

    [Fact]
    public async Task Photos_of_an_album_arriving_at_once_are_all_kept()
    {
        using var h = new TipsHarness(db: databaseKind);
        var me = TipsHarness.Author();
        await h.Send(new TipStart(me));
        await h.Send(new TipText(me, "Album."));

        await Task.WhenAll(Enumerable.Range(1, 3).Select(i => Task.Run(() => h.Send(new TipAttachment(me, "photo", $"p{i}", null, null, 10)))));
        await h.Send(new TipAction(me, "done"));
        await h.Send(new TipAction(me, "skip"));
        await h.Send(new TipAction(me, "send"));

        Assert.Equal(["p1", "p2", "p3"], (await h.Db(db => db.Set<TipAttachmentRecord>().Select(a => a.ChannelFileId).ToListAsync())).Order());
    }
}

public sealed class TipFlowTestsOnSqlite() : TipFlowTests(DatabaseKind.Sqlite);

public sealed class TipFlowTestsOnPostgres() : TipFlowTests(DatabaseKind.Postgres);
