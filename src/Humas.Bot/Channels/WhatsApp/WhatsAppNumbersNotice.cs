namespace Humas.Bot.Channels.WhatsApp;

/// <summary>
/// One start-up line per configured number, as Telegram's receiver says each bot is ready, so an operator sees which
/// numbers this instance answers and whose they are. Never the token: only whether the number has its own or uses
/// the national one; with the limits and the article template it sends with (an institution's own or the national ones),
/// and the business portfolio whose messaging tier it counts against, with that tier, so a per-number value that did not
/// take is seen at start. The display number (+62…) is not in the configuration and
/// is not asked of Meta here.
/// </summary>
internal sealed partial class WhatsAppNumbersNotice(WhatsAppNumbers numbers, ILogger<WhatsAppNumbersNotice> log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var national = numbers.Shared;
        foreach (var number in numbers.All)
        {
            Ready(
                log,
                number.PhoneNumberId,
                number.IsShared ? "national" : number.Account,
                number.IsShared || number.AccessToken != national.AccessToken ? "its own access token" : "the national access token",
                number.MessagesPerSecond,
                number.PerReaderPerMinute,
                number.ArticleTemplate.Length == 0 ? "(none)" : number.ArticleTemplate,
                number.Portfolio.Length == 0 ? "(national)" : number.Portfolio,
                number.MessagingTier == WhatsAppOptions.UnlimitedTier ? "unlimited" : number.MessagingTier.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "WhatsApp number {PhoneNumberId} ({Institution}) ready, sending with {Token}, {MessagesPerSecond}/s, {PerReaderPerMinute} per reader a minute, article template {ArticleTemplate}, portfolio {Portfolio} with messaging tier {MessagingTier}")]
    private static partial void Ready(ILogger log, string phoneNumberId, string institution, string token, int messagesPerSecond, int perReaderPerMinute, string articleTemplate, string portfolio, string messagingTier);
}
