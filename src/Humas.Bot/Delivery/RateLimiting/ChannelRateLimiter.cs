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
    private readonly TimeProvider _time;
    private ChannelRateLimits _limits;
    private LimitScope _bot;
    private int _share = 1;
    private readonly Dictionary<string, LimitScope> _conversations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LimitScope> _tenants = new(StringComparer.Ordinal);
    private readonly int[] _waiting = new int[Enum.GetValues<SendPriority>().Max(p => (int)p) + 1];
    private readonly long _origin;
    private int _grantsSinceSweep;

    private readonly Func<ConversationAddress, string?> _tenantOf;

    /// <param name="paceBotEvenly">Space the bot-wide grants evenly (see <see cref="DeliveryOptions.PaceBotEvenly"/>).</param>
    /// <param name="tenantOf">The tenant an address counts against (the channel's <see cref="IDeliveryChannel.TenantOf"/>).</param>
    public ChannelRateLimiter(ChannelRateLimits limits, TimeProvider time, bool paceBotEvenly = false, Func<ConversationAddress, string?>? tenantOf = null)
    {
        _tenantOf = tenantOf ?? (_ => null);
        _platformLimits = limits;
        _paceBotEvenly = paceBotEvenly;
        _limits = limits;
        _time = time;
        _bot = new LimitScope(limits.Bot, paceBotEvenly);
        _origin = time.GetTimestamp();
    }

    /// <summary>Monotonic ticks since this limiter was made: wall-clock jumps must not open or close windows.</summary>
    private long Now => _time.GetElapsedTime(_origin).Ticks;

    /// <summary>
    /// Takes a slot now, or says how long until one may be free. A lower-priority caller (a counter
    /// refresh) is refused while a higher-priority one (a new article) is waiting for a slot.
    /// </summary>
    public bool TryAcquire(ConversationAddress to, SendPriority priority, out TimeSpan retryAfter)
    {
        lock (_gate)
        {
            var now = Now;
            var conversation = Scope(_conversations, to.ExternalId, _limits.ForConversation(to.Kind));
            var tenant = _tenantOf(to) is { Length: > 0 } t && _limits.PerTenant.Count > 0 ? Scope(_tenants, t, _limits.PerTenant) : null;
            var wait = Math.Max(_bot.WaitTicks(now), Math.Max(conversation.WaitTicks(now), tenant?.WaitTicks(now) ?? 0));
            if (wait == 0 && HigherPriorityWaiting(priority))
            {
                // Yield to the more urgent work: a short pause, then ask again.
                wait = TimeSpan.TicksPerMillisecond * 20;
            }

            if (wait > 0)
            {
                retryAfter = TimeSpan.FromTicks(wait);
                return false;
            }

            _bot.Record(now);
            conversation.Record(now);
            tenant?.Record(now);
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
    public async Task<TimeSpan?> AcquireAsync(ConversationAddress to, SendPriority priority, TimeSpan maxWait, CancellationToken ct)
    {
        var deadline = _time.GetUtcNow() + maxWait;
        while (true)
        {
            if (TryAcquire(to, priority, out var wait))
            {
                return null;
            }

            if (_time.GetUtcNow() + wait > deadline)
            {
                return wait;
            }

            Interlocked.Increment(ref _waiting[(int)priority]);
            try
            {
                await Task.Delay(wait, _time, ct);
            }
            finally
            {
                Interlocked.Decrement(ref _waiting[(int)priority]);
            }
        }
    }

    /// <summary>Honours a 429: nothing goes to the bot (or to this conversation) for <paramref name="delay"/>.</summary>
    public void Pause(RateLimitScope scope, ConversationAddress to, TimeSpan delay)
    {
        lock (_gate)
        {
            var now = Now;
            var target = scope == RateLimitScope.Bot
                ? _bot
                : Scope(_conversations, to.ExternalId, _limits.ForConversation(to.Kind));
            target.PausedUntil = Math.Max(target.PausedUntil, now + delay.Ticks);
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
        lock (_gate)
        {
            if (instances == _share)
            {
                return;
            }

            var paused = _bot.PausedUntil;
            _share = instances;
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
