using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.Telegram;

/// <summary>Says once, at start, that Telegram is off, so a missing token is not mistaken for a silent bot.</summary>
internal sealed class TelegramStartupNotice(IOptions<TelegramOptions> options, ILogger<TelegramStartupNotice> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            logger.LogInformation("Telegram is off (Telegram:Token is empty)");
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
