using Humas.Bot.Channels.Telegram.Updates;
using Microsoft.Extensions.Time.Testing;

namespace Humas.Bot.Tests.Channels.Telegram;

/// <summary>
/// The hand-over between a press's answer and its webhook's open response: an answer is either in the response or
/// refused (and then sent by request), never both and never neither.
/// </summary>
public sealed class TelegramWebhookRepliesTests
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task An_answer_offered_while_the_webhook_waits_goes_into_its_response()
    {
        var replies = new TelegramWebhookReplies();
        using var reply = replies.Open("", "q1")!;

        var offered = replies.OfferAsync("", "q1", "Terima kasih!");
        await reply.WaitAsync(Long, TimeProvider.System, CancellationToken.None);

        Assert.True(reply.TryTake(out var text));
        Assert.Equal("Terima kasih!", text);
        Assert.True(await offered.WaitAsync(Long));
    }

    [Fact]
    public async Task An_answer_offered_after_the_webhook_answered_is_refused_so_it_goes_by_request()
    {
        var replies = new TelegramWebhookReplies();
        var reply = replies.Open("", "q1")!;

        Assert.False(reply.TryTake(out _));
        Assert.False(await replies.OfferAsync("", "q1", "terlambat"));
        reply.Dispose();
        Assert.False(await replies.OfferAsync("", "q1", "terlambat"));
        Assert.Equal(0, replies.OpenCount);
    }

    [Fact]
    public async Task An_answer_waiting_when_storing_fails_is_refused()
    {
        var replies = new TelegramWebhookReplies();
        var reply = replies.Open("", "q1")!;
        var offered = replies.OfferAsync("", "q1", "Terima kasih!");
        Assert.False(offered.IsCompleted);

        // The webhook's store threw: its reply is disposed without being taken.
        reply.Dispose();

        Assert.False(await offered.WaitAsync(Long));
    }

    [Fact]
    public async Task A_reply_carries_one_answer_and_only_its_own_bots_press()
    {
        var replies = new TelegramWebhookReplies();
        using var reply = replies.Open("", "q1")!;

        Assert.False(await replies.OfferAsync("kemensos", "q1", "bot lain"));
        var first = replies.OfferAsync("", "q1", "pertama");
        Assert.False(await replies.OfferAsync("", "q1", "kedua"));

        Assert.True(reply.TryTake(out var text));
        Assert.Equal("pertama", text);
        Assert.True(await first.WaitAsync(Long));
    }

    [Fact]
    public void A_delivery_of_a_press_whose_first_delivery_is_still_open_gets_no_reply_of_its_own()
    {
        var replies = new TelegramWebhookReplies();
        var first = replies.Open("", "q1")!;

        Assert.Null(replies.Open("", "q1"));
        Assert.NotNull(replies.Open("kemensos", "q1"));
        first.Dispose();
        using var again = replies.Open("", "q1");
        Assert.NotNull(again);
    }

    [Fact]
    public async Task The_wait_ends_when_the_arrival_is_over_without_an_answer()
    {
        var time = new FakeTimeProvider();
        var replies = new TelegramWebhookReplies();
        using var reply = replies.Open("", "q1")!;
        var arrival = new TaskCompletionSource();
        reply.SettleWith(arrival.Task);

        var waiting = reply.WaitAsync(TelegramWebhookReplies.Wait, time, CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        arrival.SetResult();

        // No time passes on the fake clock: only the arrival's end can finish the wait.
        await waiting.WaitAsync(Long);
        Assert.False(reply.TryTake(out _));
    }

    [Fact]
    public async Task The_wait_gives_up_after_its_patience_and_a_later_answer_is_refused()
    {
        var time = new FakeTimeProvider();
        var replies = new TelegramWebhookReplies();
        using var reply = replies.Open("", "q1")!;

        var waiting = reply.WaitAsync(TelegramWebhookReplies.Wait, time, CancellationToken.None);
        time.Advance(TelegramWebhookReplies.Wait - TimeSpan.FromMilliseconds(1));
        Assert.False(waiting.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await waiting.WaitAsync(Long);

        Assert.False(reply.TryTake(out _));
        Assert.False(await replies.OfferAsync("", "q1", "terlambat"));
    }
}
