using System.Net;
using System.Net.Http.Json;
using Humas.Bot.Conversations.Inbound;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Feedback;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tests.Channels.Loopback;
using Humas.Bot.Tests.Support;
using Humas.Bot.Tips.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Humas.Bot.Tests.Conversations;

/// <summary>
/// The one way in, driven by the test channel (tests/…/Channels/Loopback), which only maps "a user did X" to the
/// core's events: commands, votes, tip input and the editors' decisions are all decided by the core's router, and
/// every reply, toast and edit comes back through the gateway.
/// </summary>
public sealed class InboundRouterTests : IDisposable
{
    private const string Key = "cms-key-router";
    private const string Editors = "redaksi";
    private readonly HumasAppFactory _app = new(
        new() { ["Publishing:ApiKeys:0"] = Key, ["Loopback:EditorsChat"] = Editors },
        services => services.AddLoopbackChannel());

    public void Dispose() => _app.Dispose();

    private LoopbackChannel Platform => _app.Services.GetRequiredService<LoopbackChannel>();

    [Fact]
    public async Task A_command_is_answered_through_the_gateway_and_an_unknown_one_gets_the_help_hint()
    {
        _ = _app.Services;
        await WithInboundAsync(async inbound =>
        {
            await inbound.ReceiveAsync("r-cmd", "/langganan", CancellationToken.None);
            await inbound.ReceiveAsync("r-cmd", "/tidakada", CancellationToken.None);
        });

        var replies = Sent("r-cmd");
        Assert.Equal(2, replies.Count);
        Assert.NotEmpty(replies[0].Buttons); // the institution menu
        Assert.Contains("/tidakada", replies[1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_group_command_from_a_member_who_may_not_manage_it_is_refused_and_chatter_creates_no_conversation()
    {
        _ = _app.Services;
        var group = LoopbackInbound.Group("grup-warga");
        await WithInboundAsync(async inbound =>
        {
            await inbound.ReceiveAsync(group, "chatty", "halo semua", CancellationToken.None);
            await using (var db = _app.CreateDbContext())
            {
                Assert.False(await db.Set<Conversation>().AnyAsync(c => c.ExternalId == "grup-warga"), "chatter in a group creates nothing");
            }

            await inbound.ReceiveAsync(group, "guest-1", "/berhenti", CancellationToken.None);
        });

        var refusal = Assert.Single(Platform.Platform, p => p.To.ExternalId == "grup-warga");
        Assert.Contains("admin", ((ReplyMessage)refusal.Message!).Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_vote_is_acknowledged_with_its_outcome_and_pressing_again_withdraws_it()
    {
        var articleId = await PublishAsync();
        var payload = ReactionActionData.Encode(articleId, 2);
        var chat = LoopbackInbound.Private("r-vote");
        InboundOutcome first = null!, again = null!, unknown = null!;
        await WithInboundAsync(async inbound =>
        {
            first = await inbound.PressAsync(chat, "r-vote", payload, CancellationToken.None, answerId: "q1");
            again = await inbound.PressAsync(chat, "r-vote", payload, CancellationToken.None, answerId: "q2");
            unknown = await inbound.PressAsync(chat, "r-vote", ReactionActionData.Encode(Guid.NewGuid(), 1), CancellationToken.None, answerId: "q3");
        });

        Assert.Equal(VoteChange.Added, first.Vote!.Change);
        Assert.Equal(VoteChange.Withdrawn, again.Vote!.Change);
        Assert.Null(unknown.Vote);
        var answers = Platform.Platform.Where(p => p.Operation == "answer").ToList();
        Assert.Equal(["q1", "q2", "q3"], answers.Select(a => a.MessageId));
        Assert.StartsWith("Terima kasih! Pilihan anda:", Text(answers[0]), StringComparison.Ordinal);
        Assert.Equal("Pilihan anda dibatalkan.", Text(answers[1]));
        Assert.Equal("Artikel ini tidak ditemukan lagi.", Text(answers[2]));
        Assert.DoesNotContain(Platform.Platform, p => p.Operation == "send"); // a vote says nothing in the chat

        Assert.Null(await _app.Services.GetRequiredService<IReactionService>().GetVoteAsync(articleId, "loopback:r-vote", CancellationToken.None));
    }

    [Fact]
    public async Task Tip_input_text_a_file_and_a_location_while_a_tip_is_open_becomes_a_tip_with_a_ticket()
    {
        _ = _app.Services;
        var (ticket, tipId) = await SubmitTipAsync("r-tip", withFileAndLocation: true);

        Assert.Matches(@"^USL-\d{6}-\d{4}$", ticket);
        await using var db = _app.CreateDbContext();
        var tip = await db.Set<Tip>().SingleAsync(t => t.Id == tipId);
        Assert.Equal("Pohon tumbang menutup jalan desa", tip.Text);
        Assert.NotNull(tip.Latitude);
        Assert.Equal(1, await db.Set<TipAttachmentRecord>().CountAsync(a => a.TipId == tipId));
        // Outside a tip, the same text is only a hint.
        await WithInboundAsync(inbound => inbound.ReceiveAsync("r-tip", "Pohon tumbang lagi", CancellationToken.None));
        Assert.Contains("/bantuan", Sent("r-tip")[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_editors_decision_is_taken_in_the_core_toasted_written_into_the_post_and_refused_elsewhere()
    {
        _ = _app.Services;
        var (_, tipId) = await SubmitTipAsync("r-editor", withFileAndLocation: false);
        var editors = LoopbackInbound.Group(Editors);
        await WithInboundAsync(async inbound =>
        {
            await inbound.PressAsync(LoopbackInbound.Group("bukan-redaksi"), "sari", $"e:accept:{tipId}", CancellationToken.None, answerId: "x1");
            await inbound.PressAsync(editors, "sari", $"e:accept:{tipId}", CancellationToken.None, answerId: "a1", messageId: "post-1", messageText: "Usulan baru");
            await inbound.PressAsync(editors, "budi", $"e:decline:{tipId}", CancellationToken.None, answerId: "a2");
        });

        var answers = Platform.Platform.Where(p => p.Operation == "answer").Select(Text).ToList();
        Assert.Contains("hanya untuk redaksi", answers[0], StringComparison.Ordinal);
        Assert.Equal("Usulan diterima; pengirim sudah dikabari.", answers[1]);
        Assert.Equal("Usulan ini sudah diputuskan sebelumnya.", answers[2]);
        var edit = Assert.Single(Platform.Platform, p => p.Operation == "edit" && p.MessageId == "post-1");
        Assert.Equal("Usulan baru\n\nStatus: diterima oleh Pengguna sari", ((ReplyMessage)edit.Message!).Text);

        await using var db = _app.CreateDbContext();
        var tip = await db.Set<Tip>().SingleAsync(t => t.Id == tipId);
        Assert.Equal(TipState.Accepted, tip.State);
        Assert.Equal("Pengguna sari", tip.DecidedBy);
    }

    [Fact]
    public async Task Balas_asks_with_a_prompt_and_a_reply_to_it_or_the_forms_submit_reaches_the_contributor()
    {
        _ = _app.Services;
        var (ticket, tipId) = await SubmitTipAsync("r-balas", withFileAndLocation: false);
        var editors = LoopbackInbound.Group(Editors);
        await WithInboundAsync(async inbound =>
        {
            await inbound.PressAsync(editors, "sari", $"e:reply:{tipId}", CancellationToken.None, messageId: "post-2");
            var prompt = (PromptMessage)Assert.Single(Platform.Platform, p => p.Message is PromptMessage).Message!;
            Assert.Equal("post-2", prompt.InReplyTo);
            Assert.Equal($"e:send:{tipId}", prompt.SubmitAction);
            Assert.Contains(ticket, prompt.Text, StringComparison.Ordinal);

            // Without forms: a reply quoting the bot's prompt. With forms: the submit carries the text.
            await inbound.ReceiveAsync(editors, "sari", "Di jalan mana tepatnya?", CancellationToken.None, new QuotedMessage("p1", prompt.Text, FromBot: true));
            await inbound.PressAsync(editors, "budi", prompt.SubmitAction, CancellationToken.None, input: "Ada fotonya?");
            // A reply to someone else's message is chatter.
            await inbound.ReceiveAsync(editors, "sari", "setuju", CancellationToken.None, new QuotedMessage("p2", prompt.Text, FromBot: false));
        });

        var confirmations = Platform.Platform.Where(p => p.To.ExternalId == Editors && p.Message is ReplyMessage { Text: var t } && t.StartsWith("Pesan diteruskan", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, confirmations.Count);
        await using var db = _app.CreateDbContext();
        var thread = await db.Set<TipEvent>().Where(e => e.TipId == tipId && e.Kind == TipEventKind.EditorMessage).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(["Di jalan mana tepatnya?", "Ada fotonya?"], thread.Select(e => e.Note));
        Assert.Equal(["Pengguna sari", "Pengguna budi"], thread.Select(e => e.Actor));
    }

    private async Task<(string Ticket, long TipId)> SubmitTipAsync(string user, bool withFileAndLocation)
    {
        var ct = CancellationToken.None;
        var chat = LoopbackInbound.Private(user);
        await WithInboundAsync(async inbound =>
        {
            await inbound.ReceiveAsync(user, "/usulan", ct);
            await inbound.ReceiveAsync(user, "Pohon tumbang menutup jalan desa", ct);
            if (withFileAndLocation)
            {
                await inbound.FileAsync(user, "file-1", ct);
                await inbound.LocationAsync(user, -6.2, 106.8, ct);
            }

            await inbound.PressAsync(chat, user, "t:done", ct);
            await inbound.PressAsync(chat, user, "t:skip", ct);
            await inbound.PressAsync(chat, user, "t:send", ct);
        });

        await using var db = _app.CreateDbContext();
        var tip = await db.Set<Tip>().SingleAsync(t => t.UserExternalId == user);
        Assert.Contains(tip.Ticket, Sent(user)[^1].Text, StringComparison.Ordinal);
        return (tip.Ticket, tip.Id);
    }

    private async Task WithInboundAsync(Func<LoopbackInbound, Task> act)
    {
        using var scope = _app.Services.CreateScope();
        await act(scope.ServiceProvider.GetRequiredService<LoopbackInbound>());
    }

    private List<ReplyMessage> Sent(string user) =>
        Platform.Platform.Where(p => p.Operation == "send" && p.To.ExternalId == user && p.Message is ReplyMessage).Select(p => (ReplyMessage)p.Message!).ToList();

    private static string Text(LoopbackChannel.Posted answer) => ((TextMessage)answer.Message!).Text;

    private async Task<Guid> PublishAsync()
    {
        using var client = _app.CreateClient();
        var url = $"https://www.kominfo.go.id/berita/{Guid.NewGuid():N}";
        using var publish = new HttpRequestMessage(HttpMethod.Post, "/api/articles")
        {
            Content = JsonContent.Create(new { institution = "kominfo", title = "Layanan publik baru", url, publishedAt = DateTimeOffset.UtcNow.ToString("O") }),
        };
        publish.Headers.Add("X-Api-Key", Key);
        Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(publish)).StatusCode);
        await using var db = _app.CreateDbContext();
        return await db.Set<Article>().Where(a => a.Url == url).Select(a => a.Id).SingleAsync();
    }
}
