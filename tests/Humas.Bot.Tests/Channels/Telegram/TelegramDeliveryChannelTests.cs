using Humas.Bot.Feedback;
using Humas.Bot.Localization;
using Moq;
using System.Text;
using Humas.Bot.Channels.Telegram;
using Humas.Bot.Channels.Telegram.Api;
using Telegram.Bot.Exceptions;
using Humas.Bot.Delivery;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.FakePlatforms.Telegram;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Humas.Bot.Subscriptions;

namespace Humas.Bot.Tests.Channels.Telegram;

/// <summary>The channel against the strict fake: what readers would see, and how failures reach the engine.</summary>
public sealed class TelegramDeliveryChannelTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly ConversationAddress Reader = new("telegram", "501", ConversationKind.Private);
    private static readonly ConversationAddress Group = new("telegram", "-100777", ConversationKind.Group);

    private static ArticleMessage Article(string? image = null, string? summary = null, string language = "id") => new(
        Guid.Parse("6f9619ff-8b86-d011-b42d-00cf4fc964ff"),
        "Kementerian Komunikasi & Informatika",
        "Pemerintah <resmi> meluncurkan layanan baru",
        summary ?? "Layanan ini memudahkan warga mengakses informasi publik.",
        "https://kominfo.go.id/berita/1",
        image,
        new DateTime(2026, 11, 22, 7, 5, 0, DateTimeKind.Utc),
        [3, 0, 1, 0, 2],
        language);

    [Fact]
    public async Task An_article_without_image_is_html_text_with_five_reactions_and_a_link()
    {
        await using var h = await TelegramClientHarness.StartAsync(new() { Strict = true });
        var channel = Channel(h);

        var sent = await channel.SendAsync(Reader, Article(), Ct);

        var request = Assert.Single(h.Fake.RequestsFor("sendMessage"));
        Assert.Equal(200, request.StatusCode);
        Assert.Equal("1", sent.MessageId);
        Assert.Equal(501, request.ChatId);
        Assert.StartsWith("Kementerian Komunikasi &amp; Informatika\n<b>Pemerintah &lt;resmi&gt; meluncurkan layanan baru</b>\n<i>Minggu, 22 November 2026 14.05 WIB</i>\n\n", request.Text, StringComparison.Ordinal);
        Assert.Contains("👍 3", request.ReplyMarkupJson, StringComparison.Ordinal);
        Assert.Contains("👎 2", request.ReplyMarkupJson, StringComparison.Ordinal);
        Assert.Contains("Baca selengkapnya", request.ReplyMarkupJson, StringComparison.Ordinal);
        Assert.Equal(5, CountOccurrences(request.ReplyMarkupJson!, "callback_data"));
    }

    [Fact]
    public async Task An_article_with_image_is_a_photo_whose_caption_fits_1024_characters()
    {
        await using var h = await TelegramClientHarness.StartAsync(new() { Strict = true });
        var longSummary = string.Join(' ', Enumerable.Repeat("kalimat panjang", 200));

        var sent = await Channel(h).SendAsync(Reader, Article("https://kominfo.go.id/a.jpg", longSummary), Ct);

        var request = Assert.Single(h.Fake.RequestsFor("sendPhoto"));
        Assert.Equal(200, request.StatusCode);
        Assert.Equal("photo:1", sent.MessageId);
        Assert.EndsWith("…", request.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("kalimat panjang kalimat panjang kalimat panjang …", request.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_image_falls_back_to_text()
    {
        await using var h = await TelegramClientHarness.StartAsync(new() { Strict = true });
        h.Fake.SetResponse("sendPhoto", 400, """{"ok":false,"error_code":400,"description":"Bad Request: wrong file identifier/HTTP URL specified"}""");

        var sent = await Channel(h).SendAsync(Reader, Article("https://kominfo.go.id/broken.jpg"), Ct);

        Assert.Equal("1", sent.MessageId);
        Assert.Single(h.Fake.RequestsFor("sendMessage"), r => r.StatusCode == 200);
    }

    [Fact]
    public async Task Editing_changes_the_counters_and_an_unchanged_edit_is_success()
    {
        await using var h = await TelegramClientHarness.StartAsync(new() { Strict = true });
        var channel = Channel(h);
        var text = await channel.SendAsync(Reader, Article(), Ct);
        var photo = await channel.SendAsync(Reader, Article("https://kominfo.go.id/a.jpg"), Ct);
        var updated = Article() with { ReactionCounts = [4, 0, 1, 0, 2] };

        await channel.EditAsync(Reader, text.MessageId, updated, Ct);
        await channel.EditAsync(Reader, text.MessageId, updated, Ct);
        await channel.EditAsync(Reader, photo.MessageId, updated with { ImageUrl = "https://kominfo.go.id/a.jpg" }, Ct);

        var edits = h.Fake.RequestsFor("editMessageText");
        Assert.Equal([200, 400], edits.Select(e => e.StatusCode));
        Assert.Contains("👍 4", edits[0].ReplyMarkupJson, StringComparison.Ordinal);
        Assert.Equal(200, Assert.Single(h.Fake.RequestsFor("editMessageCaption")).StatusCode);
    }

    [Fact]
    public async Task Deleting_twice_is_success()
    {
        await using var h = await TelegramClientHarness.StartAsync();
        var channel = Channel(h);
        var sent = await channel.SendAsync(Reader, new TextMessage("Halo & selamat datang", "id"), Ct);

        await channel.DeleteAsync(Reader, sent.MessageId, Ct);
        await channel.DeleteAsync(Reader, sent.MessageId, Ct);

        Assert.Equal([200, 400], h.Fake.RequestsFor("deleteMessage").Select(r => r.StatusCode));
    }

    [Fact]
    public async Task A_digest_lists_linked_titles_under_a_heading()
    {
        await using var h = await TelegramClientHarness.StartAsync(new() { Strict = true });
        var digest = new DigestMessage(DigestPeriod.Daily, [new(Guid.NewGuid(), "Kemensos", "Bansos <cair>", "https://kemensos.go.id/1")], 1, 2, "id");

        await Channel(h).SendAsync(Reader, digest, Ct);

        var request = Assert.Single(h.Fake.RequestsFor("sendMessage"));
        Assert.Equal(200, request.StatusCode);
        Assert.Equal("<b>Ringkasan berita hari ini</b> (1/2)\n• <a href=\"https://kemensos.go.id/1\">Bansos &lt;cair&gt;</a> — Kemensos", request.Text);
    }

    [Fact]
    public async Task A_blocked_reader_is_gone_and_a_migrated_group_moved()
    {
        await using var h = await TelegramClientHarness.StartAsync();
        h.Fake.Block(501);
        h.Fake.Migrate(-100777, -1001234567890);
        var channel = Channel(h);

        var blocked = channel.Classify(await Assert.ThrowsAsync<ApiRequestException>(() => channel.SendAsync(Reader, Article(), Ct)));
        var moved = channel.Classify(await Assert.ThrowsAsync<ApiRequestException>(() => channel.SendAsync(Group, Article(), Ct)));

        Assert.IsType<DeliveryFailure.RecipientGone>(blocked);
        Assert.Equal("-1001234567890", Assert.IsType<DeliveryFailure.RecipientGone>(moved).MovedToExternalId);
    }

    [Fact]
    public async Task A_flood_wait_pauses_the_group_in_a_group_and_the_bot_in_a_private_chat()
    {
        await using var h = await TelegramClientHarness.StartAsync();
        h.Fake.SetResponse("sendMessage", 429, """{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 35","parameters":{"retry_after":35}}""");
        var channel = Channel(h);

        var inGroup = channel.Classify(await Assert.ThrowsAsync<ApiRequestException>(() => channel.SendAsync(Group, Article(), Ct)));
        var inPrivate = channel.Classify(await Assert.ThrowsAsync<ApiRequestException>(() => channel.SendAsync(Reader, Article(), Ct)));

        Assert.Equal(new DeliveryFailure.RetryAfter(RateLimitScope.Conversation, TimeSpan.FromSeconds(35), "telegram 429: Too Many Requests: retry after 35"), inGroup);
        Assert.Equal(RateLimitScope.Bot, Assert.IsType<DeliveryFailure.RetryAfter>(inPrivate).Scope);
    }

    [Theory]
    [InlineData("gateway")]
    [InlineData("reset")]
    [InlineData("timeout")]
    public async Task Network_and_server_trouble_is_transient(string fault)
    {
        var options = fault switch
        {
            "gateway" => new FakeTelegramOptions { ServerErrorRate = 1 },
            "reset" => new FakeTelegramOptions { ResetRate = 1 },
            _ => new FakeTelegramOptions { TimeoutRate = 1, TimeoutDelay = TimeSpan.FromSeconds(5) },
        };
        await using var h = await TelegramClientHarness.StartAsync(options, timeoutSeconds: 1);
        var channel = Channel(h);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => channel.SendAsync(Reader, Article(), Ct));

        Assert.IsType<DeliveryFailure.Transient>(channel.Classify(error));
    }

    [Fact]
    public async Task A_message_Telegram_cannot_parse_is_invalid()
    {
        await using var h = await TelegramClientHarness.StartAsync();
        h.Fake.SetResponse("sendMessage", 400, """{"ok":false,"error_code":400,"description":"Bad Request: can't parse entities: Unsupported start tag \"br\" at byte offset 4"}""");
        var channel = Channel(h);

        var error = await Assert.ThrowsAsync<ApiRequestException>(() => channel.SendAsync(Reader, new TextMessage("x", "id"), Ct));

        Assert.IsType<DeliveryFailure.MessageInvalid>(channel.Classify(error));
    }

    [Fact]
    public async Task Into_a_channel_only_articles_are_posted_anything_else_is_refused_before_Telegram_sees_it()
    {
        await using var h = await TelegramClientHarness.StartAsync(new() { Strict = true });
        var channel = Channel(h);
        var telegramChannel = new ConversationAddress("telegram", "-1001234500000", ConversationKind.Channel);

        var text = await Assert.ThrowsAsync<NotSupportedException>(() => channel.SendAsync(telegramChannel, new TextMessage("Selamat datang", "id"), Ct));
        var digest = await Assert.ThrowsAsync<NotSupportedException>(() => channel.SendAsync(
            telegramChannel, new DigestMessage(DigestPeriod.Daily, [new DigestEntry(Guid.NewGuid(), "Kemensos", "Bansos", "https://kemensos.go.id/1")], 1, 1, "id"), Ct));
        await channel.SendAsync(telegramChannel, Article(), Ct);

        Assert.IsType<DeliveryFailure.MessageInvalid>(channel.Classify(text));
        Assert.IsType<DeliveryFailure.MessageInvalid>(channel.Classify(digest));
        Assert.Single(h.Fake.RequestsFor("sendMessage"));
    }

    [Fact]
    public async Task A_forum_topics_conversation_is_posted_into_its_topic_and_a_deleted_topic_is_gone()
    {
        await using var h = await TelegramClientHarness.StartAsync(new() { Strict = true });
        var channel = Channel(h);
        var topic = new ConversationAddress("telegram", "-100777:7", ConversationKind.Group);

        var sent = await channel.SendAsync(topic, Article(), Ct);
        await channel.EditAsync(topic, sent.MessageId, Article() with { ReactionCounts = [4, 0, 1, 0, 2] }, Ct);
        h.Fake.SetResponse("sendMessage", 400, """{"ok":false,"error_code":400,"description":"Bad Request: message thread not found"}""");
        var gone = channel.Classify(await Assert.ThrowsAsync<ApiRequestException>(() => channel.SendAsync(topic, Article(), Ct)));

        Assert.Equal(7, h.Fake.RequestsFor("sendMessage")[0].MessageThreadId);
        Assert.Equal(-100777, h.Fake.RequestsFor("editMessageText")[0].ChatId);
        Assert.IsType<DeliveryFailure.RecipientGone>(gone);
        Assert.IsType<DeliveryFailure.RecipientGone>(channel.Classify(await Assert.ThrowsAnyAsync<Exception>(
            () => channel.SendAsync(new ConversationAddress("telegram", "-100777:x", ConversationKind.Group), Article(), Ct))));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void Reaction_callback_data_round_trips_within_64_bytes(int option)
    {
        var id = Guid.NewGuid();
        var data = ReactionActionData.Encode(id, option);

        Assert.True(Encoding.UTF8.GetByteCount(data) <= 64);
        Assert.True(ReactionActionData.TryDecode(data, out var decodedId, out var decodedOption));
        Assert.Equal((id, option), (decodedId, decodedOption));
        Assert.False(ReactionActionData.TryDecode("r1:zz:9", out _, out _));
    }

    [Theory]
    [InlineData("satu dua tiga empat", 12, "satu dua…")]
    [InlineData("pendek", 10, "pendek")]
    [InlineData("supercalifragilistik", 8, "superca…")]
    public void Truncation_cuts_at_a_word_boundary(string text, int max, string expected)
    {
        var cut = TelegramHtml.Truncate(text, max);

        Assert.Equal(expected, cut);
        Assert.True(cut.Length <= max);
    }

    private static TelegramDeliveryChannel Channel(TelegramClientHarness h)
    {
        // The formatter takes its emoji from the reaction options: the service defaults here.
        var texts = new JsonTexts();
        var reactions = new Mock<IReactionService>();
        var options = new ReactionOptions();
        options.ApplyDefaults();
        reactions.Setup(r => r.Options).Returns(new ReactionCatalog(Options.Create(options), texts).Options);
        return new(h.Bots(), Options.Create(new TelegramOptions { Token = "123:test" }), new TelegramMessageFormatter(texts, reactions.Object), new Humas.Bot.Channels.Telegram.Updates.TelegramWebhookReplies(), NullLogger<TelegramDeliveryChannel>.Instance);
    }

    private static int CountOccurrences(string text, string fragment) =>
        (text.Length - text.Replace(fragment, "", StringComparison.Ordinal).Length) / fragment.Length;
}
