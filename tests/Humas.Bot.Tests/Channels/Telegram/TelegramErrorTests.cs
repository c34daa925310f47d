using Humas.Bot.Channels.Telegram.Api;
using Humas.Bot.Channels.Telegram.Api.Requests;
using Humas.Bot.FakePlatforms.Telegram;

namespace Humas.Bot.Tests.Channels.Telegram;

public sealed class TelegramErrorTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task A_blocked_chat_is_a_403_that_reads_as_gone()
    {
        await using var h = await TelegramClientHarness.StartAsync();
        h.Fake.Block(77);

        var e = await Assert.ThrowsAsync<TelegramApiException>(() => h.Client.SendAsync(new SendMessage(77, "halo"), Ct));

        Assert.Equal(403, e.ErrorCode);
        Assert.Equal("Forbidden: bot was blocked by the user", e.Description);
        Assert.True(e.IsBlockedOrGone);
        Assert.False(e.IsFloodWait);
    }

    [Fact]
    public async Task A_migrated_group_carries_the_new_chat_id()
    {
        await using var h = await TelegramClientHarness.StartAsync();
        h.Fake.Migrate(-4001, -1009876543210);

        var e = await Assert.ThrowsAsync<TelegramApiException>(() => h.Client.SendAsync(new SendMessage(-4001, "halo"), Ct));

        Assert.Equal(400, e.ErrorCode);
        Assert.Equal(-1009876543210, e.MigrateToChatId);
        Assert.True(e.IsMigrated);
        Assert.False(e.IsBlockedOrGone);
    }

    [Fact]
    public async Task A_flood_wait_carries_retry_after()
    {
        await using var h = await TelegramClientHarness.StartAsync();
        h.Fake.SetResponse("sendMessage", 429, """{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 7","parameters":{"retry_after":7}}""");

        var e = await Assert.ThrowsAsync<TelegramApiException>(() => h.Client.SendAsync(new SendMessage(1, "x"), Ct));

        Assert.True(e.IsFloodWait);
        Assert.Equal(TimeSpan.FromSeconds(7), e.RetryAfter);
    }

    [Theory]
    [InlineData(403, "Forbidden: bot was kicked from the supergroup chat", true)]
    [InlineData(403, "Forbidden: user is deactivated", true)]
    [InlineData(403, "Forbidden: bot can't initiate conversation with a user", true)]
    [InlineData(400, "Bad Request: chat not found", true)]
    [InlineData(403, "Forbidden: not enough rights to send text messages to the chat", false)]
    [InlineData(400, "Bad Request: message is too long", false)]
    public void Gone_is_recognised_from_the_description(int code, string description, bool gone) =>
        Assert.Equal(gone, new TelegramApiException("sendMessage", code, description).IsBlockedOrGone);

    [Fact]
    public async Task A_gateway_error_without_json_becomes_an_api_exception_with_the_http_status()
    {
        await using var h = await TelegramClientHarness.StartAsync(new() { ServerErrorRate = 1 });

        var e = await Assert.ThrowsAsync<TelegramApiException>(() => h.Client.SendAsync(new SendMessage(1, "x"), Ct));

        Assert.Equal(502, e.ErrorCode);
        Assert.True(e.IsServerError);
    }

    [Fact]
    public async Task A_connection_reset_surfaces_as_HttpRequestException()
    {
        await using var h = await TelegramClientHarness.StartAsync(new() { ResetRate = 1 });

        await Assert.ThrowsAsync<HttpRequestException>(() => h.Client.SendAsync(new SendMessage(1, "x"), Ct));
    }

    [Fact]
    public async Task A_server_that_never_answers_surfaces_as_TaskCanceledException_after_the_timeout()
    {
        await using var h = await TelegramClientHarness.StartAsync(new() { TimeoutRate = 1, TimeoutDelay = TimeSpan.FromSeconds(10) }, timeoutSeconds: 1);

        var e = await Assert.ThrowsAsync<TaskCanceledException>(() => h.Client.SendAsync(new SendMessage(1, "x"), Ct));

        Assert.IsType<TimeoutException>(e.InnerException);
    }

    [Fact]
    public async Task A_cancelled_caller_gets_its_own_cancellation()
    {
        await using var h = await TelegramClientHarness.StartAsync(new() { TimeoutRate = 1, TimeoutDelay = TimeSpan.FromSeconds(10) });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => h.Client.SendAsync(new SendMessage(1, "x"), cts.Token));

        // Not dressed up as a timeout: the caller asked for this.
        Assert.IsNotType<TimeoutException>(e.InnerException);
        Assert.True(cts.IsCancellationRequested);
    }

    [Fact]
    public async Task Injected_faults_follow_the_seed()
    {
        var options = new FakeTelegramOptions { ServerErrorRate = 0.3, Seed = 42 };
        async Task<string> RunAsync()
        {
            await using var h = await TelegramClientHarness.StartAsync(options);
            var outcomes = new List<char>();
            for (var i = 0; i < 20; i++)
            {
                try
                {
                    await h.Client.SendAsync(new SendMessage(i + 1, "x"), Ct);
                    outcomes.Add('.');
                }
                catch (TelegramApiException)
                {
                    outcomes.Add('x');
                }
            }

            return new string(outcomes.ToArray());
        }

        var first = await RunAsync();

        Assert.Equal(first, await RunAsync());
        Assert.Contains('x', first);
        Assert.Contains('.', first);
    }
}
