using Humas.Bot.Host;
using Microsoft.Extensions.Logging.Console;

namespace Humas.Bot.Benchmarks;

/// <summary>What every benchmark host shares: the service's own builder, configured from memory only.</summary>
internal static class BenchHost
{
    /// <summary>
    /// Settings only from <paramref name="settings"/> (no appsettings.json: its demo source would join the
    /// run), and every log line on stderr so stdout stays the JSON report.
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var builder = HumasHost.CreateBuilder([]);
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.Configure<ConsoleLoggerOptions>(c => c.LogToStandardErrorThreshold = LogLevel.Trace);
        return builder;
    }

    /// <summary>A fresh SQLite file, loopback on a free port, and quiet framework logs.</summary>
    public static Dictionary<string, string?> BaseSettings(string databasePath, string logLevel) => new()
    {
        ["urls"] = "http://127.0.0.1:0",
        ["ConnectionStrings:Humas"] = $"Data Source={databasePath}",
        ["Database:Provider"] = "Sqlite",
        ["Logging:LogLevel:Default"] = logLevel,
        ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
        ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
    };
}
