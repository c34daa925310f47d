using Humas.Bot.Channels.Telegram;
using Humas.Bot.Channels.Telegram.Api;
using Humas.Bot.FakePlatforms.Telegram;
using Microsoft.Extensions.Logging.Testing;
using Telegram.Bot;

namespace Humas.Bot.Tests.Channels.Telegram;

/// <summary>
/// The real Telegram.Bot client as AddTelegram wires it (IHttpClientFactory, RetryCount 0, our timeout and
/// logging handler), talking HTTP to a FakeTelegramServer, with every log line captured.
/// </summary>
internal sealed class TelegramClientHarness : IAsyncDisposable
{
    private readonly IHost _host;

    private TelegramClientHarness(FakeTelegramServer fake, IHost host, FakeLoggerProvider logs)
    {
        Fake = fake;
        _host = host;
        Logs = logs;
        Api = host.Services.GetRequiredService<TelegramBotApi>();
    }

    public FakeTelegramServer Fake { get; }
    public TelegramBotApi Api { get; }

    public ITelegramBotClient Client => Api.Client;

    /// <summary>The host's bots: the national one against the fake.</summary>
    public TelegramBots Bots() => _host.Services.GetRequiredService<TelegramBots>();
    public FakeLoggerProvider Logs { get; }

    /// <param name="configure">Adds more of the service (e.g. AddObservability) after AddTelegram.</param>
    public static async Task<TelegramClientHarness> StartAsync(FakeTelegramOptions? fake = null, int timeoutSeconds = 10, Action<HostApplicationBuilder>? configure = null)
    {
        var server = await FakeTelegramServer.StartAsync(fake);
        var logs = new FakeLoggerProvider();
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
        configure?.Invoke(builder);
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
