using Microsoft.Extensions.Options;
using Npgsql;

namespace Humas.Bot.Storage.Cluster;

/// <summary>
/// On PostgreSQL, wakes this instance's waiting workers when another instance commits rows they wait for: one
/// dedicated, unpooled connection <c>LISTEN</c>s on every <see cref="ClusterTopic"/>'s channel, and each notification
/// (<see cref="ClusterNotice"/>, sent in the committing transaction) calls the topic's <see cref="ClusterWakeTarget"/>s.
/// The workers' polls stay: a notification lost (sent while this connection was down) or a listener that is down
/// only costs the poll's latency, never an item. Notifications heard together wake each topic once, and each target
/// (a <c>WorkSignal</c>) holds one wake however many come while its worker is busy, so a burst wakes a worker once.
/// The connection is checked with a <c>SELECT 1</c> after <see cref="Probe"/> without a notification (a cut network
/// shows no error otherwise); when it fails or drops, the listener connects again after 1, 2, 4 ... up to 30 s,
/// logging the outage once, and on every (re)connect wakes every target once for what it may have missed.
/// The same connection listens on the channels of <see cref="ClusterMessageTarget"/>s and hands each payload heard to
/// them as it comes (<see cref="ClusterMessages"/>: not kept, so one sent while this connection was down is missed).
/// Inert on SQLite: the one process wakes its own workers.
/// </summary>
public sealed class ClusterWakeListener : BackgroundService
{
    public const string ApplicationName = "humas-bot listener";

    /// <summary>How long the connection may stay quiet before it is checked.</summary>
    public static readonly TimeSpan Probe = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(30);

    private readonly string? _connectionString;
    private readonly Dictionary<ClusterTopic, Action[]> _targets;
    private readonly Dictionary<string, Action<string>[]> _messages;
    private readonly TimeProvider _time;
    private readonly ILogger<ClusterWakeListener> _log;

    // Topics heard since the last wake, one bit each: set by the connection's notification event, taken by the loop.
    private int _heard;
    private int _processId;
    private volatile Exception? _lastError;

    public ClusterWakeListener(
        IOptions<DatabaseOptions> database,
        IConfiguration configuration,
        IEnumerable<ClusterWakeTarget> targets,
        IEnumerable<ClusterMessageTarget> messages,
        TimeProvider time,
        ILogger<ClusterWakeListener> log)
    {
        _targets = targets.GroupBy(t => t.Topic).ToDictionary(g => g.Key, g => g.Select(t => t.Wake).ToArray());
        _messages = messages.GroupBy(m => m.Channel, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(m => m.Receive).ToArray(), StringComparer.Ordinal);
        _time = time;
        _log = log;
        if (database.Value.Provider == DatabaseProvider.Postgres)
        {
            _connectionString = ClusterSession.ConnectionString(configuration, ApplicationName).ConnectionString;
        }
    }

    /// <summary>The listening session's server process id while it listens, else null (a test ends that session).</summary>
    public int? ProcessId => Volatile.Read(ref _processId) is var id and not 0 ? id : null;

    /// <summary>Whether this instance listens at all: on PostgreSQL, with a worker to wake or a message to hear (for <c>/healthz</c>).</summary>
    public bool Enabled => _connectionString is not null && _targets.Count + _messages.Count > 0;

    /// <summary>Whether it listens now (connected, <c>LISTEN</c> done, not failed since).</summary>
    public bool Listening => ProcessId is not null;

    /// <summary>Why the last attempt to listen failed, until one succeeds; null before the first attempt ends.</summary>
    public Exception? LastError => _lastError;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            return;
        }

        var retry = FirstRetry;
        var failures = 0;
        DateTimeOffset? downSince = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(_connectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, e) => Heard(e.Channel, e.Payload);
                var listen = string.Join(" ", _targets.Keys.Select(ClusterNotice.Channel).Concat(_messages.Keys).Select(c => $"LISTEN {c};"));
                await using (var command = new NpgsqlCommand(listen, connection))
                {
                    await command.ExecuteNonQueryAsync(stoppingToken);
                }

                _lastError = null;
                Volatile.Write(ref _processId, connection.ProcessID);
                if (downSince is { } since)
                {
                    _log.LogInformation(
                        "Listening for other instances' commits again after {Outage} ({Failures} failed tries)", _time.GetUtcNow() - since, failures);
                    downSince = null;
                    failures = 0;
                    retry = FirstRetry;
                }

                // Whatever was committed while no one listened: look now rather than at the next poll.
                WakeAll();
                await ListenAsync(connection, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                Volatile.Write(ref _processId, 0);
                _lastError = e;
                failures++;
                if (downSince is null)
                {
                    downSince = _time.GetUtcNow();
                    // Once per outage; the polls find other instances' rows meanwhile.
                    _log.LogWarning(
                        e, "Listening for other instances' commits failed: {Error}; their rows wait for this instance's polls until it is back, trying again in {RetryIn}",
                        e.Message, retry);
                }
                else
                {
                    _log.LogDebug("Listening for other instances' commits failed again ({Failures} in a row): {Error}; trying again in {RetryIn}", failures, e.Message, retry);
                }

                try
                {
                    await Task.Delay(retry, _time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
            }
        }

        Volatile.Write(ref _processId, 0);
    }

    /// <summary>Waits for notifications until the connection fails (throws) or the host stops.</summary>
    private async Task ListenAsync(NpgsqlConnection connection, CancellationToken stoppingToken)
    {
        while (true)
        {
            if (!await connection.WaitAsync(Probe, stoppingToken))
            {
                // Quiet for a while: a connection cut without a word (a network device dropping it) shows only now.
                await using var probe = new NpgsqlCommand("SELECT 1", connection);
                await probe.ExecuteScalarAsync(stoppingToken);
            }

            foreach (var topic in Enum.GetValues<ClusterTopic>())
            {
                var bit = 1 << (int)topic;
                if ((Interlocked.And(ref _heard, ~bit) & bit) != 0)
                {
                    Wake(topic);
                }
            }
        }
    }

    private void Heard(string channel, string payload)
    {
        if (ClusterNotice.TopicOf(channel) is { } topic)
        {
            Interlocked.Or(ref _heard, 1 << (int)topic);
        }
        else if (_messages.TryGetValue(channel, out var receivers))
        {
            foreach (var receive in receivers)
            {
                try
                {
                    receive(payload);
                }
                catch (Exception e)
                {
                    // A receiver's fault must not cost the connection the other instances' wakes.
                    _log.LogWarning(e, "A message on {ClusterChannel} was not taken: {Error}", channel, e.Message);
                }
            }
        }
    }

    private void WakeAll()
    {
        foreach (var topic in _targets.Keys)
        {
            Wake(topic);
        }
    }

    private void Wake(ClusterTopic topic)
    {
        foreach (var wake in _targets.GetValueOrDefault(topic, []))
        {
            wake();
        }
    }
}
