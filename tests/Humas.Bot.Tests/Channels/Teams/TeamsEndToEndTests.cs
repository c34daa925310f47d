using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Humas.Bot.Feedback;
using Humas.Bot.FakePlatforms.Teams;
using Humas.Bot.FakePlatforms.Telegram;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tests.Channels.Telegram;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Channels.Teams;

/// <summary>
/// The whole Teams loop through the real host: install, subscribe, publish, the card with five reactions, a
/// vote answered with the new count and followed by a PUT for everyone, tips to the editors' channel and
/// the decision back to the contributor. Every card the bot produced is checked by the official
/// Adaptive Cards library at the end of each test.
/// </summary>
[Collection(EndToEnd.EndToEndCollection.Name)]
public sealed class TeamsEndToEndTests : IAsyncLifetime
{
    private TeamsHarness _h = null!;

    public async Task InitializeAsync() => _h = await TeamsHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_reader_installs_subscribes_receives_the_card_votes_and_everyone_sees_the_new_count()
    {
        var chat = TeamsHarness.PersonalConversation("ani");
        Assert.Equal(HttpStatusCode.OK, (await _h.PostAsync(_h.Installed(chat, "ani"))).StatusCode);
        var welcome = await _h.WaitForCallAsync(chat, c => c.Text is not null, "the welcome");
        Assert.Contains("langganan", welcome.Text, StringComparison.Ordinal);

        // "langganan" typed without a slash shows the subscription menu as a card; "all news" is pressed.
        await _h.PostAsync(_h.Personal("ani", "langganan"));
        var menu = await _h.WaitForCallAsync(chat, c => Actions(c).Contains("sub:all"), "the subscription menu card");
        await _h.PostAsync(_h.Submit(chat, "ani", "sub:all"));
        await _h.WaitForCallAsync(chat, c => c.Text?.Contains("semua berita", StringComparison.OrdinalIgnoreCase) == true, "the subscription confirmed");

        var articleId = await PublishAsync();
        var sent = await _h.WaitForCallAsync(chat, c => c.Method == "SEND" && Texts(c).Any(t => t.Contains("Rakor Kontributor", StringComparison.Ordinal)), "the article card");
        var card = sent.Cards.Single();
        Assert.Equal("1.5", card["version"]!.GetValue<string>());
        var reactions = Executes(card);
        Assert.Equal(5, reactions.Count);
        Assert.All(reactions, r => Assert.EndsWith(" 0", r["title"]!.GetValue<string>(), StringComparison.Ordinal));
        Assert.All(reactions, r => Assert.Equal("Action.Submit", r["fallback"]!["type"]!.GetValue<string>()));
        var readMore = card["actions"]!.AsArray().Single()!;
        Assert.Equal(("Action.OpenUrl", "Baca selengkapnya"), (readMore["type"]!.GetValue<string>(), readMore["title"]!.GetValue<string>()));
        Assert.Contains("Jumat, 14 Juli 2017", string.Join("\n", Texts(sent)), StringComparison.Ordinal);

        // The vote is answered with the voter's refreshed card; then a PUT brings the count to everyone.
        var answer = await _h.InvokeAsync(_h.Execute("ani", reactions[0], sent.ActivityId));
        Assert.Equal(200, answer!["statusCode"]!.GetValue<int>());
        Assert.EndsWith(" 1", Executes(answer["value"]!.AsObject())[0]["title"]!.GetValue<string>(), StringComparison.Ordinal);
        var update = await _h.WaitForCallAsync(chat, c => c.Method == "UPDATE" && c.ActivityId == sent.ActivityId
            && Executes(c.Cards.Single())[0]["title"]!.GetValue<string>().EndsWith(" 1", StringComparison.Ordinal), "the counters PUT");
        Assert.Equal(sent.ActivityId, update.ActivityId);
        var counts = await CountsAsync(articleId);
        Assert.Equal(new[] { 1, 0, 0, 0, 0 }, counts);

        _h.AssertAllCardsValid();
    }

    [Fact]
    public async Task A_tip_reaches_the_editors_channel_and_acceptance_is_reported_to_the_contributor()
    {
        var chat = TeamsHarness.PersonalConversation("kontri");
        await _h.PostAsync(_h.Personal("kontri", "usulan"));
        var form = await _h.WaitForCallAsync(chat, c => Actions(c).Contains("t:cancel"), "the tip question with its form");
        Assert.Contains(form.Cards.Single()["body"]!.AsArray(), e => e!["type"]!.GetValue<string>() == "Input.Text");

        await _h.PostAsync(_h.Submit(chat, "kontri", "tipform", "personal", ("tipText", "Rakor Kontributor Berita PPK GBK hari ini di Gedung I Kemensetneg.")));
        var media = await _h.WaitForCallAsync(chat, c => Actions(c).Any(IsSelesai), "the request for attachments with Selesai");
        await _h.PostAsync(_h.Submit(chat, "kontri", Actions(media).Single(IsSelesai)));
        await _h.WaitForCallAsync(chat, c => Actions(c).Contains("t:skip"), "the contact question");
        await _h.PostAsync(_h.Submit(chat, "kontri", "t:skip"));
        var summary = await _h.WaitForCallAsync(chat, c => Actions(c).Any(IsKirim), "the summary with Kirim");
        await _h.PostAsync(_h.Submit(chat, "kontri", Actions(summary).Single(IsKirim)));
        var submitted = await _h.WaitForCallAsync(chat, c => Texts(c).Concat([c.Text ?? ""]).Any(t => t.Contains("nomor tiket", StringComparison.Ordinal)), "the ticket number");
        var ticket = Regex.Match(string.Join("\n", Texts(submitted).Append(submitted.Text ?? "")), @"USL-\d{6}-\d{4}").Value;
        Assert.NotEmpty(ticket);

        var posted = await _h.WaitForCallAsync(TeamsHarness.EditorsChannel, c => Texts(c).Any(t => t.Contains(ticket, StringComparison.Ordinal)), "the tip in the editors' channel");
        var buttons = posted.Cards.Single()["body"]!.AsArray().Where(e => e!["type"]!.GetValue<string>() == "ActionSet")
            .SelectMany(s => s!["actions"]!.AsArray()).ToList();
        Assert.Equal(["Terima", "Tolak", "Balas"], buttons.Select(b => b!["title"]!.GetValue<string>()));

        // A press from another conversation is refused; the editors' own press decides.
        await _h.PostAsync(_h.Submit(chat, "kontri", buttons[0]!["data"]!["humas"]!.GetValue<string>()));
        await _h.WaitForCallAsync(chat, c => c.Text?.Contains("hanya untuk redaksi", StringComparison.Ordinal) == true, "the refusal outside the editors' channel");
        Assert.DoesNotContain(_h.Connector.CallsTo(chat), c => c.Text?.StartsWith("Kabar baik!", StringComparison.Ordinal) == true);
        await _h.PostAsync(_h.Submit(TeamsHarness.EditorsChannel, "editor", buttons[0]!["data"]!["humas"]!.GetValue<string>(), "channel"));
        var decision = await _h.WaitForCallAsync(chat, c => c.Text?.StartsWith("Kabar baik!", StringComparison.Ordinal) == true, "the acceptance to the contributor");
        Assert.Contains(ticket, decision.Text, StringComparison.Ordinal);
        Assert.Single(_h.Connector.CallsTo(chat), c => c.Text?.StartsWith("Kabar baik!", StringComparison.Ordinal) == true);

        _h.AssertAllCardsValid();
    }

    [Fact]
    public async Task Files_sent_with_a_tip_in_personal_chat_are_downloaded_into_the_tip()
    {
        var storage = Directory.CreateTempSubdirectory("humas-teams-tips-");
        await using var h = await TeamsHarness.StartAsync(new() { ["Tips:StoragePath"] = storage.FullName });
        var chat = TeamsHarness.PersonalConversation("foto");
        var (document, _) = h.Connector.AddFile("laporan.pdf", "%PDF-1.4 laporan"u8.ToArray());
        var (_, pasted) = h.Connector.AddFile("tempel.png", [0x89, 0x50, 0x4E, 0x47]);

        await h.PostAsync(h.Personal("foto", "usulan"));
        await h.WaitForCallAsync(chat, c => Actions(c).Contains("t:cancel"), "the tip question");
        var message = h.Personal("foto", "Banjir di depan kantor kelurahan pagi ini.");
        message["attachments"] = new JsonArray(
            new JsonObject
            {
                ["contentType"] = "application/vnd.microsoft.teams.file.download.info",
                ["name"] = "laporan.pdf",
                ["content"] = new JsonObject { ["downloadUrl"] = document, ["uniqueId"] = "u1", ["fileType"] = "pdf" },
            },
            new JsonObject { ["contentType"] = "image/png", ["contentUrl"] = pasted, ["name"] = "tempel.png" });
        await h.PostAsync(message);
        // The files first, then the message's text as the story: one answer each, the last asking for more with Selesai.
        await h.WaitForCallAsync(chat, c => Actions(c).Any(IsSelesai), "the text and both files noted");
        await h.PostAsync(h.Submit(chat, "foto", "t:done"));
        await h.WaitForCallAsync(chat, c => Actions(c).Contains("t:skip"), "the contact question");
        await h.PostAsync(h.Submit(chat, "foto", "t:skip"));
        var summary = await h.WaitForCallAsync(chat, c => Actions(c).Any(IsKirim), "the summary");
        await h.PostAsync(h.Submit(chat, "foto", Actions(summary).Single(IsKirim)));

        var rows = await TeamsHarness.WaitForAsync(() =>
        {
            using var db = h.Db();
            var stored = db.Set<Humas.Bot.Tips.Model.TipAttachmentRecord>().AsNoTracking().OrderBy(a => a.Id).ToList();
            return stored.Count == 2 && stored.All(a => a.State == Humas.Bot.Tips.Model.TipAttachmentState.Stored) ? stored : null;
        }, "both files stored");
        Assert.Equal(["document", "photo"], rows.Select(r => r.Kind));
        Assert.Equal("%PDF-1.4 laporan", File.ReadAllText(Path.Combine(storage.FullName, rows[0].StoredPath!)));
        Assert.Contains(h.Connector.Calls, c => c.Method == "ATTACHMENT");
        storage.Delete(recursive: true);
    }

    [Fact]
    public async Task A_file_whose_download_link_is_too_long_to_keep_is_refused_with_the_hint_and_the_tip_goes_on()
    {
        var chat = TeamsHarness.PersonalConversation("panjang");
        await _h.PostAsync(_h.Personal("panjang", "usulan"));
        await _h.WaitForCallAsync(chat, c => Actions(c).Contains("t:cancel"), "the tip question");
        var message = _h.Personal("panjang", "Pohon tumbang menutup jalan di depan sekolah.");
        message["attachments"] = new JsonArray(new JsonObject
        {
            ["contentType"] = "application/vnd.microsoft.teams.file.download.info",
            ["name"] = "foto.jpg",
            // One character more than the tip's file column keeps.
            ["content"] = new JsonObject
            {
                ["downloadUrl"] = "https://files.example/" + new string('x', Humas.Bot.Tips.Model.TipAttachmentRecord.MaxChannelFileIdLength - 21),
                ["uniqueId"] = "u-long", ["fileType"] = "jpg",
            },
        });

        await _h.PostAsync(message);

        // Told, not silently dropped: the file's hint, and the story is still taken.
        await _h.WaitForCallAsync(
            chat, c => c.Cards.Any(card => card.ToJsonString().Contains("Di tahap ini kirim foto", StringComparison.Ordinal)), "the hint for the file that cannot be kept");
        var draft = await TeamsHarness.WaitForAsync(() =>
        {
            using var db = _h.Db();
            return db.Set<Humas.Bot.Tips.Model.TipDraft>().AsNoTracking().SingleOrDefault(d => d.Text != null && d.Text.Contains("Pohon tumbang"));
        }, "the story kept in the draft");
        Assert.DoesNotContain("files.example", draft.AttachmentsJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_with_words_and_no_tip_open_becomes_one_tip_and_Kirim_sends_it()
    {
        await using var h = await TeamsHarness.StartAsync();
        var chat = TeamsHarness.PersonalConversation("bundel");
        var (document, _) = h.Connector.AddFile("laporan.pdf", "%PDF-1.4 laporan"u8.ToArray());
        var message = h.Personal("bundel", "Laporan warga soal jalan rusak di Kelurahan Cawang.");
        message["attachments"] = new JsonArray(new JsonObject
        {
            ["contentType"] = "application/vnd.microsoft.teams.file.download.info",
            ["name"] = "laporan.pdf",
            ["content"] = new JsonObject { ["downloadUrl"] = document, ["uniqueId"] = "u9", ["fileType"] = "pdf" },
        });

        await h.PostAsync(message);
        var received = await h.WaitForCallAsync(chat, c => Actions(c).Any(IsKirim) && Actions(c).Contains("t:cancel"), "the bundle's answer with Kirim and Batal");
        await TeamsHarness.WaitForAsync(() =>
        {
            using var db = h.Db();
            return db.Set<Humas.Bot.Tips.Model.TipDraft>().AsNoTracking().Any(d => d.Text != null) ? "" : null;
        }, "the words joined the bundle");
        await h.PostAsync(h.Submit(chat, "bundel", Actions(received).Single(IsKirim)));
        var ticket = await h.WaitForCallAsync(chat, c => c.Text?.Contains("USL-", StringComparison.Ordinal) == true, "the ticket");

        using var check = h.Db();
        var tip = check.Set<Humas.Bot.Tips.Model.Tip>().AsNoTracking().Single();
        Assert.Contains(tip.Ticket, ticket.Text, StringComparison.Ordinal);
        Assert.Equal("Laporan warga soal jalan rusak di Kelurahan Cawang.", tip.Text);
        Assert.Equal("laporan.pdf", check.Set<Humas.Bot.Tips.Model.TipAttachmentRecord>().AsNoTracking().Single().OriginalName);
    }

    [Fact]
    public async Task Uninstalling_makes_the_conversation_inactive_and_a_blocked_reader_is_recognised_on_delivery()
    {
        var leaving = TeamsHarness.PersonalConversation("leaving");
        await _h.PostAsync(_h.Installed(leaving, "leaving"));
        var uninstall = _h.Activity("installationUpdate", leaving, "leaving");
        uninstall["action"] = "remove";
        Assert.Equal(HttpStatusCode.OK, (await _h.PostAsync(uninstall)).StatusCode);

        var blocked = TeamsHarness.PersonalConversation("blocked");
        await _h.PostAsync(_h.Submit(blocked, "blocked", "sub:all"));
        _h.Connector.Block(blocked);
        await PublishAsync();

        await TeamsHarness.WaitForAsync(() =>
        {
            using var db = _h.Db();
            var states = db.Set<Conversation>().AsNoTracking().ToDictionary(c => c.ExternalId, c => c.Status);
            return states.GetValueOrDefault(leaving) == ConversationStatus.Left && states.GetValueOrDefault(blocked) != ConversationStatus.Active ? states : null;
        }, "both conversations inactive");
    }

    [Fact]
    public async Task A_team_member_subscribes_a_channel_by_mentioning_the_bot_but_a_guest_may_not()
    {
        const string channel = "19:umum@thread.tacv2";
        _h.Connector.SetRole("29:tamu", "guest");
        var guest = _h.Activity("message", channel + ";messageid=1", "tamu", "<at>Humas Bot</at> langganan setneg", conversationType: "channel");
        await _h.PostAsync(guest);
        await _h.WaitForCallAsync(channel + ";messageid=1", c => c.Text is not null, "the refusal");

        var owner = _h.Activity("message", channel + ";messageid=2", "pemilik", "<at>Humas Bot</at> langganan setneg", conversationType: "channel");
        await _h.PostAsync(owner);
        await _h.WaitForCallAsync(channel + ";messageid=2", c => c.Text is not null, "the confirmation");

        await using var db = _h.Db();
        var conversation = await db.Set<Conversation>().SingleAsync(c => c.ExternalId == channel);
        Assert.Equal(Humas.Bot.Subscriptions.ConversationKind.Channel, conversation.Kind);
        var subscription = await db.Set<Subscription>().SingleAsync(s => s.ConversationId == conversation.Id);
        Assert.Equal("setneg", subscription.Value);
    }

    [Fact]
    public async Task A_vote_in_Teams_and_a_vote_on_Telegram_move_the_same_counters()
    {
        await using var telegram = await FakeTelegramServer.StartAsync(new FakeTelegramOptions { Strict = true });
        await using var both = await TeamsHarness.StartAsync(new() { ["Telegram:Token"] = telegram.Token, ["Telegram:ApiBaseUrl"] = telegram.BaseUrl });
        var articleId = await PublishAsync(both);
        var data = ReactionActionData.Encode(Guid.Parse(articleId), 2);

        await both.InvokeAsync(both.Execute("ani", new JsonObject { ["verb"] = "reaction", ["data"] = new JsonObject { ["humas"] = data } }));
        telegram.PushUpdate(TelegramBotHarness.CallbackQuery("q1", 555, data, 555).ToJsonString());

        await TeamsHarness.WaitForAsync(async () => (await CountsAsync(articleId, both)) is [0, 2, 0, 0, 0] ? "" : null, "both votes counted");
    }

    [Fact]
    public async Task A_vote_invoke_delivered_twice_counts_once()
    {
        var articleId = await PublishAsync();
        JsonObject Press() => _h.Execute("ani", new JsonObject { ["verb"] = "reaction", ["data"] = new JsonObject { ["humas"] = ReactionActionData.Encode(Guid.Parse(articleId), 2) } });
        var press = Press();

        // Teams sends an invoke again when it did not get the answer in time: the same activity, the same id.
        await _h.InvokeAsync(press);
        await _h.InvokeAsync((JsonObject)press.DeepClone());
        Assert.Equal(new[] { 0, 1, 0, 0, 0 }, await CountsAsync(articleId));

        // A new press (a new activity id) toggles as always.
        await _h.InvokeAsync(Press());
        Assert.Equal(new[] { 0, 0, 0, 0, 0 }, await CountsAsync(articleId));
    }

    private async Task<string> PublishAsync(TeamsHarness? h = null)
    {
        h ??= _h;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/articles")
        {
            Content = JsonContent.Create(new
            {
                institution = "setneg",
                title = "Menguatkan Peran Kehumasan, Kemensetneg Mengadakan Rakor Kontributor Berita",
                url = "https://www.setneg.go.id/baca/index/menguatkan_peran_kehumasan",
                summary = "Rakor Kontributor Berita dibuka oleh Asdep Humas, Masrokhan.",
                imageUrl = "https://www.setneg.go.id/images/rakor.jpg",
                publishedAt = "2017-07-14T09:00:00+07:00",
            }),
        };
        request.Headers.Add("X-Api-Key", TeamsHarness.PublishKey);
        var response = await h.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private async Task<int[]> CountsAsync(string articleId, TeamsHarness? h = null)
    {
        var tally = await (h ?? _h).Http.GetFromJsonAsync<JsonElement>($"/api/articles/{articleId}/reactions");
        return tally.GetProperty("options").EnumerateArray().Select(o => o.GetProperty("count").GetInt32()).ToArray();
    }

    private static List<JsonObject> Executes(JsonObject card) =>
        card["body"]!.AsArray().Where(e => e!["type"]!.GetValue<string>() == "ActionSet")
            .SelectMany(s => s!["actions"]!.AsArray()).OfType<JsonObject>()
            .Where(a => a["type"]!.GetValue<string>() == "Action.Execute").ToList();

    private static IEnumerable<string> Texts(ConnectorCall call) =>
        call.Cards.SelectMany(c => c["body"]!.AsArray()).Where(e => e!["type"]!.GetValue<string>() == "TextBlock").Select(e => e!["text"]!.GetValue<string>());

    /// <summary>Kirim, which names the draft it sends ("t:send:12").</summary>
    private static bool IsKirim(string action) => action.StartsWith("t:send:", StringComparison.Ordinal);

    /// <summary>Selesai names its draft ("t:done:{id}"); a bare "t:done" pressed is Selesai of the open draft.</summary>
    private static bool IsSelesai(string action) => action.StartsWith("t:done:", StringComparison.Ordinal);

    private static IReadOnlyList<string> Actions(ConnectorCall call) =>
        call.Cards.SelectMany(c => c["body"]!.AsArray()).Where(e => e!["type"]!.GetValue<string>() == "ActionSet")
            .SelectMany(s => s!["actions"]!.AsArray()).Select(a => a!["data"]?["humas"]?.GetValue<string>() ?? "").ToList();
}
