using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.EndToEnd;

/// <summary>
/// The whole Telegram loop against a third-party Bot API emulator (telegram-test-api), with the real host
/// polling it: a citizen subscribes, a ministry publishes, the article arrives with five reaction buttons
/// and a link, votes move the counters on the message and on the website endpoint.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class TelegramEmulatorTests : IAsyncLifetime
{
    private const string ApiKey = "e2e-cms-key";
    private const long Citizen = 7001;
    private const long Contributor = 7100;
    private const long EditorsChat = -1001234567890;
    private const long Editor = 7200;
    private TelegramTestApi _telegram = null!;
    private HumasAppFactory _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _telegram = await TelegramTestApi.StartAsync();
        _app = new HumasAppFactory(new()
        {
            ["Telegram:Token"] = _telegram.Token,
            ["Telegram:ApiBaseUrl"] = _telegram.BaseUrl,
            ["Telegram:Mode"] = "Polling",
            ["Publishing:ApiKeys:0"] = ApiKey,
            ["Reactions:RefreshSeconds"] = "1",
            ["Telegram:EditorsChatId"] = EditorsChat.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, TelegramTestApi.Services);
        _http = _app.CreateClient();
        _http.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
        await _telegram.DisposeAsync();
    }

    [Fact]
    public async Task A_citizen_subscribes_receives_a_published_article_with_five_reactions_and_votes()
    {
        // /start subscribes the chat to all news and greets in Indonesian.
        await _telegram.SendAsync(Citizen, "/start");
        var welcome = await _telegram.WaitForAsync(m => m.ChatId == Citizen, "a welcome");
        Assert.Contains("Selamat datang", welcome.Text, StringComparison.OrdinalIgnoreCase);
        await using (var db = _app.CreateDbContext())
        {
            Assert.True(await db.Set<Conversation>().AnyAsync(c => c.ExternalId == Citizen.ToString() && c.Status == ConversationStatus.Active));
        }

        // A ministry publishes through the publish API; the article reaches the subscriber.
        var published = await _http.PostAsJsonAsync("/api/articles", new
        {
            institution = "setneg",
            title = "Menguatkan Peran Kehumasan, Kemensetneg Mengadakan Rakor Kontributor Berita",
            url = "https://www.setneg.go.id/baca/index/menguatkan_peran_kehumasan",
            summary = "Rakor Kontributor Berita dibuka oleh Asdep Humas, Masrokhan. Peran kehumasan merupakan tanggung jawab bersama.",
            publishedAt = "2017-07-14T09:00:00+07:00",
        });
        Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        var articleId = (await published.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        var article = await _telegram.WaitForAsync(m => m.ChatId == Citizen && m.Text.Contains("Menguatkan Peran Kehumasan", StringComparison.Ordinal), "the article");
        Assert.Contains("Jumat, 14 Juli 2017", article.Text, StringComparison.Ordinal);
        Assert.Equal(2, article.Buttons.Count);
        var reactions = article.Buttons[0];
        Assert.Equal(5, reactions.Count);
        Assert.All(reactions, b => Assert.EndsWith(" 0", b.Text, StringComparison.Ordinal));
        Assert.All(reactions, b => Assert.True(Encoding.UTF8.GetByteCount(b.Data!) <= 64));
        var link = Assert.Single(article.Buttons[1]);
        Assert.Equal("Baca selengkapnya", link.Text);
        Assert.Equal("https://www.setneg.go.id/baca/index/menguatkan_peran_kehumasan", link.Url);

        // A vote: the counters under the message and on the website endpoint both show it.
        await _telegram.PressAsync(Citizen, article, reactions[0].Data!);
        await Eventually.UntilAsync(async () => (await Counts(articleId))[0] == 1, "the endpoint to count the vote");
        var edited = await _telegram.WaitForAsync(
            m => m.MessageId == article.MessageId && m.Buttons.Count > 0 && m.Buttons[0][0].Text.EndsWith(" 1", StringComparison.Ordinal),
            "the counters edited to 1");
        Assert.Equal(reactions[0].Text.Split(' ')[0], edited.Buttons[0][0].Text.Split(' ')[0]);

        // Another option switches the vote; the same option again withdraws it.
        await _telegram.PressAsync(Citizen, article, reactions[1].Data!);
        await Eventually.UntilAsync(async () => (await Counts(articleId)) is [0, 1, 0, 0, 0], "the vote to switch");
        await _telegram.PressAsync(Citizen, article, reactions[1].Data!);
        await Eventually.UntilAsync(async () => (await Counts(articleId)).Sum() == 0, "the vote to be withdrawn");
        await _telegram.WaitForAsync(
            m => m.MessageId == article.MessageId && m.Buttons.Count > 0 && m.Buttons[0].All(b => b.Text.EndsWith(" 0", StringComparison.Ordinal)),
            "the counters edited back to 0");
    }

    [Fact]
    public async Task A_tip_with_text_and_a_location_gets_a_ticket_reaches_the_editors_and_acceptance_is_reported_back()
    {
        await _telegram.SendAsync(Contributor, "/usulan");
        await _telegram.WaitForAsync(m => m.ChatId == Contributor && m.Text.StartsWith("Ceritakan apa yang terjadi", StringComparison.Ordinal), "the question what happened");
        await _telegram.SendAsync(Contributor, "Rakor Kontributor Berita PPK GBK hari ini di Gedung I Kemensetneg, dibuka Asdep Humas.");
        var media = await _telegram.WaitForAsync(m => m.ChatId == Contributor && m.Buttons.Count > 0 && m.Buttons[0][0].Data?.StartsWith("t:done:", StringComparison.Ordinal) == true, "the request for attachments with Selesai");
        await _telegram.SendLocationAsync(Contributor, -6.1754, 106.8272);
        await _telegram.WaitForAsync(m => m.ChatId == Contributor && m.Text.StartsWith("Lokasi dicatat", StringComparison.Ordinal), "the location noted");
        await _telegram.PressAsync(Contributor, media, media.Buttons[0][0].Data!);
        var contact = await _telegram.WaitForAsync(m => m.ChatId == Contributor && m.Buttons.SelectMany(r => r).Any(b => b.Data == "t:skip"), "the contact question");
        await _telegram.PressAsync(Contributor, contact, "t:skip");
        var summary = await _telegram.WaitForAsync(m => m.ChatId == Contributor && m.Buttons.SelectMany(r => r).Any(b => b.Data?.StartsWith("t:send:", StringComparison.Ordinal) == true), "the summary with Kirim");
        Assert.Contains("Rakor Kontributor Berita PPK GBK", summary.Text, StringComparison.Ordinal);
        await _telegram.PressAsync(Contributor, summary, summary.Buttons.SelectMany(r => r).Single(b => b.Data?.StartsWith("t:send:", StringComparison.Ordinal) == true).Data!);

        var submitted = await _telegram.WaitForAsync(m => m.ChatId == Contributor && m.Text.Contains("nomor tiket", StringComparison.Ordinal), "the ticket number");
        var ticket = System.Text.RegularExpressions.Regex.Match(submitted.Text, @"USL-\d{6}-\d{4}").Value;
        Assert.NotEmpty(ticket);

        var posted = await _telegram.WaitForAsync(m => m.ChatId == EditorsChat && m.Text.Contains(ticket, StringComparison.Ordinal), "the tip in the editors' chat");
        Assert.Contains("Rakor Kontributor Berita PPK GBK", posted.Text, StringComparison.Ordinal);
        var actions = posted.Buttons.SelectMany(r => r).ToList();
        Assert.Equal(["Terima", "Tolak", "Balas"], actions.Select(b => b.Text));

        await _telegram.PressAsync(Editor, posted, actions[0].Data!);
        var decision = await _telegram.WaitForAsync(m => m.ChatId == Contributor && m.Text.StartsWith("Kabar baik!", StringComparison.Ordinal), "the acceptance to the contributor");
        Assert.Contains(ticket, decision.Text, StringComparison.Ordinal);
        Assert.Contains("diterima redaksi", decision.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task English_speaking_readers_are_answered_in_English()
    {
        await _telegram.SendAsync(Citizen + 1, "/help", "Ann", "en");

        var help = await _telegram.WaitForAsync(m => m.ChatId == Citizen + 1, "a help text");
        Assert.Contains("/subscribe", help.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Free_text_and_unknown_commands_get_a_helpful_answer_never_silence()
    {
        await _telegram.SendAsync(Citizen + 2, "/entahlah");
        await _telegram.WaitForAsync(m => m.ChatId == Citizen + 2, "an answer to an unknown command");
        await _telegram.SendAsync(Citizen + 2, "halo, ada berita apa hari ini?");

        await Eventually.UntilAsync(async () => (await _telegram.BotMessagesAsync()).Count(m => m.ChatId == Citizen + 2) == 2, "an answer to free text");
        Assert.All((await _telegram.BotMessagesAsync()).Where(m => m.ChatId == Citizen + 2), m => Assert.Contains("/bantuan", m.Text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_webhook_refuses_a_wrong_secret_with_401()
    {
        using var app = new HumasAppFactory(new()
        {
            ["Telegram:Token"] = _telegram.Token,
            ["Telegram:ApiBaseUrl"] = _telegram.BaseUrl,
            ["Telegram:Mode"] = "Webhook",
            ["Telegram:WebhookSecret"] = "rahasia-yang-benar",
        }, TelegramTestApi.Services);
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/telegram/webhook")
        {
            Content = new StringContent("""{"update_id":1,"message":{"message_id":1,"date":1,"chat":{"id":1,"type":"private"},"text":"/start"}}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", "rahasia-yang-salah");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<int[]> Counts(string articleId)
    {
        var tally = await _http.GetFromJsonAsync<JsonElement>($"/api/articles/{articleId}/reactions");
        return tally.GetProperty("options").EnumerateArray().Select(o => o.GetProperty("count").GetInt32()).ToArray();
    }
}

/// <summary>End-to-end tests start real peers and hosts; one at a time keeps them fast on a 2-core machine.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EndToEndCollection
{
    public const string Name = "End to end";
}
