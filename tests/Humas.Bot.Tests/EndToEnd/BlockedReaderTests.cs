using System.Net;
using System.Net.Http.Json;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tests.Channels.Telegram;
using Humas.Bot.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.EndToEnd;

/// <summary>
/// A reader who blocks the bot receives nothing more, whether Telegram tells us first (my_chat_member) or
/// a send finds out (403). Run against the strict fake Bot API: telegram-test-api cannot send
/// my_chat_member updates or answer 403.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class BlockedReaderTests
{
    private const string ApiKey = "blocked-e2e-key";

    [Fact]
    public async Task A_reader_who_blocked_the_bot_receives_nothing_more()
    {
        await using var h = await TelegramBotHarness.StartAsync(settings: new() { ["Publishing:ApiKeys:0"] = ApiKey });
        using var http = h.App.CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        foreach (var chat in new long[] { 3001, 3002, 3003 })
        {
            h.PushMessage(chat, "/start");
            await h.ReplyAsync(chat);
        }

        // 3001 blocks the bot and Telegram says so; 3002 blocks it silently (the next send gets 403).
        h.Push(TelegramBotHarness.MyChatMember(3001, 3001, "member", "kicked"));
        await Eventually.UntilAsync(() => StatusOf(h, 3001) == ConversationStatus.Blocked, "the block to be recorded");
        h.Fake.Block(3002);
        await Publish(http, "https://www.kemensos.go.id/berita/rakornas-kehumasan");
        await Eventually.UntilAsync(() => h.SentTo(3003).Any(r => r.Text?.Contains("Rakornas", StringComparison.Ordinal) == true), "the first article");
        await Eventually.UntilAsync(() => h.Fake.RequestsFor("sendMessage").Any(r => r.ChatId == 3002 && r.StatusCode == 403), "the 403 for the silent block");

        await Publish(http, "https://www.kemensos.go.id/berita/rakornas-kehumasan-hari-kedua");
        await Eventually.UntilAsync(() => h.SentTo(3003).Count(r => r.Text?.Contains("Rakornas", StringComparison.Ordinal) == true) == 2, "the second article");

        Assert.DoesNotContain(h.Fake.RequestsFor("sendMessage"), r => r.ChatId == 3001 && r.Text?.Contains("Rakornas", StringComparison.Ordinal) == true);
        Assert.Single(h.Fake.RequestsFor("sendMessage"), r => r.ChatId == 3002 && r.Text?.Contains("Rakornas", StringComparison.Ordinal) == true);
    }

    private static ConversationStatus? StatusOf(TelegramBotHarness h, long chatId)
    {
        using var db = h.Db();
        var id = chatId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return db.Set<Conversation>().AsNoTracking().SingleOrDefault(c => c.Channel == "telegram" && c.ExternalId == id)?.Status;
    }

    private static async Task Publish(HttpClient http, string url)
    {
        var response = await http.PostAsJsonAsync("/api/articles", new
        {
            institution = "kemensos",
            title = "Dari Rakornas Kehumasan Kemensos, Humas Diingatkan Tidak Gaptek",
            url,
            summary = "Humas pemerintah dituntut untuk mampu memanfaatkan kecanggihan teknologi.",
            body = url,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
