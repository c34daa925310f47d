using System.Collections.Concurrent;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Delivery.Gateway;
using Humas.Bot.Storage.Cluster;
using Humas.Bot.Subscriptions;

namespace Humas.Bot.Delivery.RateLimiting;

/// <summary>
/// One <see cref="ChannelRateLimiter"/> per channel and sender (a channel may speak through several bots, each with its own limits), shared by the dispatcher's workers and the operations. With
/// several instances on one database each limiter takes 1/N of the platform's limits, N being the live
/// instances the heartbeats count (<see cref="ClusterMembership"/>), and follows N as instances come and go; a 429
/// that pauses a sender here pauses it in every instance until the same moment (<see cref="Pause"/>).
/// </summary>
public sealed class RateLimiterRegistry(
    TimeProvider time,
    Microsoft.Extensions.Options.IOptions<DeliveryOptions> options,
    ClusterMembership membership,
    ClusterMessages? cluster = null,
    ILogger<RateLimiterRegistry>? log = null)
{
    /// <summary>
    /// The longest pause another instance's word is taken for (the gateway's longest wait): a wrong or hostile notice
    /// cannot stall this instance's sends for longer, and an instance's own 429 still pauses it for all its retry_after.
    /// </summary>
    public static readonly TimeSpan LongestSharedPause = ChannelGateway.BackgroundWait;

    /// <summary>Pauses heard for more keys than this are not kept for limiters not made yet (all but a hostile sender have a few bots).</summary>
    private const int MostHeard = 1024;

    /// <summary>
    /// A sender's pause is not sent again when it ends less than this after the one sent last: the calls in flight when
    /// a platform starts answering 429 all meet one, and their retry_after (whole seconds on Telegram) name about the
    /// same moment; one round trip tells the others.
    /// </summary>
    private static readonly TimeSpan SameMoment = TimeSpan.FromMilliseconds(250);

    private readonly ConcurrentDictionary<string, ChannelRateLimiter> _limiters = new(StringComparer.Ordinal);

    // The end of the pause last sent per key.
    private readonly ConcurrentDictionary<string, DateTimeOffset> _sent = new(StringComparer.Ordinal);

    // The end of the latest pause heard per key, for a limiter made after it was heard.
    private readonly ConcurrentDictionary<string, DateTimeOffset> _heard = new(StringComparer.Ordinal);

    public ChannelRateLimiter For(IDeliveryChannel channel, ConversationAddress to)
    {
        var sender = channel.SenderOf(to);
        var key = KeyOf(channel.Name, sender);
        if (!_limiters.TryGetValue(key, out var limiter))
        {
            limiter = _limiters.GetOrAdd(key, _ => new ChannelRateLimiter(
                channel.RateLimitsOf(sender), time, options.Value.PaceBotEvenly, channel.TenantOf, TimeSpan.FromMilliseconds(options.Value.RoundTripAllowanceMilliseconds)));
            // After it is in the map: a pause heard meanwhile either finds it there or is found here.
            if (_heard.TryGetValue(key, out var until))
            {
                limiter.PauseBot(until - time.GetUtcNow());
            }
        }

        limiter.Rescale(membership.LiveInstances);
        return limiter;
    }

    /// <summary>
    /// Honours a 429 met by a call to <paramref name="to"/>: its scope waits <paramref name="delay"/> here, and a
    /// sender's pause (<see cref="RateLimitScope.Bot"/>) is sent to every instance on the database, which pause the
    /// same sender until the same moment (at most <see cref="LongestSharedPause"/> from now). A conversation's pause
    /// stays here: each instance keeps only its share of a conversation's window, and the next 429 teaches the others.
    /// </summary>
    public void Pause(IDeliveryChannel channel, ConversationAddress to, RateLimitScope scope, TimeSpan delay)
    {
        For(channel, to).Pause(scope, to, delay);
        if (scope == RateLimitScope.Bot && cluster is not null)
        {
            var key = KeyOf(channel, to);
            var until = time.GetUtcNow() + (delay < LongestSharedPause ? delay : LongestSharedPause);
            var sent = _sent.GetValueOrDefault(key);
            if (until > sent + SameMoment && (_sent.TryUpdate(key, until, sent) | _sent.TryAdd(key, until)))
            {
                cluster.Post(SharedPause.Channel, SharedPause.Write(key, until));
            }
        }
    }

    /// <summary>A pause another instance (or this one) sent; anything that is not one is ignored.</summary>
    internal void Receive(string payload)
    {
        if (SharedPause.Read(payload) is not var (key, until))
        {
            log?.LogDebug("Ignored a message on {ClusterChannel} that is not a pause: {Payload}", SharedPause.Channel, payload.Length > 200 ? payload[..200] : payload);
            return;
        }

        var now = time.GetUtcNow();
        if (until <= now)
        {
            return;
        }

        if (until > now + LongestSharedPause)
        {
            log?.LogDebug("A pause of {Limiter} until {Until} is taken only until {Longest} from now", key, until, LongestSharedPause);
            until = now + LongestSharedPause;
        }

        if (_heard.Count < MostHeard || _heard.ContainsKey(key))
        {
            _heard.AddOrUpdate(key, until, (_, before) => before > until ? before : until);
        }

        foreach (var heard in _heard)
        {
            if (heard.Value <= now)
            {
                // Only if no later pause replaced it meanwhile.
                _heard.TryRemove(heard);
            }
        }

        if (_limiters.TryGetValue(key, out var limiter))
        {
            limiter.PauseBot(until - now);
            // This instance hears its own notice too (its moment in whole milliseconds); it logged that 429 as it met it.
            if (!_sent.TryGetValue(key, out var mine) || mine.ToUnixTimeMilliseconds() != until.ToUnixTimeMilliseconds())
            {
                log?.LogInformation("{Limiter} paused until {Until} for a 429 another instance met", key, until);
            }
        }
    }

    /// <summary>The limiter of <paramref name="to"/>'s sender: the same in every instance (the pauses are sent by it).</summary>
    private static string KeyOf(IDeliveryChannel channel, ConversationAddress to) => KeyOf(channel.Name, channel.SenderOf(to));

    private static string KeyOf(string channel, string sender) => sender.Length == 0 ? channel : $"{channel}/{sender}";
}
