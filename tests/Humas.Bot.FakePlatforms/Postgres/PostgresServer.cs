using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Humas.Bot.FakePlatforms.Postgres;

/// <summary>
/// A real, throw-away PostgreSQL server for tests, the fault suite and the benchmark: initdb into a fresh
/// folder, 127.0.0.1 on a free port, fsync off, stopped (and its folder deleted) on dispose or at process
/// exit. Not a fake, but it lives beside the fakes because every harness needs it.
/// <para>
/// initdb refuses to run as root, so under uid 0 every server command runs as the <c>postgres</c> user
/// (or <c>nobody</c>) through runuser, on a folder that user owns. The folder is made under
/// <c>HUMAS_PG_RUN_DIR</c> when set: test.sh sets it and stops every server left in it on exit, so a
/// killed test host leaves nothing running.
/// </para>
/// </summary>
public sealed class PostgresServer : IAsyncDisposable, IDisposable
{
    private static readonly Lazy<PostgresServer> SharedServer = new(() => StartAsync().GetAwaiter().GetResult());
    private readonly string _bin;
    private readonly string? _runAs;
    private int _stopped;

    private PostgresServer(string bin, string? runAs, string folder, int port)
    {
        _bin = bin;
        _runAs = runAs;
        Folder = folder;
        Port = port;
    }

    /// <summary>One server for the whole process (the test run), started on first use and stopped at exit.</summary>
    public static PostgresServer Shared => SharedServer.Value;

    public string Folder { get; }

    public string DataDirectory => Path.Combine(Folder, "data");

    public int Port { get; }

    public string LogFile => Path.Combine(Folder, "server.log");

    /// <summary>True when server binaries can be found (tests/setup/postgres.sh installs them).</summary>
    public static bool Available => FindBinaries() is not null;

    public string ConnectionString(string database, int maxPoolSize = 30) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
        MaxPoolSize = maxPoolSize,
        // Test databases are dropped while their pools may still hold connections; prune idle ones fast.
        ConnectionIdleLifetime = 10,
        Timeout = 30,
        CommandTimeout = 60,
    }.ConnectionString;

    public static async Task<PostgresServer> StartAsync(int maxConnections = 500)
    {
        var bin = FindBinaries() ?? throw new InvalidOperationException(
            "PostgreSQL server binaries (initdb, pg_ctl) not found; run tests/setup/postgres.sh or set HUMAS_PG_BIN");
        var runAs = Environment.UserName == "root" || geteuid() == 0 ? UnprivilegedUser() : null;
        var root = Environment.GetEnvironmentVariable("HUMAS_PG_RUN_DIR") is { Length: > 0 } r && Directory.Exists(r) ? r : Path.GetTempPath();
        RemoveStaleFolders(root);
        var folder = Path.Combine(root, "humas-pgsrv-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        if (runAs is not null)
        {
            await RunAsync("chown", [runAs, folder]);
        }

        var server = new PostgresServer(bin, runAs, folder, FreePort());
        await server.RunServerToolAsync("initdb", ["-D", server.DataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"]);
        await server.StartServerAsync(maxConnections);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
        return server;
    }

    private int _maxConnections;

    private async Task StartServerAsync(int maxConnections)
    {
        _maxConnections = maxConnections;
        // Durability is not what these servers test: fsync off makes CREATE DATABASE and commits cheap.
        var options = string.Join(' ',
            $"-p {Port}", "-c listen_addresses=127.0.0.1", $"-k {Folder}", $"-c max_connections={maxConnections}",
            "-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off", "-c shared_buffers=64MB");
        await RunServerToolAsync("pg_ctl", ["-D", DataDirectory, "-l", LogFile, "-w", "-t", "60", "-o", options, "start"]);
    }

    /// <summary>Stops the server at once (as a crash would) and starts it again on the same port and data.</summary>
    public async Task RestartAsync(TimeSpan? downFor = null)
    {
        await StopServerAsync("immediate");
        if (downFor is { } pause)
        {
            await Task.Delay(pause);
        }

        await StartServerAsync(_maxConnections);
    }

    public Task StopServerAsync(string mode = "fast") =>
        RunServerToolAsync("pg_ctl", ["-D", DataDirectory, "-m", mode, "-w", "-t", "60", "stop"]);

    /// <summary>CREATE DATABASE, empty (template0) or as a copy of <paramref name="template"/>; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name, string? template = null)
    {
        await ExecuteAsync($"CREATE DATABASE \"{name}\" TEMPLATE \"{template ?? "template0"}\"");
        return ConnectionString(name);
    }

    public async Task DropDatabaseAsync(string name)
    {
        await ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    /// <summary>Runs one statement in the maintenance database (no pooling, so nothing lingers).</summary>
    public async Task ExecuteAsync(string sql)
    {
        var csb = new NpgsqlConnectionStringBuilder(ConnectionString("postgres")) { Pooling = false };
        await using var connection = new NpgsqlConnection(csb.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        try
        {
            StopServerAsync("immediate").GetAwaiter().GetResult();
        }
        catch (Exception)
        {
            // Already stopped; the folder goes either way.
        }

        // The last server processes may still be closing files for a moment after pg_ctl returns.
        for (var attempt = 0; attempt < 5 && Directory.Exists(Folder); attempt++)
        {
            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (Exception)
            {
                Thread.Sleep(200);
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private Task RunServerToolAsync(string tool, IReadOnlyList<string> args)
    {
        var path = Path.Combine(_bin, tool);
        return _runAs is null ? RunAsync(path, args) : RunAsync("runuser", ["-u", _runAs, "--", path, .. args]);
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> args)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The server inherits this folder as its working directory; it must be one its user can enter.
            WorkingDirectory = "/",
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}");
        // pg_ctl sends the server's own output to its log file (-l), so these pipes close when the tool exits.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{Path.GetFileName(file)} {string.Join(' ', args)} exited with {process.ExitCode}: {await stderr} {await stdout}");
        }
    }

    /// <summary>
    /// Folders of servers that are no longer running (no postmaster.pid) and are older than ten minutes: a test
    /// host that exits may be ended before its exit hook has deleted its folder.
    /// </summary>
    private static void RemoveStaleFolders(string root)
    {
        foreach (var folder in Directory.EnumerateDirectories(root, "humas-pgsrv-*"))
        {
            try
            {
                if (!File.Exists(Path.Combine(folder, "data", "postmaster.pid"))
                    && DateTime.UtcNow - Directory.GetLastWriteTimeUtc(folder) > TimeSpan.FromMinutes(10))
                {
                    Directory.Delete(folder, recursive: true);
                }
            }
            catch (Exception)
            {
                // Someone else's, or already gone.
            }
        }
    }

    private static string? FindBinaries()
    {
        if (Environment.GetEnvironmentVariable("HUMAS_PG_BIN") is { Length: > 0 } configured && File.Exists(Path.Combine(configured, "initdb")))
        {
            return configured;
        }

        const string debian = "/usr/lib/postgresql";
        if (Directory.Exists(debian))
        {
            var newest = Directory.GetDirectories(debian)
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
                .Where(d => File.Exists(Path.Combine(d.Dir, "initdb")))
                .OrderByDescending(d => d.Version)
                .FirstOrDefault();
            if (newest.Dir is not null)
            {
                return newest.Dir;
            }
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .FirstOrDefault(d => d.Length > 0 && File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
    }

    private static string UnprivilegedUser()
    {
        var users = File.Exists("/etc/passwd") ? File.ReadAllLines("/etc/passwd").Select(l => l.Split(':')[0]).ToHashSet() : [];
        return users.Contains("postgres") ? "postgres" : "nobody";
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [System.Runtime.InteropServices.DllImport("libc")]
    private static extern uint geteuid();
}
