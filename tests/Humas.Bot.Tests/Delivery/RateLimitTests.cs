using Humas.Bot.Delivery.Channels;
using Humas.Bot.Delivery.Model;
using Humas.Bot.Delivery.RateLimiting;
using Humas.Bot.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Humas.Bot.Subscriptions;

namespace Humas.Bot.Tests.Delivery;

public sealed class RateLimitTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(50);

    /// <summary>Runs dispatch passes on a clock moving in small steps, as a running service would.</summary>
    private static async Task RunForAsync(DeliveryHarness h, TimeSpan duration, TimeSpan? step = null)
    {
        var end = h.Clock.GetUtcNow() + duration;
        while (h.Clock.GetUtcNow() < end)
        {
            await h.DrainAsync();
            h.Clock.Advance(step ?? Step);
        }
    }

    /// <summary>
    /// A Telegram limiter pacing its bot-wide grants evenly, on a test clock, that has existed for a while before its
    /// first send (nothing of its start is left in its windows).
    /// </summary>
    private static (FakeTimeProvider Clock, ChannelRateLimiter Limiter) SettledLimiter(int botPerSecond, TimeSpan? allowance = null)
    {
        var clock = new FakeTimeProvider(DeliveryHarness.Start);
        var limiter = new ChannelRateLimiter(
            Humas.Bot.Channels.Telegram.TelegramRateLimits.For(botPerSecond: botPerSecond), clock, paceBotEvenly: true, allowance: allowance);
        clock.Advance(TimeSpan.FromMinutes(10));
        return (clock, limiter);
    }

    private static int MostInAnyWindow(IEnumerable<DateTimeOffset> times, TimeSpan window)
    {
        var sorted = times.Order().ToList();
        var most = 0;
        for (var i = 0; i < sorted.Count; i++)
        {
            most = Math.Max(most, sorted.Skip(i).TakeWhile(t => t - sorted[i] < window).Count());
        }

        return most;
    }

    [Fact]
    public async Task One_message_per_second_into_a_private_chat_is_never_exceeded()
    {
        await using var h = await DeliveryHarness.CreateAsync();
        h.Channel.RateLimits = Humas.Bot.Channels.Telegram.TelegramRateLimits.For(botPerSecond: 30);
        await h.SubscriberAsync("reader");
        for (var i = 0; i < 5; i++)
        {
            await h.PublishAndPlanAsync(title: $"Berita {i}");
        }

        await RunForAsync(h, TimeSpan.FromSeconds(6));

        var times = h.Channel.Delivered.Select(c => c.At).ToList();
        Assert.Equal(5, times.Count);
        Assert.Equal(1, MostInAnyWindow(times, TimeSpan.FromSeconds(1)));
        // Not slower than the limit either: five messages in about four seconds.
        Assert.True(times.Max() - times.Min() <= TimeSpan.FromSeconds(4.2), $"took {times.Max() - times.Min()}");
    }

    [Fact]
    public async Task Group_chats_get_at_most_twenty_a_minute()
    {
        await using var h = await DeliveryHarness.CreateAsync();
        h.Channel.RateLimits = Humas.Bot.Channels.Telegram.TelegramRateLimits.For(botPerSecond: 30);
        await h.SubscriberAsync("-100", kind: ConversationKind.Group);
        for (var i = 0; i < 25; i++)
        {
            await h.PublishAndPlanAsync(title: $"Berita {i}");
        }

        await RunForAsync(h, TimeSpan.FromSeconds(61), TimeSpan.FromMilliseconds(250));

        var times = h.Channel.Delivered.Select(c => c.At).ToList();
        Assert.True(MostInAnyWindow(times, TimeSpan.FromMinutes(1)) <= 20);
        Assert.Equal(21, times.Count);
    }

    [Fact]
    public async Task The_bot_wide_rate_holds_across_all_chats_and_workers()
    {
        await using var h = await DeliveryHarness.CreateAsync(new() { ["Delivery:Concurrency"] = "16" });
        h.Channel.RateLimits = Humas.Bot.Channels.Telegram.TelegramRateLimits.For(botPerSecond: 10);
        for (var i = 0; i < 40; i++)
        {
            await h.SubscriberAsync($"reader{i}");
        }

        await h.PublishAndPlanAsync();
        await RunForAsync(h, TimeSpan.FromSeconds(5));

        var times = h.Channel.Delivered.Select(c => c.At).ToList();
        Assert.Equal(40, times.Count);
        Assert.True(MostInAnyWindow(times, TimeSpan.FromSeconds(1)) <= 10);
    }

    [Fact]
    public async Task A_bot_wide_429_pauses_every_chat_for_retry_after()
    {
        await using var h = await DeliveryHarness.CreateAsync(new() { ["Delivery:Concurrency"] = "1" });
        await h.SubscriberAsync("a");
        await h.SubscriberAsync("b");
        await h.SubscriberAsync("c");
        var throttled = false;
        h.Channel.Script = (_, _) => !throttled && (throttled = true) ? new DeliveryFailure.RetryAfter(RateLimitScope.Bot, TimeSpan.FromSeconds(10), "Too Many Requests: retry after 10") : null;
        var articleId = await h.PublishAndPlanAsync();

        await RunForAsync(h, TimeSpan.FromSeconds(9.9));
        Assert.Empty(h.Channel.Delivered);
        Assert.Single(h.Channel.Sends);
        var waiting = await h.DeliveriesAsync(articleId);
        Assert.Contains(waiting, d => d.LastError!.Contains("rate limited (Bot)", StringComparison.Ordinal));

        await RunForAsync(h, TimeSpan.FromSeconds(0.2));
        Assert.Equal(3, h.Channel.Delivered.Count);
        Assert.All(await h.DeliveriesAsync(articleId), d => Assert.Equal(DeliveryState.Sent, d.State));
    }

    [Fact]
    public async Task A_chat_scoped_429_pauses_only_that_chat()
    {
        await using var h = await DeliveryHarness.CreateAsync(new() { ["Delivery:Concurrency"] = "1" });
        await h.SubscriberAsync("slow");
        await h.SubscriberAsync("b");
        await h.SubscriberAsync("c");
        var throttled = false;
        h.Channel.Script = (_, to) => to.ExternalId == "slow" && !throttled && (throttled = true)
            ? new DeliveryFailure.RetryAfter(RateLimitScope.Conversation, TimeSpan.FromSeconds(10), "Too Many Requests: retry after 10")
            : null;
        await h.PublishAndPlanAsync();

        await RunForAsync(h, TimeSpan.FromSeconds(1));
        Assert.Equal(["b", "c"], h.Channel.Delivered.Select(c => c.To.ExternalId).Order());

        await RunForAsync(h, TimeSpan.FromSeconds(8.5));
        Assert.Equal(2, h.Channel.Delivered.Count);
        Assert.Equal(3, h.Channel.Sends.Count);
        await RunForAsync(h, TimeSpan.FromSeconds(1));
        Assert.Equal(3, h.Channel.Delivered.Count);
        var resent = h.Channel.Delivered.Single(c => c.To.ExternalId == "slow");
        Assert.True(resent.At >= DeliveryHarness.Start + TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Lower_priority_work_waits_while_a_new_article_is_waiting()
    {
        var clock = new FakeTimeProvider(DeliveryHarness.Start);
        var limiter = new ChannelRateLimiter(Humas.Bot.Channels.Telegram.TelegramRateLimits.For(botPerSecond: 30), clock);
        var busy = new ConversationAddress("telegram", "busy", ConversationKind.Private);
        var other = new ConversationAddress("telegram", "other", ConversationKind.Private);
        var third = new ConversationAddress("telegram", "third", ConversationKind.Private);
        Assert.True(limiter.TryAcquire(busy, SendPriority.Article, out _));

        // A new article for the busy chat waits for its 1/s window.
        var waiting = limiter.AcquireAsync(busy, SendPriority.Article, TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        Assert.False(limiter.TryAcquire(other, SendPriority.CounterRefresh, out var retry));
        Assert.True(retry > TimeSpan.Zero);
        Assert.True(limiter.TryAcquire(third, SendPriority.Article, out _));

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await waiting);
        Assert.True(limiter.TryAcquire(other, SendPriority.CounterRefresh, out _));
    }

    [Fact]
    public void Teams_limits_apply_per_conversation_and_per_tenant()
    {
        var clock = new FakeTimeProvider(DeliveryHarness.Start);
        var limiter = new ChannelRateLimiter(Humas.Bot.Channels.Teams.TeamsRateLimits.For(tenantPerSecond: 10), clock, tenantOf: a => a.ChannelData);
        var conversation = new ConversationAddress("teams", "19:a", ConversationKind.Group, "t1");
        var granted = 0;
        for (var i = 0; i < 20; i++)
        {
            granted += limiter.TryAcquire(conversation, SendPriority.Article, out _) ? 1 : 0;
        }

        Assert.Equal(7, granted); // 7 per second per conversation

        for (var i = 0; i < 20; i++)
        {
            granted += limiter.TryAcquire(new ConversationAddress("teams", $"19:{i}", ConversationKind.Group, "t1"), SendPriority.Article, out _) ? 1 : 0;
        }

        Assert.Equal(10, granted); // 10 per second for the tenant
        Assert.True(limiter.TryAcquire(new ConversationAddress("teams", "19:z", ConversationKind.Group, "t2"), SendPriority.Article, out _));

        clock.Advance(TimeSpan.FromSeconds(1));
        // 8 per 2 s: one more in the next second, not seven.
        granted = 0;
        for (var i = 0; i < 20; i++)
        {
            granted += limiter.TryAcquire(conversation, SendPriority.Article, out _) ? 1 : 0;
        }

        Assert.Equal(1, granted);
    }

    [Fact]
    public void Bot_wide_sends_are_paced_evenly_one_slot_apart()
    {
        var (clock, limiter) = SettledLimiter(botPerSecond: 30);
        ConversationAddress Chat(int i) => new("telegram", i.ToString(System.Globalization.CultureInfo.InvariantCulture), ConversationKind.Private);

        Assert.True(limiter.TryAcquire(Chat(0), SendPriority.Article, out _));
        Assert.False(limiter.TryAcquire(Chat(1), SendPriority.Article, out var wait));
        Assert.InRange(wait.TotalMilliseconds, 30, 34); // one slot: 1 s / 30

        // Asked every 5 ms: one grant per slot on the slots' timeline (each taken up to 5 ms late, on this grid), so
        // never two in one step, 30 in every second, and no slot lost to the grid.
        var granted = new List<DateTimeOffset> { clock.GetUtcNow() };
        var start = clock.GetUtcNow();
        for (var next = 1; clock.GetUtcNow() - start < TimeSpan.FromSeconds(3) - TimeSpan.FromMilliseconds(5);)
        {
            clock.Advance(TimeSpan.FromMilliseconds(5));
            if (limiter.TryAcquire(Chat(next), SendPriority.Article, out _))
            {
                granted.Add(clock.GetUtcNow());
                next++;
            }
        }

        Assert.All(granted.Zip(granted.Skip(1)), p => Assert.True(p.Second - p.First >= TimeSpan.FromMilliseconds(28), $"{p.Second - p.First}"));
        Assert.Equal(30, MostInAnyWindow(granted, TimeSpan.FromSeconds(1)));
        Assert.InRange(granted.Count, 89, 90); // 3 s at 30/s, the last slot perhaps just past the end
    }

    [Fact]
    public void A_paid_broadcast_is_paced_in_10_ms_quanta_on_an_ideal_timeline()
    {
        var (clock, limiter) = SettledLimiter(botPerSecond: 1000);
        var next = 0;
        ConversationAddress Chat() => new("telegram", (next++).ToString(System.Globalization.CultureInfo.InvariantCulture), ConversationKind.Private);

        // Ten at once (10 ms of 1000/s), then a wait of one quantum, not of one millisecond per grant.
        for (var i = 0; i < 10; i++)
        {
            Assert.True(limiter.TryAcquire(Chat(), SendPriority.Article, out _));
        }

        Assert.False(limiter.TryAcquire(Chat(), SendPriority.Article, out var wait));
        Assert.Equal(TimeSpan.FromMilliseconds(10), wait);

        // A caller that wakes 3 ms late each time (a busy timer) still gets 10 per quantum: the late wake-up does not
        // push the schedule back, so over 2 s the rate holds, and no second ever holds more than 1000.
        var granted = new List<DateTimeOffset>();
        var start = clock.GetUtcNow();
        while (clock.GetUtcNow() - start < TimeSpan.FromSeconds(2))
        {
            if (!limiter.TryAcquire(Chat(), SendPriority.Article, out wait))
            {
                clock.Advance(wait + TimeSpan.FromMilliseconds(3));
                continue;
            }

            granted.Add(clock.GetUtcNow());
        }

        Assert.InRange(granted.Count, 1900, 2000);
        Assert.InRange(MostInAnyWindow(granted, TimeSpan.FromSeconds(1)), 950, 1000);
    }

    /// <summary>
    /// One caller at a time asks for the bot's slot and, when told to wait, comes back <paramref name="late"/>(i) after
    /// the wait it was told, as a timer on a busy machine does; each call completes <paramref name="roundTrip"/> after
    /// its grant. Returns the grants' times over <paramref name="duration"/>, with the chat each went to.
    /// </summary>
    private static List<(DateTimeOffset At, string Chat)> GrantsOfALateCaller(
        ChannelRateLimiter limiter, FakeTimeProvider clock, TimeSpan duration, Func<int, TimeSpan> late, TimeSpan roundTrip, int chats = 1_000_000) =>
        [.. GrantsOfALateCaller(limiter, clock, duration, late, _ => roundTrip, chats).Select(g => (g.At, g.Chat))];

    /// <summary>As above, the <c>n</c>th call completing <paramref name="roundTrip"/>(n) after its grant; returns each grant's round trip too.</summary>
    private static List<(DateTimeOffset At, string Chat, TimeSpan RoundTrip)> GrantsOfALateCaller(
        ChannelRateLimiter limiter, FakeTimeProvider clock, TimeSpan duration, Func<int, TimeSpan> late, Func<int, TimeSpan> roundTrip, int chats = 1_000_000)
    {
        var granted = new List<(DateTimeOffset At, string Chat, TimeSpan RoundTrip)>();
        var inFlight = new List<(DateTimeOffset Done, ConversationAddress To, long GrantedAt)>();
        var start = clock.GetUtcNow();
        var asked = 0;
        while (clock.GetUtcNow() - start < duration)
        {
            foreach (var call in inFlight.Where(c => c.Done <= clock.GetUtcNow()).ToList())
            {
                limiter.Completed(call.To, call.GrantedAt);
                inFlight.Remove(call);
            }

            var to = new ConversationAddress("telegram", (granted.Count % chats).ToString(System.Globalization.CultureInfo.InvariantCulture), ConversationKind.Private);
            if (limiter.TryAcquire(to, SendPriority.Article, out var wait, out var grantedAt))
            {
                var trip = roundTrip(granted.Count);
                granted.Add((clock.GetUtcNow(), to.ExternalId, trip));
                inFlight.Add((clock.GetUtcNow() + trip, to, grantedAt));
                continue;
            }

            // Completions due before the caller wakes are recorded on time.
            var wake = clock.GetUtcNow() + wait + late(asked++);
            foreach (var done in inFlight.Select(c => c.Done).Where(d => d < wake).Order())
            {
                if (done > clock.GetUtcNow())
                {
                    clock.Advance(done - clock.GetUtcNow());
                }

                foreach (var call in inFlight.Where(c => c.Done <= clock.GetUtcNow()).ToList())
                {
                    limiter.Completed(call.To, call.GrantedAt);
                    inFlight.Remove(call);
                }
            }

            clock.Advance(wake - clock.GetUtcNow());
        }

        return granted;
    }

    [Fact]
    public void The_first_calls_of_a_burst_alone_give_no_shortest_round_trip()
    {
        // The first sends wait a quarter of a second for connections to open: that is no way back to take off their
        // answers. Once calls on open connections come back too, the shortest is theirs.
        var period = TimeSpan.FromSeconds(15).Ticks;
        var shortest = new ShortestRoundTrip(period);
        var now = TimeSpan.FromSeconds(1).Ticks;
        for (var i = 0; i < 6; i++)
        {
            shortest.Add(TimeSpan.FromMilliseconds(250).Ticks, now);
        }

        Assert.Null(shortest.Current(now));
        for (var i = 6; i < ShortestRoundTrip.MinCalls; i++)
        {
            shortest.Add(TimeSpan.FromMilliseconds(2).Ticks, now + i);
        }

        Assert.Equal(TimeSpan.FromMilliseconds(2).Ticks, shortest.Current(now + 100));
    }

    [Fact]
    public void A_call_whose_slot_was_given_up_counts_again_from_its_answer()
    {
        // Two a second. A is granted and hangs; B goes and comes back at once; a second after A's grant its slot is
        // given up and C takes it. Then A's answer comes: it arrived just now, beside C, so the window is full again.
        var log = new SlidingWindowLog(new Rate(2, TimeSpan.FromSeconds(1)));
        long Ms(int ms) => TimeSpan.FromMilliseconds(ms).Ticks;
        log.Record(Ms(0));
        log.Record(Ms(100));
        log.Completed(Ms(100), Ms(100));
        Assert.Equal(0, log.WaitTicks(Ms(1050)));
        log.Record(Ms(1050));
        log.Completed(Ms(1050), Ms(1050));

        log.Completed(Ms(0), Ms(1200));

        // The next grant waits for C's slot (1.05 s + 1 s); without A counted again, B's (0.1 s + 1 s) would let a
        // third call into A's and C's second.
        Assert.Equal(Ms(2050) - Ms(1200), log.WaitTicks(Ms(1200)));
    }

    [Fact]
    public void Timers_that_fire_late_do_not_lose_slots()
    {
        var (clock, limiter) = SettledLimiter(botPerSecond: 30);

        // Every wake-up 7 ms late (a fifth of the 33 ms slot): spacing each grant from the previous one would give
        // 10 s / 40 ms = 250; on the slots' timeline the late grant is followed by an early one. What is left is the
        // sliding window's own: it counts from each actual grant, so a late wake-up on a full window costs its 7 ms
        // once per 30 grants (10 s × 30 / 1.007 s = 298).
        var granted = GrantsOfALateCaller(limiter, clock, TimeSpan.FromSeconds(10), _ => TimeSpan.FromMilliseconds(7), TimeSpan.Zero, chats: 1000);

        Assert.InRange(granted.Count, 297, 301); // 10 s at 30/s
        Assert.Equal(30, MostInAnyWindow(granted.Select(g => g.At), TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void A_paid_broadcast_keeps_its_rate_when_every_quantum_is_taken_late()
    {
        var (clock, limiter) = SettledLimiter(botPerSecond: 1000);

        // 12 ms late each time: more than a whole 10 ms quantum, which the timeline used to give up for good.
        var granted = GrantsOfALateCaller(limiter, clock, TimeSpan.FromSeconds(3), _ => TimeSpan.FromMilliseconds(12), TimeSpan.Zero);

        Assert.InRange(granted.Count, 2960, 3010); // 3 s at 1000/s, less 12 ms a second on the full window (3 s / 1.012 s = 2964)
        Assert.InRange(MostInAnyWindow(granted.Select(g => g.At), TimeSpan.FromSeconds(1)), 990, 1000);
    }

    [Fact]
    public void Catching_up_never_exceeds_the_platforms_windows()
    {
        var (clock, limiter) = SettledLimiter(botPerSecond: 30);
        var random = new Random(14);

        // Wake-ups late by 0 to 150 ms (now and then longer than the catch-up allows), 20 chats in turn, and calls that
        // take 0 to 40 ms to complete: caught-up slots come in bursts, but never past 30 in a second or 1 per chat.
        var lateness = Enumerable.Range(0, 10_000).Select(_ => TimeSpan.FromMilliseconds(random.Next(0, 150))).ToArray();
        var granted = GrantsOfALateCaller(limiter, clock, TimeSpan.FromSeconds(20), i => lateness[i % lateness.Length], TimeSpan.FromMilliseconds(20), chats: 20);

        Assert.InRange(MostInAnyWindow(granted.Select(g => g.At), TimeSpan.FromSeconds(1)), 1, 30);
        Assert.All(granted.GroupBy(g => g.Chat), chat => Assert.Equal(1, MostInAnyWindow(chat.Select(g => g.At), TimeSpan.FromSeconds(1))));
        // A burst is at most the slot due plus the three caught up.
        Assert.InRange(granted.GroupBy(g => g.At).Max(g => g.Count()), 2, SlidingWindowLog.MaxCatchUp + 1);
        // And the catch-up is what keeps the rate: spacing from each late grant would give 20 s / (33 + 75 ms) ≈ 185.
        Assert.True(granted.Count > 300, $"{granted.Count} granted");
    }

    /// <summary>
    /// Where each call reaches the platform when its answer takes the same 75 ms back: the forward trip is the rest of
    /// its round trip, so forward trips differ exactly as much as round trips do (the limiter's assumption).
    /// </summary>
    private static IEnumerable<DateTimeOffset> Arrivals(IEnumerable<(DateTimeOffset At, string Chat, TimeSpan RoundTrip)> granted) =>
        granted.Select(g => g.At + g.RoundTrip - TimeSpan.FromMilliseconds(75));

    [Fact]
    public void A_paid_broadcast_over_a_far_round_trip_keeps_nearly_its_whole_rate()
    {
        var (clock, limiter) = SettledLimiter(botPerSecond: 1000);

        // Every call answered after 150 + 0..20 ms: counting each call until its answer would allow 1000 / 1.17 s = 855/s;
        // less the 150 ms every call spends on the ways there and back (but the 10 ms allowance), about 1000 / 1.02 s =
        // 980/s. Nothing reaches the platform faster than 1000 in any second.
        var granted = GrantsOfALateCaller(limiter, clock, TimeSpan.FromSeconds(5), _ => TimeSpan.Zero, i => TimeSpan.FromMilliseconds(150 + i * 7 % 21));

        Assert.InRange(granted.Count, 4750, 5000);
        Assert.InRange(MostInAnyWindow(Arrivals(granted), TimeSpan.FromSeconds(1)), 950, 1000);
    }

    [Theory]
    [InlineData(100, 4500, 4650)] // less 50 ms a call: 1000 in the first second, then 1000 per 1.11 s (4,600)
    [InlineData(150, 4300, 4450)] // the whole shortest round trip: nothing taken off, then 1000 per 1.16 s (4,450)
    public void A_larger_allowance_takes_less_of_a_far_round_trip_off_each_slot(int allowanceMilliseconds, int least, int most)
    {
        var (clock, limiter) = SettledLimiter(botPerSecond: 1000, TimeSpan.FromMilliseconds(allowanceMilliseconds));

        // The far round trip above (150 + 0..20 ms), of which the default 10 ms takes 140 ms off; whatever the allowance,
        // nothing reaches the platform faster than 1000 in any second.
        var granted = GrantsOfALateCaller(limiter, clock, TimeSpan.FromSeconds(5), _ => TimeSpan.Zero, i => TimeSpan.FromMilliseconds(150 + i * 7 % 21));

        Assert.InRange(granted.Count, least, most);
        Assert.InRange(MostInAnyWindow(Arrivals(granted), TimeSpan.FromSeconds(1)), 850, 1000);
    }

    [Fact]
    public void A_call_slower_than_the_rest_holds_its_slot_until_its_late_arrival_has_left_the_window()
    {
        var (clock, limiter) = SettledLimiter(botPerSecond: 1000);

        // One call arrives half a second later than the rest (a stalled connection): its slot is held until its late
        // arrival has surely left the window, and the others' are not.
        var granted = GrantsOfALateCaller(
            limiter, clock, TimeSpan.FromSeconds(8), _ => TimeSpan.Zero, i => TimeSpan.FromMilliseconds(i == 2000 ? 650 : 150 + i * 7 % 21));

        Assert.InRange(MostInAnyWindow(Arrivals(granted), TimeSpan.FromSeconds(1)), 900, 1000);
        Assert.Contains(granted, g => g.RoundTrip == TimeSpan.FromMilliseconds(650));
        // Clearly above the rule of counting every call until its answer (7,000 granted here).
        Assert.True(granted.Count > 7500, $"{granted.Count} granted");
    }

    [Fact]
    public void A_stall_of_this_machine_does_not_lift_the_floor_the_calls_after_it_count_from()
    {
        var (clock, limiter) = SettledLimiter(botPerSecond: 30);

        // One chat (1/s) whose calls are answered after 5 ms, but the fourth to the seventh after 80 ms: this machine
        // was busy, and the delay was on the way there (the way back stays 2 ms). A floor taken over the last second
        // or two would rise to 80 ms during the stall, and the first call after it, on its way at once again, would
        // reach the chat less than a second after the last call of the stall.
        var granted = GrantsOfALateCaller(
            limiter, clock, TimeSpan.FromSeconds(10), _ => TimeSpan.Zero, i => TimeSpan.FromMilliseconds(i is >= 3 and < 7 ? 80 : 5), chats: 1);

        Assert.True(granted.Count >= 9, $"{granted.Count} granted");
        Assert.Equal(1, MostInAnyWindow(granted.Select(g => g.At + g.RoundTrip - TimeSpan.FromMilliseconds(2)), TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Near_the_platform_a_call_counts_until_its_answer()
    {
        var (clock, limiter) = SettledLimiter(botPerSecond: 1000);

        // Answers after 5 to 45 ms: the shortest is within the allowance, so nothing is taken off and a call's slot is
        // held a window past its answer (3 s at 1000 per 1.025 s on average, 2,927), whichever part of the trip it
        // spent on the way there.
        var granted = GrantsOfALateCaller(limiter, clock, TimeSpan.FromSeconds(3), _ => TimeSpan.Zero, i => TimeSpan.FromMilliseconds(5 + i * 13 % 41));

        Assert.InRange(granted.Count, 2850, 2960);
        Assert.InRange(MostInAnyWindow(granted.Select(g => g.At + g.RoundTrip), TimeSpan.FromSeconds(1)), 950, 1000);
    }

    [Fact]
    public void After_an_idle_stretch_the_first_grant_is_followed_by_a_full_slot()
    {
        var clock = new FakeTimeProvider(DeliveryHarness.Start);
        var limiter = new ChannelRateLimiter(Humas.Bot.Channels.Telegram.TelegramRateLimits.For(botPerSecond: 30), clock, paceBotEvenly: true);
        ConversationAddress Chat(int i) => new("telegram", i.ToString(System.Globalization.CultureInfo.InvariantCulture), ConversationKind.Private);
        Assert.True(limiter.TryAcquire(Chat(0), SendPriority.Article, out _));

        // Quiet for a minute: the slots missed meanwhile are not owed to anyone.
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(limiter.TryAcquire(Chat(1), SendPriority.Article, out _));
        Assert.False(limiter.TryAcquire(Chat(2), SendPriority.Article, out var wait));
        Assert.InRange(wait.TotalMilliseconds, 33, 34);
    }

    [Fact]
    public async Task Slots_to_catch_up_on_do_not_let_a_broadcast_past_a_waiting_answer()
    {
        var (clock, limiter) = SettledLimiter(botPerSecond: 30);
        ConversationAddress Chat(string id) => new("telegram", id, ConversationKind.Private);
        Assert.True(limiter.TryAcquire(Chat("reader"), SendPriority.Article, out _));

        // A reply to the same reader waits for the chat's 1/s; meanwhile the broadcast's timers fire 80 ms late, so two
        // of the bot's slots are there to catch up on. Neither the broadcast nor a counter refresh takes them while
        // the reply waits.
        var reply = limiter.AcquireAsync(Chat("reader"), SendPriority.Reply, TimeSpan.FromSeconds(5), CancellationToken.None);
        clock.Advance(TimeSpan.FromMilliseconds(80));
        Assert.False(reply.IsCompleted);
        Assert.False(limiter.TryAcquire(Chat("other"), SendPriority.Article, out var articleWait));
        Assert.True(articleWait > TimeSpan.Zero);
        Assert.False(limiter.TryAcquire(Chat("counter"), SendPriority.CounterRefresh, out _));

        // The reply goes out when its chat's second is over, and then the broadcast has the bot's next slot.
        clock.Advance(TimeSpan.FromMilliseconds(920));
        Assert.Null(await reply);
        var granted = false;
        for (var i = 0; i < 10 && !granted; i++)
        {
            granted = limiter.TryAcquire(Chat("other"), SendPriority.Article, out var wait);
            clock.Advance(wait);
        }

        Assert.True(granted);
    }

    [Fact]
    public async Task Callers_waiting_for_the_bots_slot_queue_in_line_and_all_get_through()
    {
        var limiter = new ChannelRateLimiter(Humas.Bot.Channels.Telegram.TelegramRateLimits.For(botPerSecond: 1000), TimeProvider.System, paceBotEvenly: true);
        var waiters = Enumerable.Range(0, 200).Select(i => limiter.ReserveAsync(
            new ConversationAddress("telegram", i.ToString(System.Globalization.CultureInfo.InvariantCulture), ConversationKind.Private),
            SendPriority.Article, TimeSpan.FromMinutes(1), CancellationToken.None)).ToList();

        var results = await Task.WhenAll(waiters);

        Assert.All(results, r => Assert.Null(r.Later));
        Assert.Equal(200, results.Select(r => r.GrantedAt).Count());
    }
}
