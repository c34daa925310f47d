using Humas.Bot.Channels.Telegram.Updates;
using Humas.Bot.Tests.Support;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace Humas.Bot.Tests.Channels.Telegram;

/// <summary>
/// Telegram.Bot as AddTelegram wires it, against the strict fake Bot API: the requests the library writes are
/// the Bot API's (snake_case JSON the fake accepts), and what stays ours (getUpdates with raw updates, the
/// long poll's timeout, RetryCount 0) behaves as the inbox and the delivery engine need.
/// </summary>
public sealed class TelegramBotClientTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task GetMe_returns_the_bot()
    {
        await using var h = await TelegramClientHarness.StartAsync(new() { Strict = true });

        var me = await h.Client.GetMe(Ct);

        Assert.True(me.IsBot);
        Assert.Equal(123456789, me.Id);
        Assert.Equal("humas_fake_bot", me.Username);
    }

    [Fact]
    public async Task SendMessage_posts_snake_case_json_that_the_strict_fake_accepts()
    {
        await using var h = await TelegramClientHarness.StartAsync(new() { Strict = true });
        var keyboard = new InlineKeyboardMarkup([[InlineKeyboardButton.WithCallbackData("👍 3", "r1:a7:1"), InlineKeyboardButton.WithUrl("Baca", "https://kominfo.go.id/a")]]);

        var sent = await h.Client.SendMessage(42, "<b>Judul</b> berita", ParseMode.Html, replyMarkup: keyboard, linkPreviewOptions: new LinkPreviewOptions { IsDisabled = true }, cancellationToken: Ct);

        Assert.Equal(1, sent.MessageId);
        Assert.Equal(42, sent.Chat.Id);
        Assert.Equal(ChatType.Private, sent.Chat.Type);
        Assert.InRange(sent.Date, DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddMinutes(1));
        var recorded = Assert.Single(h.Fake.RequestsFor("sendMessage"));
        Assert.Equal(42, recorded.ChatId);
        Assert.Contains("\"callback_data\":\"r1:a7:1\"", recorded.ReplyMarkupJson, StringComparison.Ordinal);
        Assert.DoesNotContain("\"url\":null", recorded.ReplyMarkupJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Edits_return_the_edited_message_and_a_repeat_is_not_modified()
    {
        await using var h = await TelegramClientHarness.StartAsync(new() { Strict = true });
        var sent = await h.Client.SendMessage(5, "satu", cancellationToken: Ct);

        var edited = await h.Client.EditMessageText(5, sent.MessageId, "dua", cancellationToken: Ct);
        var repeat = await Assert.ThrowsAsync<ApiRequestException>(() => h.Client.EditMessageText(5, sent.MessageId, "dua", cancellationToken: Ct));

        Assert.Equal("dua", edited.Text);
        Assert.NotNull(edited.EditDate);
        Assert.True(Humas.Bot.Channels.Telegram.Api.TelegramErrors.IsMessageNotModified(repeat));
    }

    [Fact]
    public async Task A_429_is_thrown_at_once_not_retried_by_the_library()
    {
        // RetryCount 0: the delivery engine owns waiting. The library's default would sleep retry_after and try again.
        await using var h = await TelegramClientHarness.StartAsync();
        h.Fake.SetResponse("sendMessage", 429, """{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 3","parameters":{"retry_after":3}}""");
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<ApiRequestException>(() => h.Client.SendMessage(1, "x", cancellationToken: Ct));

        Assert.Equal(429, e.ErrorCode);
        Assert.Equal(3, e.Parameters!.RetryAfter);
        Assert.Single(h.Fake.RequestsFor("sendMessage"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"waited {clock.Elapsed}");
    }

    [Fact]
    public async Task Raw_updates_keep_every_update_as_sent_even_one_the_library_could_not_read()
    {
        await using var h = await TelegramClientHarness.StartAsync();
        h.Fake.SetResponse("getUpdates", 200, """
            {"ok":true,"future_field":{"x":[1,2]},"result":[
              {"update_id":10,"brand_new_update":{"a":1},"message":{"message_id":3,"date":1763800000,"chat":{"id":9,"type":"private"},"text":"/start"}},
              {"update_id":4294967296,"message":{"message_id":4,"date":1763800000123,"chat":{"id":9,"type":"private"},"text":"hi"}}
            ]}
            """);

        var updates = await h.Api.GetUpdatesAsync(null, 0, TelegramUpdateReceiver.AllowedUpdates, Ct);

        Assert.Equal(2, updates.Length);
        Assert.Equal(4294967296, updates[1].GetProperty("update_id").GetInt64());
        Assert.Equal(1763800000123, updates[1].GetProperty("message").GetProperty("date").GetInt64());
    }

    [Fact]
    public async Task GetUpdates_names_every_update_kind_it_needs_explicitly()
    {
        await using var h = await TelegramClientHarness.StartAsync();

        await h.Api.GetUpdatesAsync(null, 0, TelegramUpdateReceiver.AllowedUpdates, Ct);

        var asked = Assert.Single(h.Fake.RequestsFor("getUpdates")).AllowedUpdates!;
        foreach (var kind in new[] { "message", "edited_message", "channel_post", "callback_query", "my_chat_member" })
        {
            Assert.Contains(kind, asked);
        }
    }

    [Fact]
    public async Task Long_polling_is_held_past_the_request_timeout_and_the_offset_confirms()
    {
        // A request timeout of 1 s, a poll held for 3 s: the hold is added to the timeout for getUpdates only.
        await using var h = await TelegramClientHarness.StartAsync(timeoutSeconds: 1);
        var first = h.Fake.PushUpdate("""{"message":{"message_id":1,"date":1763800000,"chat":{"id":9,"type":"private"},"text":"a"}}""");

        var batch1 = await h.Api.GetUpdatesAsync(null, 5, [], Ct);
        var poll = h.Api.GetUpdatesAsync(first + 1, 5, [], Ct);
        await Eventually.UntilAsync(() => h.Fake.IsHoldingPoll, "the fake to hold the poll");

        await Task.Delay(1500);
        Assert.False(poll.IsCompleted);
        var second = h.Fake.PushUpdate("""{"message":{"message_id":2,"date":1763800001,"chat":{"id":9,"type":"private"},"text":"b"}}""");
        var batch2 = await poll.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(first, Assert.Single(batch1).GetProperty("update_id").GetInt64());
        Assert.Equal(second, Assert.Single(batch2).GetProperty("update_id").GetInt64());
        Assert.Equal(1, h.Fake.PendingUpdates);
    }

    [Fact]
    public async Task Webhook_methods_round_trip_and_block_getUpdates_with_409()
    {
        await using var h = await TelegramClientHarness.StartAsync(new() { Strict = true });

        await h.Client.SetWebhook("https://humas.example/api/telegram/webhook", allowedUpdates: TelegramUpdateReceiver.AllowedUpdates, secretToken: "s3cret_-", cancellationToken: Ct);
        var info = await h.Client.GetWebhookInfo(Ct);
        var conflict = await Assert.ThrowsAsync<ApiRequestException>(() => h.Api.GetUpdatesAsync(null, 0, [], Ct));
        await h.Client.DeleteWebhook(cancellationToken: Ct);

        Assert.Equal("https://humas.example/api/telegram/webhook", info.Url);
        Assert.Equal(409, conflict.ErrorCode);
        Assert.Empty(await h.Api.GetUpdatesAsync(null, 0, [], Ct));
    }

    [Fact]
    public async Task SetMyCommands_getChatMember_deleteMessage_and_editMessageReplyMarkup_work_on_the_strict_fake()
    {
        await using var h = await TelegramClientHarness.StartAsync(new() { Strict = true });
        h.Fake.SetChatMemberStatus(-1001234567890, 77, "administrator");

        await h.Client.SetMyCommands([new BotCommand("langganan", "Atur langganan"), new BotCommand("bantuan", "Bantuan")], BotCommandScope.AllPrivateChats(), "id", Ct);
        var member = await h.Client.GetChatMember(-1001234567890, 77, Ct);
        var sent = await h.Client.SendMessage(3, "x", cancellationToken: Ct);
        var edited = await h.Client.EditMessageReplyMarkup(3, sent.MessageId, new InlineKeyboardMarkup(InlineKeyboardButton.WithCallbackData("👍 1", "r1:a:1")), cancellationToken: Ct);
        await h.Client.DeleteMessage(3, sent.MessageId, Ct);
        var again = await Assert.ThrowsAsync<ApiRequestException>(() => h.Client.DeleteMessage(3, sent.MessageId, Ct));

        Assert.Equal(ChatMemberStatus.Administrator, member.Status);
        Assert.Equal("x", edited.Text);
        Assert.Equal(400, again.ErrorCode);
    }

    [Fact]
    public async Task A_second_poller_ends_the_first_with_409_as_two_instances_would()
    {
        await using var h = await TelegramClientHarness.StartAsync();

        var first = h.Api.GetUpdatesAsync(null, 20, [], Ct);
        // The second poll must reach the server while the first is held, however loaded the machine is.
        await Eventually.UntilAsync(() => h.Fake.IsHoldingPoll, "the fake to hold the poll");

        var second = h.Api.GetUpdatesAsync(null, 1, [], Ct);

        var conflict = await Assert.ThrowsAsync<ApiRequestException>(() => first);
        Assert.Equal(409, conflict.ErrorCode);
        Assert.StartsWith("Conflict: terminated by other getUpdates request", conflict.Message, StringComparison.Ordinal);
        Assert.Empty(await second);
    }

}
