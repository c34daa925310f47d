using Humas.Bot.Channels.Telegram;
using Humas.Bot.Channels.Telegram.Api;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.FakePlatforms.Telegram;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types.Enums;

namespace Humas.Bot.Tests.Channels.Telegram;

/// <summary>
/// Every kind of failure the fake can produce, as Telegram.Bot reports it and as the delivery engine then
/// reads it (<see cref="TelegramFailureClassifier"/>).
/// </summary>
public sealed class TelegramErrorTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task A_blocked_chat_is_a_403_that_reads_as_gone()
    {
        await using var h = await TelegramClientHarness.StartAsync();
        h.Fake.Block(77);

        var e = await Assert.ThrowsAsync<ApiRequestException>(() => h.Client.SendMessage(77, "halo", cancellationToken: Ct));

        Assert.Equal(403, e.ErrorCode);
        Assert.Equal("Forbidden: bot was blocked by the user", e.Message);
        Assert.True(e.IsBlockedOrGone());
        Assert.IsType<DeliveryFailure.RecipientGone>(TelegramFailureClassifier.Classify(e));
    }

    [Fact]
    public async Task A_migrated_group_carries_the_new_chat_id()
    {
        await using var h = await TelegramClientHarness.StartAsync();
        h.Fake.Migrate(-4001, -1009876543210);

        var e = await Assert.ThrowsAsync<ApiRequestException>(() => h.Client.SendMessage(-4001, "halo", cancellationToken: Ct));

        Assert.Equal(400, e.ErrorCode);
        Assert.Equal(-1009876543210, e.MigratedTo());
        Assert.False(e.IsBlockedOrGone());
        var failure = Assert.IsType<DeliveryFailure.RecipientGone>(TelegramFailureClassifier.Classify(e));
        Assert.Equal("-1009876543210", failure.MovedToExternalId);
    }

    [Fact]
    public async Task A_flood_wait_carries_retry_after()
    {
        await using var h = await TelegramClientHarness.StartAsync();
        h.Fake.SetResponse("sendMessage", 429, """{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 7","parameters":{"retry_after":7}}""");

        var e = await Assert.ThrowsAsync<ApiRequestException>(() => h.Client.SendMessage(1, "x", cancellationToken: Ct));

        Assert.True(e.IsFloodWait());
        Assert.Equal(TimeSpan.FromSeconds(7), e.RetryAfter());
        var failure = Assert.IsType<DeliveryFailure.RetryAfter>(TelegramFailureClassifier.Classify(e));
        Assert.Equal(TimeSpan.FromSeconds(7), failure.Delay);
    }

    [Theory]
    [InlineData(403, "Forbidden: bot was kicked from the supergroup chat", true)]
    [InlineData(403, "Forbidden: user is deactivated", true)]
    [InlineData(403, "Forbidden: bot can't initiate conversation with a user", true)]
    [InlineData(403, "Forbidden: bot is not a member of the channel chat", true)]
    [InlineData(400, "Bad Request: chat not found", true)]
    [InlineData(403, "Forbidden: not enough rights to send text messages to the chat", false)]
    [InlineData(400, "Bad Request: message is too long", false)]
    public void Gone_is_recognised_from_the_description(int code, string description, bool gone) =>
        Assert.Equal(gone, new ApiRequestException(description, code).IsBlockedOrGone());

    [Fact]
    public async Task A_gateway_error_without_json_is_a_transient_failure_with_the_http_status()
    {
        await using var h = await TelegramClientHarness.StartAsync(new() { ServerErrorRate = 1 });

        var e = await Assert.ThrowsAsync<RequestException>(() => h.Client.SendMessage(1, "x", cancellationToken: Ct));

        Assert.Equal(System.Net.HttpStatusCode.BadGateway, e.HttpStatusCode);
        var failure = Assert.IsType<DeliveryFailure.Transient>(TelegramFailureClassifier.Classify(e));
        Assert.Contains("502", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connection_reset_is_a_transient_network_error()
    {
        await using var h = await TelegramClientHarness.StartAsync(new() { ResetRate = 1 });

        var e = await Assert.ThrowsAsync<RequestException>(() => h.Client.SendMessage(1, "x", cancellationToken: Ct));

        Assert.IsType<HttpRequestException>(e.InnerException);
        var failure = Assert.IsType<DeliveryFailure.Transient>(TelegramFailureClassifier.Classify(e));
        Assert.StartsWith("telegram: network error", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_never_answers_times_out_after_the_request_timeout()
    {
        await using var h = await TelegramClientHarness.StartAsync(new() { TimeoutRate = 1, TimeoutDelay = TimeSpan.FromSeconds(10) }, timeoutSeconds: 1);

        var e = await Assert.ThrowsAsync<RequestException>(() => h.Client.SendMessage(1, "x", cancellationToken: Ct));

        Assert.IsType<TimeoutException>(e.InnerException!.InnerException);
        Assert.Equal("telegram: timed out", TelegramFailureClassifier.Classify(e).Reason);
    }

    [Fact]
    public async Task A_cancelled_caller_gets_its_own_cancellation()
    {
        await using var h = await TelegramClientHarness.StartAsync(new() { TimeoutRate = 1, TimeoutDelay = TimeSpan.FromSeconds(10) });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => h.Client.SendMessage(1, "x", cancellationToken: cts.Token));

        // Not dressed up as a timeout: the caller asked for this.
        Assert.IsNotType<TimeoutException>(e.InnerException);
        Assert.True(cts.IsCancellationRequested);
    }

    [Fact]
    public async Task A_rejected_message_is_invalid_and_not_retried()
    {
        await using var h = await TelegramClientHarness.StartAsync(new() { Strict = true });

        var e = await Assert.ThrowsAsync<ApiRequestException>(() => h.Client.SendMessage(1, "satu<br>dua", ParseMode.Html, cancellationToken: Ct));

        Assert.IsType<DeliveryFailure.MessageInvalid>(TelegramFailureClassifier.Classify(e));
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
                    await h.Client.SendMessage(i + 1, "x", cancellationToken: Ct);
                    outcomes.Add('.');
                }
                catch (RequestException)
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
