using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Humas.Bot.Host;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.Telegram;

public enum TelegramMode
{
    Polling,
    Webhook,
}

/// <summary><c>Telegram</c> section. An empty <see cref="Token"/> turns Telegram off (logged once at start).</summary>
public sealed partial class TelegramOptions : IValidatableObject, IChannelStartupFacts
{
    public const string Section = "Telegram";

    /// <summary>The bot token from @BotFather. A secret: never logged, never in an exception message.</summary>
    public string Token { get; set; } = "";

    /// <summary>
    /// Requests go to <c>{ApiBaseUrl}/bot{Token}/{method}</c>; tests point this at a local fake. Scheme, host and
    /// port only: the Bot API client (Telegram.Bot) ignores any path, so one is refused rather than dropped.
    /// </summary>
    public string ApiBaseUrl { get; set; } = "https://api.telegram.org";

    public TelegramMode Mode { get; set; } = TelegramMode.Polling;

    /// <summary>Checked against X-Telegram-Bot-Api-Secret-Token; 1-256 of A-Z a-z 0-9 _ -; required in Webhook mode.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>
    /// In Webhook mode, a reaction press is answered in its webhook's response (Telegram runs the answerCallbackQuery
    /// given there) when the answer is ready within 100 ms of storing the update, saving a request per press; off, every
    /// answer is a request of its own. Either way an answer not ready in time goes by request.
    /// </summary>
    public bool WebhookReplies { get; set; } = true;

    /// <summary>The service's public base URL; setWebhook is called with it at start.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>The editors' group that receives tips; empty keeps tips for the dashboard only.</summary>
    public long? EditorsChatId { get; set; }

    /// <summary>Per request, on top of the long-poll hold of getUpdates.</summary>
    [Range(1, 600)]
    public int RequestTimeoutSeconds { get; set; } = 30;

    public bool Enabled => Token.Length > 0;

    string IChannelStartupFacts.ChannelName => Section;

    // The bot's name is known only after getMe; the receiver logs it when it is ready.
    string IChannelStartupFacts.OnFacts => $"{Mode} mode, Bot API at {ApiBaseUrl}";

    string IChannelStartupFacts.OffFacts => "Telegram:Token is empty, POST /api/telegram/webhook answers 404";

    /// <summary>Sends per second across the bot (Telegram's documented limit: about 30).</summary>
    [Range(1, 1000)]
    public int BotPerSecond { get; set; } = 30;

    /// <summary>Sends per second into one private chat.</summary>
    [Range(1, 30)]
    public int PrivatePerSecond { get; set; } = 1;

    /// <summary>Sends per minute into one group or channel (and at most one per second).</summary>
    [Range(1, 60)]
    public int GroupPerMinute { get; set; } = 20;

    /// <summary>Broadcast articles and digests with allow_paid_broadcast (0.1 Star per message) at <see cref="PaidBroadcastPerSecond"/>.</summary>
    public bool PaidBroadcast { get; set; }

    [Range(1, 1000)]
    public int PaidBroadcastPerSecond { get; set; } = 1000;

    public int EffectiveBotPerSecond => PaidBroadcast ? PaidBroadcastPerSecond : BotPerSecond;

    /// <summary>The limits the Telegram adapter declares to the gateway.</summary>
    public Delivery.Channels.ChannelRateLimits ToRateLimits() => TelegramRateLimits.For(EffectiveBotPerSecond, PrivatePerSecond, GroupPerMinute);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // The message never echoes the token itself.
        if (Token.Length > 0 && !TokenShape().IsMatch(Token))
        {
            yield return new ValidationResult("must look like 123456:ABC-def (digits, a colon, then letters, digits, _ or -).", [nameof(Token)]);
        }

        if (!Uri.TryCreate(ApiBaseUrl, UriKind.Absolute, out var api) || (api.Scheme != Uri.UriSchemeHttps && api.Scheme != Uri.UriSchemeHttp))
        {
            yield return new ValidationResult("must be an absolute http or https URL.", [nameof(ApiBaseUrl)]);
        }
        else if (api.AbsolutePath != "/" || api.Query.Length > 0)
        {
            yield return new ValidationResult("must be scheme, host and port only, without a path (e.g. https://api.telegram.org).", [nameof(ApiBaseUrl)]);
        }

        if (!string.IsNullOrEmpty(WebhookSecret) && !SecretShape().IsMatch(WebhookSecret))
        {
            yield return new ValidationResult("must be 1-256 characters of A-Z a-z 0-9 _ -.", [nameof(WebhookSecret)]);
        }

        if (Enabled && Mode == TelegramMode.Webhook && string.IsNullOrEmpty(WebhookSecret))
        {
            yield return new ValidationResult("is required when Telegram:Mode is Webhook.", [nameof(WebhookSecret)]);
        }

        if (!string.IsNullOrEmpty(PublicUrl) && (!Uri.TryCreate(PublicUrl, UriKind.Absolute, out var pub) || (pub.Scheme != Uri.UriSchemeHttps && pub.Scheme != Uri.UriSchemeHttp)))
        {
            yield return new ValidationResult("must be an absolute http or https URL.", [nameof(PublicUrl)]);
        }
    }

    [GeneratedRegex("^[0-9]+:[A-Za-z0-9_-]+$", RegexOptions.CultureInvariant)]
    internal static partial Regex TokenShape();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,256}$", RegexOptions.CultureInvariant)]
    internal static partial Regex SecretShape();
}

/// <summary>Generated at build time (no reflection at start) from the attributes and Validate above.</summary>
[OptionsValidator]
public sealed partial class TelegramOptionsValidator : IValidateOptions<TelegramOptions>;
