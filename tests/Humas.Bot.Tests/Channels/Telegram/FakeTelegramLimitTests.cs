using System.Diagnostics;
using Humas.Bot.Channels.Telegram.Api;
using Humas.Bot.Tests.Support;
using Telegram.Bot;
using Telegram.Bot.Exceptions;

namespace Humas.Bot.Tests.Channels.Telegram;

/// <summary>The fake's limits, measured through the real client, since the delivery engine is tested against them.</summary>
public sealed class FakeTelegramLimitTests
{
    [Fact]
    public async Task A_private_chat_gets_429_when_sent_to_faster_than_once_a_second()
    {
        await using var h = await TelegramClientHarness.StartAsync(new() { EnforceLimits = true, BotPerSecond = 0 });

        var (sent, refused) = await BurstAsync(h, chatId: 55, TimeSpan.FromMilliseconds(2500));

        // Measured at the server: accepted sends are at least a second apart, everything between is refused. The fake
        // logs a request just after writing its answer, so the last one may still be on its way to the log.
        await Eventually.UntilAsync(() => h.Fake.Counters.InFlight == 0, "the fake to log every request");
        var accepted = h.Fake.RequestsFor("sendMessage").Where(r => r.Succeeded).Select(r => r.ReceivedAt).ToArray();
        Assert.InRange(sent, 2, 3);
        Assert.Equal(sent, accepted.Length);
        Assert.All(accepted.Zip(accepted.Skip(1)), pair => Assert.True(pair.Second - pair.First >= TimeSpan.FromMilliseconds(990), $"{pair.Second - pair.First}"));
        // How many were refused depends on how fast this machine loops; that some were, does not.
        Assert.NotEmpty(refused);
        Assert.All(refused, e => Assert.Equal(TimeSpan.FromSeconds(1), e.RetryAfter()));
        Assert.All(refused, e => Assert.StartsWith("Too Many Requests: retry after", e.Message, StringComparison.Ordinal));
        Assert.Equal(refused.Count, h.Fake.Counters.TooManyRequests);
        Assert.Equal(sent, h.Fake.Counters.Delivered);
    }

    [Fact]
    public async Task A_group_gets_429_after_its_per_minute_allowance()
    {
        await using var h = await TelegramClientHarness.StartAsync(new() { EnforceLimits = true, BotPerSecond = 0, GroupPerMinute = 20 });

        var refused = new List<ApiRequestException>();
        for (var i = 0; i < 25; i++)
        {
            if (await TrySendAsync(h, -100123) is { } e)
            {
                refused.Add(e);
            }
        }

        // Counted, not timed: 25 sends take far less than the minute, so exactly the allowance gets through.
        Assert.Equal(20, h.Fake.Counters.Delivered);
        Assert.Equal(5, refused.Count);
        Assert.All(refused, e => Assert.InRange(e.RetryAfter()!.Value.TotalSeconds, 59, 60));
    }

    [Fact]
    public async Task The_bot_wide_limit_spans_chats_and_refused_sends_do_not_count()
    {
        await using var h = await TelegramClientHarness.StartAsync(new() { EnforceLimits = true, BotPerSecond = 5 });

        var results = new List<bool>();
        for (var chat = 1; chat <= 10; chat++)
        {
            results.Add(await TrySendAsync(h, chat) is null);
        }

        Assert.Equal(5, results.Count(ok => ok));
        Assert.All(results.Take(5), Assert.True);
        await Eventually.UntilAsync(() => h.Fake.Counters.InFlight == 0, "the fake to log every request");
        Assert.Equal(10, h.Fake.RequestsFor("sendMessage").Count);
        Assert.All(h.Fake.RequestsFor("sendMessage").Skip(5), r => Assert.Equal(429, r.StatusCode));
    }

    [Fact]
    public async Task Without_enforcement_nothing_is_refused()
    {
        await using var h = await TelegramClientHarness.StartAsync();

        // Counted, not timed: ten sends to one chat back to back, which the enforcing fake answers 429 from the second on.
        var refused = new List<ApiRequestException>();
        for (var i = 0; i < 10; i++)
        {
            if (await TrySendAsync(h, 55) is { } e)
            {
                refused.Add(e);
            }
        }

        Assert.Empty(refused);
        Assert.Equal(10, h.Fake.Counters.Delivered);
    }

    private static async Task<(int Sent, List<ApiRequestException> Refused)> BurstAsync(TelegramClientHarness h, long chatId, TimeSpan duration)
    {
        var sent = 0;
        var refused = new List<ApiRequestException>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            if (await TrySendAsync(h, chatId) is { } e)
            {
                refused.Add(e);
            }
            else
            {
                sent++;
            }

            await Task.Delay(5);
        }

        return (sent, refused);
    }

    private static async Task<ApiRequestException?> TrySendAsync(TelegramClientHarness h, long chatId)
    {
        try
        {
            await h.Client.SendMessage(chatId, "x", cancellationToken: CancellationToken.None);
            return null;
        }
        catch (ApiRequestException e) when (e.IsFloodWait())
        {
            return e;
        }
    }
}
