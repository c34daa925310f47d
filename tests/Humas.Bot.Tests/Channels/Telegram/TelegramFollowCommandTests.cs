using System.Net;
using System.Net.Http.Json;
using Humas.Bot.Search;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Channels.Telegram;

/// <summary><c>/ikuti</c>, <c>/berhenti_ikuti</c>, the topics menu and the digest pickers through the real host and the strict fake Bot API.</summary>
public sealed class TelegramFollowCommandTests
{
    private const string Key = "cms-key-follow";

    private static async Task PublishAsync(TelegramBotHarness h, string title, string summary, string? category = null)
    {
        using var publish = new HttpRequestMessage(HttpMethod.Post, "/api/articles")
        {
            Content = JsonContent.Create(new
            {
                institution = "kominfo", title, summary, category,
                url = $"https://www.kominfo.go.id/berita/{Guid.NewGuid():N}", publishedAt = DateTimeOffset.UtcNow,
            }),
        };
        publish.Headers.Add("X-Api-Key", Key);
        Assert.Equal(HttpStatusCode.Created, (await h.App.CreateClient().SendAsync(publish)).StatusCode);
    }

    [Fact]
    public async Task A_reader_follows_words_lists_and_removes_them_and_receives_only_articles_holding_them()
    {
        await using var h = await TelegramBotHarness.StartAsync(settings: new() { ["Publishing:ApiKeys:0"] = Key });

        h.PushMessage(1401, "/ikuti Banjir Jakarta, bansos");
        var added = await h.ReplyAsync(1401);
        h.PushMessage(1401, "/ikuti");
        var list = await h.ReplyAsync(1401, 2);
        h.Push(TelegramBotHarness.CallbackQuery("f-1", 1401, "sub:k:bansos", chatId: 1401));
        var afterRemoval = await h.ReplyAsync(1401, 3);
        h.PushMessage(1401, "/berhenti-ikuti gempa");
        var notFollowed = await h.ReplyAsync(1401, 4);

        Assert.Equal("Anda sekarang mengikuti \"banjir jakarta\".\nAnda sekarang mengikuti \"bansos\".", added.Text);
        Assert.Contains("Kata: \"banjir jakarta\", \"bansos\"", list.Text, StringComparison.Ordinal);
        Assert.Contains("paling banyak 20 kata atau frasa, masing-masing 50 huruf", list.Text, StringComparison.Ordinal);
        Assert.Contains("\"sub:k:bansos\"", list.ReplyMarkupJson, StringComparison.Ordinal);
        Assert.Contains("Kata: \"banjir jakarta\"\n", afterRemoval.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("bansos", afterRemoval.Text, StringComparison.Ordinal);
        Assert.Equal("Anda tidak sedang mengikuti \"gempa\".", notFollowed.Text);

        // Neither the institution nor anything else is followed: only the article with the phrase arrives.
        await PublishAsync(h, "Bansos tahap empat disalurkan", "Tidak ada frasa yang diikuti.");
        await PublishAsync(h, "Genangan surut", "Banjir JAKARTA Utara surut pagi ini.");
        var article = await h.ReplyAsync(1401, 5);
        Assert.Contains("Genangan surut", article.Text, StringComparison.Ordinal);
        await using var db = h.Db();
        Assert.Single(await db.Set<ArticleKeyword>().ToListAsync());
        Assert.Equal(5, h.SentTo(1401).Count);
    }

    [Fact]
    public async Task The_English_aliases_answer_in_English_and_the_command_menu_has_both_words()
    {
        await using var h = await TelegramBotHarness.StartAsync();
        h.PushMessage(1402, "/follow beasiswa", language: "en");
        var added = await h.ReplyAsync(1402);
        h.PushMessage(1402, "/unfollow Beasiswa", language: "en");
        var removed = await h.ReplyAsync(1402, 2);
        h.PushMessage(1402, "/follow " + new string('x', 51), language: "en");
        var tooLong = await h.ReplyAsync(1402, 3);

        Assert.Equal("You now follow \"beasiswa\".", added.Text);
        Assert.Equal("You no longer follow \"beasiswa\".", removed.Text);
        Assert.StartsWith("\"xxxxxxxx", tooLong.Text, StringComparison.Ordinal);
        Assert.EndsWith("is too long: at most 50 characters.", tooLong.Text, StringComparison.Ordinal);
        await Eventually.UntilAsync(() => h.Fake.RequestsFor("setMyCommands").Count(r => r.Succeeded) >= 3, "setMyCommands");
        // The strict fake refuses a menu with a command Telegram would not take (BOT_COMMAND_INVALID): "berhenti_ikuti" is one it takes.
        Assert.All(h.Fake.RequestsFor("setMyCommands"), r => Assert.True(r.Succeeded));
    }

    [Fact]
    public async Task A_reader_follows_at_most_twenty_words()
    {
        await using var h = await TelegramBotHarness.StartAsync();
        h.PushMessage(1403, "/ikuti " + string.Join(", ", Enumerable.Range(1, 21).Select(i => $"kata{i}")));

        var reply = await h.ReplyAsync(1403);
        Assert.Contains("Anda sekarang mengikuti \"kata20\".", reply.Text, StringComparison.Ordinal);
        Assert.EndsWith("Anda sudah mengikuti 20 kata atau frasa, batas terbanyak. Hapus satu dulu dengan /berhenti_ikuti kata.", reply.Text, StringComparison.Ordinal);
        await using var db = h.Db();
        Assert.Equal(20, await db.Set<Subscription>().CountAsync(s => s.Target == SubscriptionTarget.Keyword));
    }

    [Fact]
    public async Task Topics_are_toggled_from_the_settings_menu_and_a_weekly_digest_at_any_hour_is_chosen_there()
    {
        await using var h = await TelegramBotHarness.StartAsync(settings: new() { ["Publishing:ApiKeys:0"] = Key });
        await PublishAsync(h, "Beasiswa dibuka", "Pendaftaran dibuka.", category: "Pendidikan");
        h.PushMessage(1404, "/pengaturan");
        var menu = await h.ReplyAsync(1404);
        Assert.Contains("\"sub:t\"", menu.ReplyMarkupJson, StringComparison.Ordinal);
        Assert.Contains("\"set:days\"", menu.ReplyMarkupJson, StringComparison.Ordinal);

        h.Push(TelegramBotHarness.CallbackQuery("t-1", 1404, "sub:t", chatId: 1404));
        var topics = await h.ReplyAsync(1404, 2);
        h.Push(TelegramBotHarness.CallbackQuery("t-2", 1404, "sub:c:Pendidikan", chatId: 1404));
        var toggled = await h.ReplyAsync(1404, 3);
        h.Push(TelegramBotHarness.CallbackQuery("t-3", 1404, "set:days", chatId: 1404));
        var days = await h.ReplyAsync(1404, 4);
        h.Push(TelegramBotHarness.CallbackQuery("t-4", 1404, "set:hours:w:5", chatId: 1404));
        var hours = await h.ReplyAsync(1404, 5);
        h.Push(TelegramBotHarness.CallbackQuery("t-5", 1404, "set:mode:weekly:5:21", chatId: 1404));
        var settings = await h.ReplyAsync(1404, 6);

        Assert.Contains("\"text\":\"Pendidikan\"", topics.ReplyMarkupJson!.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("✅ Pendidikan", toggled.ReplyMarkupJson, StringComparison.Ordinal);
        Assert.Contains("Jumat", days.ReplyMarkupJson, StringComparison.Ordinal);
        Assert.Contains("\"set:mode:weekly:5:21\"", hours.ReplyMarkupJson, StringComparison.Ordinal);
        Assert.Contains("\"set:mode:weekly:5:0\"", hours.ReplyMarkupJson, StringComparison.Ordinal);
        Assert.Contains("Pengiriman: Ringkasan mingguan setiap Jumat pukul 21.00", settings.Text, StringComparison.Ordinal);
        await using var db = h.Db();
        var conversation = await db.Set<Conversation>().AsNoTracking().SingleAsync(c => c.ExternalId == "1404");
        Assert.Equal((DeliveryMode.WeeklyDigest, DayOfWeek.Friday, 21), (conversation.DeliveryMode, conversation.DigestDay, conversation.DigestHour));
        Assert.True(await db.Set<Subscription>().AnyAsync(s => s.ConversationId == conversation.Id && s.Target == SubscriptionTarget.Category && s.Value == "Pendidikan"));
    }

    [Fact]
    public async Task A_category_spelled_in_two_cases_is_one_topic_turned_on_and_off_whatever_the_case()
    {
        await using var h = await TelegramBotHarness.StartAsync(settings: new() { ["Publishing:ApiKeys:0"] = Key });
        await PublishAsync(h, "Beasiswa dibuka", "Pendaftaran dibuka.", category: "Pendidikan");
        await PublishAsync(h, "Sekolah baru", "Gedung diresmikan.", category: "pendidikan");

        h.Push(TelegramBotHarness.CallbackQuery("c-1", 1405, "sub:t", chatId: 1405));
        var topics = await h.ReplyAsync(1405);
        h.Push(TelegramBotHarness.CallbackQuery("c-2", 1405, "sub:c:pendidikan", chatId: 1405));
        var on = await h.ReplyAsync(1405, 2);
        h.Push(TelegramBotHarness.CallbackQuery("c-3", 1405, "sub:c:PENDIDIKAN", chatId: 1405));
        var off = await h.ReplyAsync(1405, 3);

        Assert.Single(System.Text.RegularExpressions.Regex.Matches(topics.ReplyMarkupJson!, "sub:c:pendidikan", System.Text.RegularExpressions.RegexOptions.IgnoreCase));
        Assert.Contains("✅ Pendidikan", on.ReplyMarkupJson, StringComparison.Ordinal);
        Assert.DoesNotContain("✅", off.ReplyMarkupJson, StringComparison.Ordinal);
        await using var db = h.Db();
        Assert.False(await db.Set<Subscription>().AnyAsync(s => s.Target == SubscriptionTarget.Category));
    }

    [Fact]
    public async Task A_group_member_who_is_not_admin_may_list_but_not_change_the_groups_words()
    {
        const long group = -4003;
        await using var h = await TelegramBotHarness.StartAsync();
        h.PushMessage(group, "/ikuti", userId: 3004);
        var list = await h.ReplyAsync(group);
        h.PushMessage(group, "/ikuti bansos", userId: 3004);
        var refused = await h.ReplyAsync(group, 2);

        Assert.StartsWith("Anda belum mengikuti kata atau topik apa pun.", list.Text, StringComparison.Ordinal);
        Assert.Contains("admin", refused.Text, StringComparison.Ordinal);
        await using var db = h.Db();
        Assert.False(await db.Set<Subscription>().AnyAsync());
    }
}
