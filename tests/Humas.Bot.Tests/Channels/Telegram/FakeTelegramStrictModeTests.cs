using System.Net;
using System.Text;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace Humas.Bot.Tests.Channels.Telegram;

/// <summary>Strict mode answers wrong shapes the way Telegram does, so formatting bugs fail in tests, not in production.</summary>
public sealed class FakeTelegramStrictModeTests
{
    public static TheoryData<string, string> BadMessages => new()
    {
        { new string('a', 4097), "Bad Request: message is too long" },
        { "satu<br>dua", "Bad Request: can't parse entities: Unsupported start tag \"br\" at byte offset 4" },
        { "<p>paragraf</p>", "Bad Request: can't parse entities: Unsupported start tag \"p\" at byte offset 0" },
        { "<b>tebal", "Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"b\"" },
        { "A & B", "Bad Request: can't parse entities: Character entity expected at byte offset 2" },
    };

    [Theory]
    [MemberData(nameof(BadMessages))]
    public async Task Wrong_text_is_rejected_with_Telegrams_description(string text, string description)
    {
        await using var h = await TelegramClientHarness.StartAsync(new() { Strict = true });

        var e = await Assert.ThrowsAsync<ApiRequestException>(() => h.Client.SendMessage(1, text, ParseMode.Html));

        Assert.Equal(400, e.ErrorCode);
        Assert.Equal(description, e.Message);
    }

    [Fact]
    public async Task Length_is_counted_after_html_parsing()
    {
        await using var h = await TelegramClientHarness.StartAsync(new() { Strict = true });
        var text = "<b>" + new string('a', 4090) + "</b> &amp; &#8230;";

        var sent = await h.Client.SendMessage(1, text, ParseMode.Html);

        Assert.Equal(1, sent.MessageId);
    }

    [Fact]
    public async Task A_caption_over_1024_characters_is_rejected()
    {
        await using var h = await TelegramClientHarness.StartAsync(new() { Strict = true });

        var e = await Assert.ThrowsAsync<ApiRequestException>(() => h.Client.SendPhoto(1, InputFile.FromString("https://example.org/a.jpg"), new string('k', 1025)));

        Assert.Equal("Bad Request: message caption is too long", e.Message);
    }

    [Fact]
    public async Task Callback_data_is_limited_to_64_bytes_not_characters()
    {
        await using var h = await TelegramClientHarness.StartAsync(new() { Strict = true });
        var fits = new string('ж', 32);   // 64 bytes
        var tooLong = new string('ж', 33); // 33 characters, 66 bytes

        await h.Client.SendMessage(1, "x", replyMarkup: Keyboard(1, fits));
        var e = await Assert.ThrowsAsync<ApiRequestException>(() => h.Client.SendMessage(1, "x", replyMarkup: Keyboard(1, tooLong)));

        Assert.Equal("Bad Request: BUTTON_DATA_INVALID", e.Message);
    }

    [Fact]
    public async Task More_than_100_buttons_are_rejected()
    {
        await using var h = await TelegramClientHarness.StartAsync(new() { Strict = true });

        await h.Client.SendMessage(1, "x", replyMarkup: Keyboard(100, "d"));
        var e = await Assert.ThrowsAsync<ApiRequestException>(() => h.Client.SendMessage(1, "x", replyMarkup: Keyboard(101, "d")));

        Assert.Equal("Bad Request: reply markup is too long", e.Message);
    }

    [Fact]
    public async Task A_button_with_two_actions_is_rejected()
    {
        await using var h = await TelegramClientHarness.StartAsync(new() { Strict = true });
        var both = new InlineKeyboardMarkup(new InlineKeyboardButton("x") { Url = "https://a.example", CallbackData = "d" });

        var e = await Assert.ThrowsAsync<ApiRequestException>(() => h.Client.SendMessage(1, "x", replyMarkup: both));

        Assert.Equal(400, e.ErrorCode);
    }

    [Theory]
    [InlineData("""{"text":"tanpa chat"}""", "Bad Request: chat_id is empty")]
    [InlineData("""{"chat_id":1}""", "Bad Request: message text is empty")]
    [InlineData("""{"chat_id":1,"text":""}""", "Bad Request: message text is empty")]
    public async Task Missing_parameters_are_rejected(string body, string description)
    {
        await using var fake = await Humas.Bot.FakePlatforms.Telegram.FakeTelegramServer.StartAsync(new() { Strict = true });
        using var http = new HttpClient();

        var response = await http.PostAsync($"{fake.BaseUrl}/bot{fake.Token}/sendMessage", new StringContent(body, Encoding.UTF8, "application/json"));
        var reply = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"\"description\":\"{description}\"", reply, StringComparison.Ordinal);
        Assert.Contains("\"ok\":false", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_token_gets_401()
    {
        await using var fake = await Humas.Bot.FakePlatforms.Telegram.FakeTelegramServer.StartAsync();
        using var http = new HttpClient();

        var response = await http.PostAsync($"{fake.BaseUrl}/bot1:wrong/getMe", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static InlineKeyboardMarkup Keyboard(int buttons, string data) =>
        new(Enumerable.Range(0, buttons).Chunk(8)
            .Select(row => row.Select(i => InlineKeyboardButton.WithCallbackData($"b{i}", data)).ToArray())
            .ToArray());
}
