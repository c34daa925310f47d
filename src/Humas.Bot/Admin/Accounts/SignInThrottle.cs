using System.Collections.Concurrent;
using Humas.Bot.Host;
using Humas.Bot.Storage.Cluster;

namespace Humas.Bot.Admin.Accounts;

/// <summary>
/// Failed sign-ins counted per client IP and per account name over a sliding window. Past either limit further
/// attempts are refused (without checking the password) until the oldest failure leaves the window. In memory:
/// a restart forgets, which only helps a guesser once per restart. With N live instances each allows its share of
/// either limit (<see cref="HttpRateLimits.Share"/>, N read at every check), so a guesser spread over the instances
/// gets about the limit in total.
/// </summary>
public sealed class SignInThrottle(TimeProvider time, ClusterMembership cluster)
{
    public const int MaxFailuresPerUser = 5;
    public const int MaxFailuresPerIp = 20;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    private const int MaxTrackedKeys = 100_000;

    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.Ordinal);

    /// <summary>When refused, how long until the next attempt may be made.</summary>
    public TimeSpan? RetryAfter(string ip, string user)
    {
        var now = time.GetUtcNow();
        var wait = Check($"ip:{ip}", MaxFailuresPerIp, now);
        var userWait = Check($"user:{AdminAccounts.Normalize(user)}", MaxFailuresPerUser, now);
        return wait is null ? userWait : userWait is null ? wait : wait > userWait ? wait : userWait;
    }

    public void Failed(string ip, string user)
    {
        var now = time.GetUtcNow();
        if (_failures.Count > MaxTrackedKeys)
        {
            _failures.Clear();
        }

        foreach (var key in new[] { $"ip:{ip}", $"user:{AdminAccounts.Normalize(user)}" })
        {
            var queue = _failures.GetOrAdd(key, _ => new Queue<DateTimeOffset>());
            lock (queue)
            {
                queue.Enqueue(now);
                while (queue.Count > MaxFailuresPerIp)
                {
                    queue.Dequeue();
                }
            }
        }
    }

    public void Succeeded(string user) => _failures.TryRemove($"user:{AdminAccounts.Normalize(user)}", out _);

    private TimeSpan? Check(string key, int whole, DateTimeOffset now)
    {
        var limit = HttpRateLimits.Share(whole, cluster.LiveInstances);
        if (!_failures.TryGetValue(key, out var queue))
        {
            return null;
        }

        lock (queue)
        {
            while (queue.Count > 0 && now - queue.Peek() >= Window)
            {
                queue.Dequeue();
            }

            if (queue.Count < limit)
            {
                return null;
            }

            // The failure that must expire for one more attempt.
            var blocking = queue.ElementAt(queue.Count - limit);
            return blocking + Window - now;
        }
    }
}
