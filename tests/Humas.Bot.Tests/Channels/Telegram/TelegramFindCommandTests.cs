using Humas.Bot.Tests.Support;

namespace Humas.Bot.Tests.Channels.Telegram;

/// <summary><c>/cari</c> and <c>/terbaru</c> through the real host and the strict fake Bot API: plain-text answers with numbered links.</summary>
public sealed class TelegramFindCommandTests
{
    [Fact]
    public async Task Cari_answers_from_what_the_reader_follows_then_from_all_news_with_links()
    {
        await using var h = await TelegramBotHarness.StartAsync();
        Dictionary<string, string> urls;
        await using (var db = h.Db())
        {
            urls = await SearchSeed.AddAsync(db, DateTime.UtcNow);
        }

        h.PushMessage(1201, "/start inst_bnpb");
        await h.ReplyAsync(1201);

        h.PushMessage(1201, "/cari Banjir");
        var followed = await h.ReplyAsync(1201, 2);
        var others = await h.ReplyAsync(1201, 3);

        Assert.StartsWith("Berita terbaru yang cocok dengan \"banjir\" dari yang Anda ikuti:", followed.Text, StringComparison.Ordinal);
        Assert.Contains($"1. {SearchSeed.JakartaFloodRecedes}\nBadan Nasional Penanggulangan Bencana · ", followed.Text, StringComparison.Ordinal);
        Assert.Contains(urls[SearchSeed.JakartaFloodRecedes], followed.Text, StringComparison.Ordinal);
        Assert.Contains($"2. {SearchSeed.BogorFloodAlert}\n", followed.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(SearchSeed.AidForFloodVictims, followed.Text, StringComparison.Ordinal);
        Assert.StartsWith("Dari berita lain:", others.Text, StringComparison.Ordinal);
        Assert.Contains($"1. {SearchSeed.AidForFloodVictims}\nKementerian Sosial · ", others.Text, StringComparison.Ordinal);
        Assert.Contains(urls[SearchSeed.AidForFloodVictims], others.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(SearchSeed.AidPhaseFour, others.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Terbaru_lists_only_what_the_reader_follows_and_search_without_words_explains_itself()
    {
        await using var h = await TelegramBotHarness.StartAsync();
        await using (var db = h.Db())
        {
            await SearchSeed.AddAsync(db, DateTime.UtcNow);
        }

        h.PushMessage(1202, "/start inst_kemensos");
        await h.ReplyAsync(1202);
        h.PushMessage(1202, "/terbaru");
        var latest = await h.ReplyAsync(1202, 2);
        h.PushMessage(1202, "/search \"*\" ()");
        var usage = await h.ReplyAsync(1202, 3);
        h.PushMessage(1202, "/cari gempa bumi");
        var none = await h.ReplyAsync(1202, 4);

        Assert.StartsWith("Berita terbaru dari yang Anda ikuti:", latest.Text, StringComparison.Ordinal);
        Assert.Contains($"1. {SearchSeed.AidForFloodVictims}\n", latest.Text, StringComparison.Ordinal);
        Assert.Contains($"2. {SearchSeed.AidPhaseFour}\n", latest.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Banjir Jakarta", latest.Text, StringComparison.Ordinal);
        Assert.Equal("Ketik kata yang dicari setelah perintahnya, misalnya: /cari bansos", usage.Text);
        Assert.Equal("Tidak ada berita yang cocok dengan \"gempa bumi\".", none.Text);
    }

    [Fact]
    public async Task The_English_alias_answers_in_English()
    {
        await using var h = await TelegramBotHarness.StartAsync();
        await using (var db = h.Db())
        {
            await SearchSeed.AddAsync(db, DateTime.UtcNow);
        }

        h.PushMessage(1203, "/start", language: "en");
        await h.ReplyAsync(1203);
        h.PushMessage(1203, "/search bansos", language: "en");

        var reply = await h.ReplyAsync(1203, 2);
        Assert.StartsWith("The latest articles matching \"bansos\" from what you follow:", reply.Text, StringComparison.Ordinal);
        Assert.Contains($"1. {SearchSeed.AidForFloodVictims}\nKementerian Sosial · ", reply.Text, StringComparison.Ordinal);
        Assert.Contains($"2. {SearchSeed.AidPhaseFour}\n", reply.Text, StringComparison.Ordinal);
        // A reader who follows all news gets one answer, there is nothing "else" to add: the next reply is the next command's.
        h.PushMessage(1203, "/help", language: "en");
        var help = await h.ReplyAsync(1203, 3);
        Assert.StartsWith("Available commands:", help.Text, StringComparison.Ordinal);
        Assert.Contains("/search — Search the news", help.Text, StringComparison.Ordinal);
    }
}
