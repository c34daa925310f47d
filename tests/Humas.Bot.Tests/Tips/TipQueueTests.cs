using Humas.Bot.Tests.Support;
using Humas.Bot.Tips.Model;
using Humas.Bot.Tips.Queue;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Tips;

public abstract class TipQueueTests(DatabaseKind databaseKind)
{
    [Fact]
    public async Task Accepting_notifies_the_contributor_in_their_language_and_writes_the_audit_trail()
    {
        using var h = new TipsHarness(db: databaseKind);
        var me = TipsHarness.Author(language: "en");
        var ticket = await h.SubmitAsync(me);
        var tip = Assert.Single(await h.Queue.ListAsync(TipState.New, 10, default));
        h.Clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(TipActionResult.Done, await h.Queue.AcceptAsync(tip.Id, "Sri Prastiwi", "Dimuat besok pagi.", default));

        var notice = Assert.Single(h.Notifier.Contributors);
        Assert.Equal((TipNoticeKind.Accepted, "test", "chat-42", "42", ticket), (notice.Kind, notice.Channel, notice.ConversationExternalId, notice.UserExternalId, notice.Ticket));
        Assert.Equal(h.Text("tips.notice.accepted", "en", ticket) + "\n\n" + h.Text("tips.notice.note", "en", "Dimuat besok pagi."), notice.Text);
        var stored = await h.Db(db => db.Set<Tip>().SingleAsync());
        Assert.Equal((TipState.Accepted, "Sri Prastiwi", TipsHarness.Start.UtcDateTime.AddMinutes(5)), (stored.State, stored.DecidedBy, stored.DecidedAt!.Value));
        var history = await h.Queue.HistoryAsync(tip.Id, default);
        Assert.Equal([TipEventKind.Submitted, TipEventKind.Accepted], history.Select(e => e.Kind));
        Assert.Equal(("Sri Prastiwi", "Dimuat besok pagi.", TipsHarness.Start.UtcDateTime.AddMinutes(5)), (history[1].Actor, history[1].Note, history[1].CreatedAt));
        Assert.Equal("test:42", history[0].Actor);

        // A second editor tapping Tolak a moment later changes nothing and notifies nobody.
        Assert.Equal(TipActionResult.AlreadyDecided, await h.Queue.DeclineAsync(tip.Id, "Masrokhan", null, default));
        Assert.Single(h.Notifier.Contributors);
        Assert.Equal(2, (await h.Queue.HistoryAsync(tip.Id, default)).Count);
        Assert.Equal(TipActionResult.NotFound, await h.Queue.AcceptAsync(999, "x", null, default));
    }

    [Fact]
    public async Task Declining_without_a_note_notifies_with_the_decline_text_only()
    {
        using var h = new TipsHarness(db: databaseKind);
        var ticket = await h.SubmitAsync(TipsHarness.Author());
        var tip = Assert.Single(await h.Queue.ListAsync(null, 10, default));

        Assert.Equal(TipActionResult.Done, await h.Queue.DeclineAsync(tip.Id, "Redaksi", null, default));

        Assert.Equal(h.Text("tips.notice.declined", "id", ticket), Assert.Single(h.Notifier.Contributors).Text);
        Assert.Equal(TipState.Declined, Assert.Single(await h.Queue.ListAsync(TipState.Declined, 10, default)).State);
        Assert.Empty(await h.Queue.ListAsync(TipState.New, 10, default));
    }

    [Fact]
    public async Task An_editor_reply_is_relayed_and_the_answer_comes_back_in_the_same_thread()
    {
        using var h = new TipsHarness(db: databaseKind);
        var me = TipsHarness.Author();
        var ticket = await h.SubmitAsync(me);
        await h.SubmitAsync(me, "Usulan kedua.");
        var tip = (await h.Queue.ListAsync(null, 10, default)).Single(t => t.Ticket == ticket);
        Assert.False(await h.Flow.IsInFlowAsync(me, default));

        Assert.Equal(TipActionResult.Done, await h.Queue.ReplyAsync(tip.Id, "Sri", "Jam berapa acaranya?", default));

        var relayed = Assert.Single(h.Notifier.Contributors);
        Assert.Equal((TipNoticeKind.EditorMessage, h.Text("tips.notice.editor_message", "id", ticket, "Jam berapa acaranya?")), (relayed.Kind, relayed.Text));
        Assert.Equal(TipState.InDiscussion, (await h.Queue.ListAsync(TipState.InDiscussion, 10, default)).Single().State);
        Assert.True(await h.Flow.IsInFlowAsync(me, default));

        var ack = Assert.Single(await h.Send(new Humas.Bot.Tips.TipText(me, "Pukul 09.00 WIB.")));

        Assert.Equal(h.Text("tips.answer_received", "id", ticket), ack.Text);
        var back = h.Notifier.Editors.Last();
        Assert.Equal((TipNoticeKind.ContributorMessage, tip.Id), (back.Kind, back.TipId));
        Assert.Contains("Pukul 09.00 WIB.", back.Text);
        var thread = await h.Queue.HistoryAsync(tip.Id, default);
        Assert.Equal([TipEventKind.Submitted, TipEventKind.EditorMessage, TipEventKind.ContributorMessage], thread.Select(e => e.Kind));
        Assert.Equal(["Jam berapa acaranya?", "Pukul 09.00 WIB."], thread.Skip(1).Select(e => e.Note));
        // Answered: the next plain message is not taken as another answer.
        Assert.False(await h.Flow.IsInFlowAsync(me, default));
        Assert.Equal(h.Text("tips.not_in_flow", "id"), Assert.Single(await h.Send(new Humas.Bot.Tips.TipText(me, "halo"))).Text);
        // A reply naming the ticket (a reply to the relayed message) continues the thread.
        Assert.Equal(h.Text("tips.answer_received", "id", ticket), (await h.Queue.AnswerAsync(me, ticket, "Tambahan: di lobi.", default)).Text);
        Assert.Equal(4, (await h.Queue.HistoryAsync(tip.Id, default)).Count);
        // Someone else cannot answer into this thread.
        Assert.Equal(h.Text("tips.not_in_flow", "id"), (await h.Queue.AnswerAsync(TipsHarness.Author("intruder"), ticket, "x", default)).Text);
    }

    [Fact]
    public async Task A_decision_and_its_notices_are_outbox_rows_committed_together()
    {
        using var h = new TipsHarness(db: databaseKind);
        var ticket = await h.SubmitAsync(TipsHarness.Author());
        await h.Db(async db =>
        {
            db.Add(new Humas.Bot.Subscriptions.Conversation { Channel = TipsHarness.Channel, ExternalId = "chat-42", CreatedAt = TipsHarness.Start.UtcDateTime, UpdatedAt = TipsHarness.Start.UtcDateTime });
            return await db.SaveChangesAsync();
        });
        var tip = Assert.Single(await h.Queue.ListAsync(null, 10, default));

        Assert.Equal(TipActionResult.Done, await h.Queue.AcceptAsync(tip.Id, "Redaksi", null, default));

        var notices = await h.Db(db => (
            from d in db.Set<Humas.Bot.Delivery.Model.DeliveryRecord>()
            join c in db.Set<Humas.Bot.Subscriptions.Conversation>() on d.ConversationId equals c.Id
            where d.Kind == Humas.Bot.Delivery.Model.DeliveryKind.Notice
            orderby d.Id
            select new { c.ExternalId, d.State, d.Payload }).ToListAsync());
        // The new tip to the editors' chat (its conversation made on the way), then the decision to the contributor.
        Assert.Equal(["editors", "chat-42"], notices.Select(n => n.ExternalId));
        Assert.All(notices, n => Assert.Equal(Humas.Bot.Delivery.Model.DeliveryState.Pending, n.State));
        var decision = Humas.Bot.Delivery.Messages.MessageComposer.DeserializeNotice(notices[1].Payload!);
        Assert.Equal(h.Text("tips.notice.accepted", "id", ticket), decision.Text);
        var newTip = Humas.Bot.Delivery.Messages.MessageComposer.DeserializeNotice(notices[0].Payload!);
        Assert.Equal(3, Assert.Single(newTip.Buttons).Count);
    }
}

public sealed class TipQueueTestsOnSqlite() : TipQueueTests(DatabaseKind.Sqlite);

public sealed class TipQueueTestsOnPostgres() : TipQueueTests(DatabaseKind.Postgres);
