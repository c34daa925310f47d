using Humas.Bot.Channels.Telegram;
using Humas.Bot.Channels.Telegram.Api;
using Humas.Bot.FakePlatforms.Telegram;

namespace Humas.Bot.Tests.Channels.Telegram;

/// <summary>The real client, wired by AddTelegram, talking HTTP to a FakeTelegramServer, with every log line captured.</summary>
internal sealed class TelegramClientHarness : IAsyncDisposable
{
    private readonly IHost _host;

    private TelegramClientHarness(FakeTelegramServer fake, IHost host, CapturingLoggerProvider logs)
    {
        Fake = fake;
        _host = host;
        Logs = logs;
        Client = host.Services.GetRequiredService<ITelegramBotClient>();
    }

    public FakeTelegramServer Fake { get; }
    public ITelegramBotClient Client { get; }
    public CapturingLoggerProvider Logs { get; }

    public static async Task<TelegramClientHarness> StartAsync(FakeTelegramOptions? fake = null, int timeoutSeconds = 10)
    {
        var server = await FakeTelegramServer.StartAsync(fake);
        var logs = new CapturingLoggerProvider();
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Telegram:Token"] = server.Token,
            ["Telegram:ApiBaseUrl"] = server.BaseUrl,
            ["Telegram:RequestTimeoutSeconds"] = timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddProvider(logs);
        builder.AddTelegram();
        var host = builder.Build();
        await host.StartAsync();
        return new TelegramClientHarness(server, host, logs);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        await Fake.DisposeAsync();
    }
}
