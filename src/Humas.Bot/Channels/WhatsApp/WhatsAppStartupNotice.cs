using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.WhatsApp;

/// <summary>Says once at start whether WhatsApp is on, with its number id and API version (never a token or secret).</summary>
public sealed class WhatsAppStartupNotice(IOptions<WhatsAppOptions> options, ILogger<WhatsAppStartupNotice> log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (o.Enabled)
        {
            log.LogInformation(
                "WhatsApp is on: number {PhoneNumberId}, Graph API {ApiVersion} at {ApiBaseUrl}, {PerSecond} messages/s, article template {Template}",
                o.PhoneNumberId, o.ApiVersion, o.ApiBaseUrl, o.MessagesPerSecond, o.ArticleTemplate.Length > 0 ? o.ArticleTemplate : "(none: no articles outside the 24-hour window)");
        }
        else
        {
            log.LogInformation("WhatsApp is off: WhatsApp:PhoneNumberId is empty, /api/whatsapp/webhook answers 404");
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
