using Humas.Bot.Delivery.Channels;
using Humas.Bot.Subscriptions;

namespace Humas.Bot.Delivery.RateLimiting;

/// <summary>
/// The shared limits of one channel: every worker of this process asks here before each platform call. A
/// call is granted only when the bot-wide, the conversation's and (with a tenant) the tenant's windows all
/// have room and none of them is paused by a 429; the grant is recorded in all of them at once, under one
/// lock, so concurrent workers can never together exceed a limit.
/// </summary>
public sealed class ChannelRateLimiter
{
    private const int SweepEvery = 4096;
    private readonly object _gate = new();
    private readonly ChannelRateLimits _platformLimits;
    private readonly bool _paceBotEvenly;
    private readonly long _allowance;
    private readonly TimeProvider _time;
    private ChannelRateLimits _limits;
    private LimitScope _bot;
    private int _share = 1;
    private readonly Dictionary<string, LimitScope> _conversations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LimitScope> _tenants = new(StringComparer.Ordinal);
    private readonly int[] _waiting = new int[Enum.GetValues<SendPriority>().Max(p => (int)p) + 1];
    private readonly SemaphoreSlim[] _lines = Enumerable.Range(0, Enum.GetValues<SendPriority>().Max(p => (int)p) + 1).Select(_ => new SemaphoreSlim(1, 1)).ToArray();
    private readonly long _origin;
    private readonly ShortestRoundTrip _shortest = new(ShortestRoundTripPeriod.Ticks);
    private int _grantsSinceSweep;

    /// <summary>
    /// How much shorter than the shortest recent round trip a call's way back plus a later call's way there may be (the
    /// path's and both machines' load vary); see <see cref="SlidingWindowLog"/>. Round trips shorter than this (a platform
    /// nearby, the tests' loopback fakes) leave nothing to take off: every call counts until its answer. The default of
    /// <see cref="DeliveryOptions.RoundTripAllowanceMilliseconds"/>, so that a network whose ways vary more can be given more.
    /// </summary>
    public static readonly TimeSpan DefaultAllowance = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// The shortest round trip is taken over the last one to two of these: a path's floor holds that long, while a
    /// stall of this machine (a busy CPU, a collection) that slows every call for a second or two must not lift it, or
    /// the calls after the stall, on their way at once again, would arrive inside windows their predecessors still hold.
    /// </summary>
    public static readonly TimeSpan ShortestRoundTripPeriod = TimeSpan.FromSeconds(15);

    private readonly Func<ConversationAddress, string?> _tenantOf;

    /// <param name="paceBotEvenly">Space the bot-wide grants evenly (see <see cref="DeliveryOptions.PaceBotEvenly"/>).</param>
    /// <param name="tenantOf">The tenant an address counts against (the channel's <see cref="IDeliveryChannel.TenantOf"/>).</param>
    /// <param name="allowance">See <see cref="DefaultAllowance"/>, which it is when not given.</param>
    public ChannelRateLimiter(
        ChannelRateLimits limits, TimeProvider time, bool paceBotEvenly = false, Func<ConversationAddress, string?>? tenantOf = null, TimeSpan? allowance = null)
    {
        _tenantOf = tenantOf ?? (_ => null);
        _platformLimits = limits;
        _paceBotEvenly = paceBotEvenly;
        _allowance = (allowance ?? DefaultAllowance).Ticks;
        _limits = limits;
        _time = time;
        _bot = new LimitScope(limits.Bot, paceBotEvenly);
        _origin = time.GetTimestamp();
    }

    /// <summary>How much less than the shortest recent round trip a completed call's stamp moves back (see <see cref="DefaultAllowance"/>).</summary>
    public TimeSpan Allowance => TimeSpan.FromTicks(_allowance);

    /// <summary>Monotonic ticks since this limiter was made: wall-clock jumps must not open or close windows.</summary>
    private long Now => _time.GetElapsedTime(_origin).Ticks;

    /// <summary>
    /// Takes a slot now, or says how long until one may be free. A lower-priority caller (a counter
    /// refresh) is refused while a higher-priority one (a new article) is waiting for a slot.
    /// </summary>
    public bool TryAcquire(ConversationAddress to, SendPriority priority, out TimeSpan retryAfter) =>
        TryAcquire(to, priority, out retryAfter, out _);

    /// <param name="grantedAt">The grant's timestamp, to hand back to <see cref="Completed"/> once the call is done.</param>
    public bool TryAcquire(ConversationAddress to, SendPriority priority, out TimeSpan retryAfter, out long grantedAt) =>
        TryAcquire(to, priority, out retryAfter, out grantedAt, out _);

    /// <param name="shared">On a refusal: whether a scope every caller shares (the bot, the tenant, a higher priority) is what waits, not the conversation.</param>
    private bool TryAcquire(ConversationAddress to, SendPriority priority, out TimeSpan retryAfter, out long grantedAt, out bool shared)
    {
        grantedAt = -1;
        lock (_gate)
        {
            var now = Now;
            var conversation = Scope(_conversations, to.ExternalId, _limits.ForConversation(to.Kind));
            var tenant = _tenantOf(to) is { Length: > 0 } t && _limits.PerTenant.Count > 0 ? Scope(_tenants, t, _limits.PerTenant) : null;
            var conversationWait = conversation.WaitTicks(now);
            var wait = Math.Max(_bot.WaitTicks(now), Math.Max(conversationWait, tenant?.WaitTicks(now) ?? 0));
            if (wait == 0 && HigherPriorityWaiting(priority))
            {
                // Yield to the more urgent work: a short pause, then ask again.
                wait = TimeSpan.TicksPerMillisecond * 20;
            }

            shared = wait > conversationWait;
            if (wait > 0)
            {
                retryAfter = TimeSpan.FromTicks(wait);
                return false;
            }

            _bot.Record(now);
            conversation.Record(now);
            tenant?.Record(now);
            grantedAt = now;
            if (++_grantsSinceSweep >= SweepEvery)
            {
                Sweep(now);
            }

            retryAfter = TimeSpan.Zero;
            return true;
        }
    }

    /// <summary>
    /// Waits (on the injected clock) for a slot at most <paramref name="maxWait"/>. Returns null when
    /// granted, or how long the caller should come back after when the wait would be longer.
    /// </summary>
    public async Task<TimeSpan?> AcquireAsync(ConversationAddress to, SendPriority priority, TimeSpan maxWait, CancellationToken ct) =>
        (await ReserveAsync(to, priority, maxWait, ct)).Later;

    /// <summary>
    /// <see cref="AcquireAsync"/> for a platform call: on a grant, <c>GrantedAt</c> is to be handed to
    /// <see cref="Completed"/> when the call has completed (success or failure), so that the call counts until it has
    /// surely arrived rather than from its grant (see <see cref="SlidingWindowLog"/>).
    /// </summary>
    public async Task<(TimeSpan? Later, long GrantedAt)> ReserveAsync(ConversationAddress to, SendPriority priority, TimeSpan maxWait, CancellationToken ct)
    {
        if (TryAcquire(to, priority, out var wait, out var grantedAt, out var shared))
        {
            return (null, grantedAt);
        }

        var deadline = _time.GetUtcNow() + maxWait;
        var line = _lines[(int)priority];
        var inLine = false;
        Interlocked.Increment(ref _waiting[(int)priority]);
        try
        {
            while (true)
            {
                if (_time.GetUtcNow() + wait > deadline)
                {
                    return (wait, -1);
                }

                if (shared && !inLine)
                {
                    // Everyone waiting for the same shared slot would wake together and all but one find it taken
                    // again (at 1000/s, hundreds of callers polling every millisecond under one lock). So callers of
                    // one priority that wait for a shared scope queue in line, and only the head polls.
                    if (!await line.WaitAsync(Remaining(deadline), ct))
                    {
                        return (wait, -1);
                    }

                    inLine = true;
                }
                else
                {
                    if (!shared && inLine)
                    {
                        // Only this conversation is busy: let the others past.
                        line.Release();
                        inLine = false;
                    }

                    await Task.Delay(wait, _time, ct);
                }

                if (TryAcquire(to, priority, out wait, out grantedAt, out shared))
                {
                    return (null, grantedAt);
                }
            }
        }
        finally
        {
            if (inLine)
            {
                line.Release();
            }

            Interlocked.Decrement(ref _waiting[(int)priority]);
        }
    }

    private TimeSpan Remaining(DateTimeOffset deadline)
    {
        var left = deadline - _time.GetUtcNow();
        return left < TimeSpan.Zero ? TimeSpan.Zero : left > TimeSpan.FromDays(1) ? TimeSpan.FromDays(1) : left;
    }

    /// <summary>The call granted at <paramref name="grantedAt"/> has completed (see <see cref="SlidingWindowLog"/>).</summary>
    public void Completed(ConversationAddress to, long grantedAt)
    {
        if (grantedAt < 0)
        {
            return;
        }

        lock (_gate)
        {
            var now = Now;
            _shortest.Add(now - grantedAt, now);
            // Counted until the answer, less what every recent round trip spent on the way (beyond the allowance): of
            // that, the answer's way back and the next call's way there take at least as long.
            var stamp = now - Math.Max(0, (_shortest.Current(now) ?? 0) - _allowance);
            _bot.Completed(grantedAt, stamp);
            if (_conversations.TryGetValue(to.ExternalId, out var conversation))
            {
                conversation.Completed(grantedAt, stamp);
            }

            if (_tenantOf(to) is { Length: > 0 } t && _tenants.TryGetValue(t, out var tenant))
            {
                tenant.Completed(grantedAt, stamp);
            }
        }
    }

    /// <summary>Honours a 429: nothing goes to the bot (or to this conversation) for <paramref name="delay"/>.</summary>
    public void Pause(RateLimitScope scope, ConversationAddress to, TimeSpan delay)
    {
        if (scope == RateLimitScope.Bot)
        {
            PauseBot(delay);
            return;
        }

        lock (_gate)
        {
            var target = Scope(_conversations, to.ExternalId, _limits.ForConversation(to.Kind));
            target.PausedUntil = Math.Max(target.PausedUntil, Now + delay.Ticks);
        }
    }

    /// <summary>The platform's limits this limiter was made with, before any share (for tests and diagnostics).</summary>
    public ChannelRateLimits PlatformLimits => _platformLimits;

    /// <summary>Nothing goes to the bot for <paramref name="delay"/> (its 429, or another instance's); a longer pause is kept.</summary>
    public void PauseBot(TimeSpan delay)
    {
        lock (_gate)
        {
            _bot.PausedUntil = Math.Max(_bot.PausedUntil, Now + delay.Ticks);
        }
    }

    /// <summary>How long the bot is still paused by a 429 (zero when it is not); for tests and diagnostics.</summary>
    public TimeSpan BotPause
    {
        get
        {
            lock (_gate)
            {
                return TimeSpan.FromTicks(Math.Max(0, _bot.PausedUntil - Now));
            }
        }
    }

    /// <summary>How many instances this limiter's share assumes (1 = the whole platform limit).</summary>
    public int Share
    {
        get
        {
            lock (_gate)
            {
                return _share;
            }
        }
    }

    /// <summary>
    /// Takes 1/<paramref name="instances"/> of every platform limit (see <see cref="ChannelRateLimits.Share"/>).
    /// The windows restart at the new rates; a 429 pause of the bot is kept.
    /// </summary>
    public void Rescale(int instances)
    {
        instances = Math.Max(1, instances);
        // Asked before every call: the common case, no change, takes no lock.
        if (Volatile.Read(ref _share) == instances)
        {
            return;
        }

        lock (_gate)
        {
            if (instances == _share)
            {
                return;
            }

            var paused = _bot.PausedUntil;
            Volatile.Write(ref _share, instances);
            _limits = _platformLimits.Share(instances);
            _bot = new LimitScope(_limits.Bot, _paceBotEvenly) { PausedUntil = paused };
            _conversations.Clear();
            _tenants.Clear();
        }
    }

    /// <summary>Conversations currently tracked (idle ones are forgotten); for tests and diagnostics.</summary>
    public int TrackedConversations
    {
        get
        {
            lock (_gate)
            {
                return _conversations.Count;
            }
        }
    }

    private bool HigherPriorityWaiting(SendPriority priority)
    {
        for (var p = 0; p < (int)priority; p++)
        {
            if (Volatile.Read(ref _waiting[p]) > 0)
            {
                return true;
            }
        }

        return false;
    }

    private static LimitScope Scope(Dictionary<string, LimitScope> scopes, string key, IReadOnlyList<Rate> rates)
    {
        if (!scopes.TryGetValue(key, out var scope))
        {
            scope = new LimitScope(rates);
            scopes[key] = scope;
        }

        return scope;
    }

    /// <summary>Forgets conversations and tenants with nothing in their windows, so memory follows activity, not audience size.</summary>
    private void Sweep(long now)
    {
        _grantsSinceSweep = 0;
        foreach (var scopes in new[] { _conversations, _tenants })
        {
            foreach (var key in scopes.Where(kv => kv.Value.IsIdle(now)).Select(kv => kv.Key).ToList())
            {
                scopes.Remove(key);
            }
        }
    }
}
