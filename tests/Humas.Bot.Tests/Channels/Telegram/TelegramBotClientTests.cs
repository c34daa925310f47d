using Humas.Bot.Channels.Telegram.Api;
using Humas.Bot.Channels.Telegram.Api.Requests;
using Humas.Bot.Channels.Telegram.Api.Types;

namespace Humas.Bot.Tests.Channels.Telegram;

public sealed class TelegramBotClientTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task GetMe_returns_the_bot_from_the_envelope()
    {
        await using var h = await TelegramClientHarness.StartAsync();

        var me = await h.Client.SendAsync(new GetMe(), Ct);

        Assert.True(me.IsBot);
        Assert.Equal(123456789, me.Id);
        Assert.Equal("humas_fake_bot", me.Username);
    }

    [Fact]
    public async Task SendMessage_posts_snake_case_json_and_returns_the_typed_message()
    {
        await using var h = await TelegramClientHarness.StartAsync();
        var keyboard = new InlineKeyboardMarkup([[InlineKeyboardButton.WithCallback("👍 3", "r1:a7:1"), InlineKeyboardButton.WithUrl("Baca", "https://kominfo.go.id/a")]]);

        var sent = await h.Client.SendAsync(
            new SendMessage(42, "<b>Judul</b> berita") { ParseMode = ParseMode.Html, ReplyMarkup = keyboard, LinkPreviewOptions = new() { IsDisabled = true } },
            Ct);

        Assert.Equal(1, sent.MessageId);
        Assert.Equal(42, sent.Chat.Id);
        Assert.Equal(Chat.Private, sent.Chat.Type);
        Assert.Equal("<b>Judul</b> berita", sent.Text);
        Assert.InRange(sent.Date, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal("r1:a7:1", sent.ReplyMarkup!.InlineKeyboard[0][0].CallbackData);

        var recorded = Assert.Single(h.Fake.RequestsFor("sendMessage"));
        Assert.Equal(42, recorded.ChatId);
        Assert.Contains("\"callback_data\":\"r1:a7:1\"", recorded.ReplyMarkupJson, StringComparison.Ordinal);
        Assert.Contains("\"inline_keyboard\"", recorded.ReplyMarkupJson, StringComparison.Ordinal);
        Assert.DoesNotContain("\"url\":null", recorded.ReplyMarkupJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Message_ids_are_counted_per_chat()
    {
        await using var h = await TelegramClientHarness.StartAsync();

        var a1 = await h.Client.SendAsync(new SendMessage(1, "a"), Ct);
        var a2 = await h.Client.SendAsync(new SendMessage(1, "b"), Ct);
        var b1 = await h.Client.SendAsync(new SendMessage(-100200, "c"), Ct);

        Assert.Equal([1, 2, 1], [a1.MessageId, a2.MessageId, b1.MessageId]);
        Assert.Equal(Chat.Group, b1.Chat.Type);
    }

    [Fact]
    public async Task SendPhoto_returns_the_photo_sizes_and_caption()
    {
        await using var h = await TelegramClientHarness.StartAsync();

        var sent = await h.Client.SendAsync(new SendPhoto(7, "https://example.org/foto.jpg") { Caption = "Foto" }, Ct);

        Assert.Equal("Foto", sent.Caption);
        Assert.NotEmpty(sent.Photo!);
    }

    [Fact]
    public async Task EditMessageText_returns_the_edited_message_and_a_repeat_is_not_modified()
    {
        await using var h = await TelegramClientHarness.StartAsync();
        var sent = await h.Client.SendAsync(new SendMessage(5, "satu"), Ct);

        var edited = await h.Client.SendAsync(new EditMessageText(5, sent.MessageId, "dua"), Ct);
        var repeat = await Assert.ThrowsAsync<TelegramApiException>(() => h.Client.SendAsync(new EditMessageText(5, sent.MessageId, "dua"), Ct));

        Assert.Equal("dua", edited.Message!.Text);
        Assert.NotNull(edited.Message.EditDate);
        Assert.True(repeat.IsMessageNotModified);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("null")]
    public async Task EditMessageText_accepts_true_or_null_as_success(string result)
    {
        await using var h = await TelegramClientHarness.StartAsync();
        h.Fake.SetResponse("editMessageText", 200, $$"""{"ok":true,"result":{{result}}}""");

        var edited = await h.Client.SendAsync(new EditMessageText(5, 1, "dua"), Ct);

        Assert.Null(edited.Message);
    }

    [Theory]
    [InlineData("""{"ok":true,"result":null}""")]
    [InlineData("""{"ok":true}""")]
    [InlineData("""{"result":true,"ok":true}""")]
    public async Task Boolean_methods_accept_true_null_or_a_missing_result(string body)
    {
        await using var h = await TelegramClientHarness.StartAsync();
        h.Fake.SetResponse("answerCallbackQuery", 200, body);

        Assert.True(await h.Client.SendAsync(new AnswerCallbackQuery("q1") { Text = "Tercatat: Suka" }, Ct));
    }

    [Fact]
    public async Task Millisecond_dates_and_unknown_fields_are_read()
    {
        await using var h = await TelegramClientHarness.StartAsync();
        h.Fake.SetResponse("getUpdates", 200, """
            {"ok":true,"future_field":{"x":[1,2,{"y":null}]},"result":[
              {"update_id":10,"brand_new_update":{"a":1},
               "message":{"message_id":3,"date":1763800000123,"chat":{"id":9,"type":"private","is_forum":false},
                          "from":{"id":9,"is_bot":false,"first_name":"Sari","is_premium":true},"text":"/start","unknown":[1]}},
              {"update_id":11,"message":{"message_id":4,"date":1763800000,"chat":{"id":9,"type":"private"},"text":"hi"}}
            ]}
            """);

        var updates = await h.Client.SendAsync(new GetUpdates(), Ct);

        var expected = DateTimeOffset.FromUnixTimeSeconds(1763800000);
        Assert.Equal(expected.AddMilliseconds(123), updates[0].Message!.Date);
        Assert.Equal(expected, updates[1].Message!.Date);
        Assert.Equal("Sari", updates[0].Message!.From!.FirstName);
    }

    [Fact]
    public async Task Callback_queries_and_membership_changes_are_typed()
    {
        await using var h = await TelegramClientHarness.StartAsync();
        h.Fake.PushUpdate("""{"callback_query":{"id":"cb1","from":{"id":9,"is_bot":false,"first_name":"Sari"},"chat_instance":"x","data":"r1:a7:2","message":{"message_id":5,"date":0,"chat":{"id":9,"type":"private"}}}}""");
        h.Fake.PushUpdate("""{"my_chat_member":{"chat":{"id":9,"type":"private"},"from":{"id":9,"is_bot":false,"first_name":"Sari"},"date":1763800000,"old_chat_member":{"status":"member","user":{"id":1,"is_bot":true,"first_name":"Bot"}},"new_chat_member":{"status":"kicked","user":{"id":1,"is_bot":true,"first_name":"Bot"},"until_date":0}}}""");

        var updates = await h.Client.SendAsync(new GetUpdates { Timeout = 0 }, Ct);

        Assert.Equal("r1:a7:2", updates[0].CallbackQuery!.Data);
        Assert.True(updates[0].CallbackQuery!.Message!.IsInaccessible);
        Assert.Equal(ChatMember.Kicked, updates[1].MyChatMember!.NewChatMember.Status);
    }

    [Fact]
    public async Task Webhook_methods_round_trip_and_block_getUpdates()
    {
        await using var h = await TelegramClientHarness.StartAsync();

        Assert.True(await h.Client.SendAsync(new SetWebhook("https://humas.example/api/telegram/webhook") { SecretToken = "s3cret_-", AllowedUpdates = ["message", "callback_query", "my_chat_member"] }, Ct));
        var info = await h.Client.SendAsync(new GetWebhookInfo(), Ct);
        var conflict = await Assert.ThrowsAsync<TelegramApiException>(() => h.Client.SendAsync(new GetUpdates(), Ct));
        Assert.True(await h.Client.SendAsync(new DeleteWebhook { DropPendingUpdates = false }, Ct));

        Assert.Equal("https://humas.example/api/telegram/webhook", info.Url);
        Assert.Equal(409, conflict.ErrorCode);
        Assert.Empty(await h.Client.SendAsync(new GetUpdates(), Ct));
    }

    [Fact]
    public async Task SetMyCommands_getChat_deleteMessage_and_editMessageReplyMarkup_work()
    {
        await using var h = await TelegramClientHarness.StartAsync(new() { Strict = true });

        Assert.True(await h.Client.SendAsync(new SetMyCommands([new BotCommand("langganan", "Atur langganan"), new BotCommand("bantuan", "Bantuan")]) { Scope = BotCommandScope.AllPrivateChats, LanguageCode = "id" }, Ct));
        var chat = await h.Client.SendAsync(new GetChat(-1001234567890), Ct);
        var sent = await h.Client.SendAsync(new SendMessage(3, "x"), Ct);
        var keyboard = new InlineKeyboardMarkup([[InlineKeyboardButton.WithCallback("👍 1", "r1:a:1")]]);
        var edited = await h.Client.SendAsync(new EditMessageReplyMarkup(3, sent.MessageId) { ReplyMarkup = keyboard }, Ct);
        var deleted = await h.Client.SendAsync(new DeleteMessage(3, sent.MessageId), Ct);
        var again = await Assert.ThrowsAsync<TelegramApiException>(() => h.Client.SendAsync(new DeleteMessage(3, sent.MessageId), Ct));

        Assert.Equal(Chat.Supergroup, chat.Type);
        Assert.Equal("x", edited.Message!.Text);
        Assert.True(deleted);
        Assert.Equal(400, again.ErrorCode);
    }

    [Fact]
    public async Task Long_polling_waits_for_the_next_update_and_offset_confirms()
    {
        await using var h = await TelegramClientHarness.StartAsync();
        var first = h.Fake.PushUpdate("""{"message":{"message_id":1,"date":1763800000,"chat":{"id":9,"type":"private"},"text":"a"}}""");

        var batch1 = await h.Client.SendAsync(new GetUpdates { Timeout = 5 }, Ct);
        var poll = h.Client.SendAsync(new GetUpdates { Offset = first + 1, Timeout = 5 }, Ct);
        await Task.Delay(200);
        Assert.False(poll.IsCompleted);
        var second = h.Fake.PushUpdate("""{"message":{"message_id":2,"date":1763800001,"chat":{"id":9,"type":"private"},"text":"b"}}""");
        var batch2 = await poll.WaitAsync(TimeSpan.FromSeconds(3));

        Assert.Equal(first, Assert.Single(batch1).UpdateId);
        Assert.Equal(second, Assert.Single(batch2).UpdateId);
        Assert.Equal(1, h.Fake.PendingUpdates);
    }

    [Fact]
    public async Task A_second_poller_ends_the_first_with_409_as_two_instances_would()
    {
        await using var h = await TelegramClientHarness.StartAsync();

        var first = h.Client.SendAsync(new GetUpdates { Timeout = 20 }, Ct);
        // The second poll must reach the server while the first is held, however loaded the machine is.
        for (var i = 0; i < 400 && !h.Fake.IsHoldingPoll; i++)
        {
            await Task.Delay(25);
        }

        var second = h.Client.SendAsync(new GetUpdates { Timeout = 1 }, Ct);

        var conflict = await Assert.ThrowsAsync<TelegramApiException>(() => first);
        Assert.Equal(409, conflict.ErrorCode);
        Assert.StartsWith("Conflict: terminated by other getUpdates request", conflict.Description, StringComparison.Ordinal);
        Assert.Empty(await second);
    }
}
