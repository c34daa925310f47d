using Humas.Bot.Host;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Humas.Bot.Storage.Cluster;

/// <summary>
/// The leader of the instances sharing a PostgreSQL database is the one holding a session advisory lock
/// (<c>pg_try_advisory_lock</c>) on a dedicated, unpooled connection. PostgreSQL releases the lock when that
/// session ends, so a killed leader (kill -9, a lost machine) hands over as soon as the server sees its
/// connection close; the others try every <see cref="ClusterOptions.LeaderCheckSeconds"/>. The leader checks
/// its connection as often and steps down the moment the check fails (a database restart, a network cut), so
/// two leaders overlap at most one check interval. On SQLite there is one process and it always leads.
/// </summary>
public sealed class DatabaseLeadership : BackgroundService, ILeadership
{
    /// <summary>The lock's key: the same in every instance and every version.</summary>
    public static readonly long LockKey = TransactionLocks.KeyOf("humas-bot:leader");

    private readonly object _gate = new();
    private readonly string? _connectionString;
    private readonly IOptions<ClusterOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<DatabaseLeadership> _log;
    private CancellationTokenSource? _term;
    private TaskCompletionSource<CancellationToken> _elected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public DatabaseLeadership(IOptions<DatabaseOptions> database, IConfiguration configuration, IOptions<ClusterOptions> options, TimeProvider time, ILogger<DatabaseLeadership> log)
    {
        _options = options;
        _time = time;
        _log = log;
        if (database.Value.Provider == DatabaseProvider.Postgres)
        {
            var session = ClusterSession.ConnectionString(configuration, "humas-bot leader lock");
            session.KeepAlive = 5;
            _connectionString = session.ConnectionString;
        }
        else
        {
            Elect("SQLite: one process");
        }
    }

    public bool IsLeader
    {
        get
        {
            lock (_gate)
            {
                return _term is not null;
            }
        }
    }

    public Task<CancellationToken> WaitForLeadershipAsync(CancellationToken stopping)
    {
        lock (_gate)
        {
            return _elected.Task.WaitAsync(stopping);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_connectionString is null)
        {
            return;
        }

        var interval = TimeSpan.FromSeconds(_options.Value.LeaderCheckSeconds);
        NpgsqlConnection? connection = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    if (connection is null)
                    {
                        connection = new NpgsqlConnection(_connectionString);
                        await connection.OpenAsync(stoppingToken);
                    }

                    if (!IsLeader)
                    {
                        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
                        command.Parameters.AddWithValue("key", LockKey);
                        if (await command.ExecuteScalarAsync(stoppingToken) is true)
                        {
                            Elect("took the advisory lock");
                        }
                    }
                    else
                    {
                        await using var command = new NpgsqlCommand("SELECT 1", connection);
                        await command.ExecuteScalarAsync(stoppingToken);
                    }
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e)
                {
                    // The session is gone or unusable, and with it the lock: stop leading at once.
                    Depose($"lock connection failed: {e.Message}");
                    if (connection is not null)
                    {
                        await connection.DisposeAsync();
                        connection = null;
                    }
                }

                try
                {
                    await Task.Delay(interval, _time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
        finally
        {
            Depose("stopping");
            if (connection is not null)
            {
                // Closing the session releases the lock for the next leader.
                await connection.DisposeAsync();
            }
        }
    }

    private void Elect(string why)
    {
        lock (_gate)
        {
            if (_term is not null)
            {
                return;
            }

            _term = new CancellationTokenSource();
            _elected.TrySetResult(_term.Token);
        }

        _log.LogInformation("This instance leads ({Reason})", why);
    }

    private void Depose(string why)
    {
        CancellationTokenSource? term;
        lock (_gate)
        {
            term = _term;
            if (term is null)
            {
                return;
            }

            _term = null;
            _elected = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        _log.LogWarning("This instance no longer leads ({Reason})", why);
        // Not disposed: work started in this term still holds (and checks) its token.
        term.Cancel();
    }
}
