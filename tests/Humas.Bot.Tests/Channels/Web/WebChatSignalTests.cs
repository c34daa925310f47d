using Humas.Bot.Channels.Web.Chat;
using Microsoft.Extensions.Time.Testing;

namespace Humas.Bot.Tests.Channels.Web;

public sealed class WebChatSignalTests
{
    // Far longer than the test waits for anything, so only the fake clock can end a poll.
    private static readonly TimeSpan Poll = TimeSpan.FromHours(1);

    [Fact]
    public async Task A_stream_waits_until_woken_or_until_the_poll_interval_passed_on_the_service_clock()
    {
        var time = new FakeTimeProvider();
        var signal = new WebChatSignal(time);
        using var listener = signal.Listen("visitor");

        var polled = listener.WaitAsync(Poll, CancellationToken.None);
        time.Advance(Poll - TimeSpan.FromSeconds(1));
        Assert.False(polled.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(await polled.WaitAsync(TimeSpan.FromSeconds(60)));

        var woken = listener.WaitAsync(Poll, CancellationToken.None);
        Assert.False(woken.IsCompleted);
        signal.Wake("visitor");
        Assert.True(await woken.WaitAsync(TimeSpan.FromSeconds(60)));

        // Two wakes before a wait count as one: the stream reads every change since anyway.
        signal.Wake("visitor");
        signal.Wake("visitor");
        Assert.True(await listener.WaitAsync(Poll, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60)));
        var next = listener.WaitAsync(Poll, CancellationToken.None);
        Assert.False(next.IsCompleted);
        time.Advance(Poll);
        Assert.False(await next.WaitAsync(TimeSpan.FromSeconds(60)));
    }
}
