using Humas.Bot.Channels.Telegram.Api;
using Humas.Bot.Channels.Telegram.Updates;
using Humas.Bot.Institutions;
using Humas.Bot.Subscriptions;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.Telegram;

/// <summary>One Telegram bot the service speaks through: its account ("" the shared national bot, else its institution), client and identity.</summary>
public sealed class TelegramBot(TelegramBotApi api, string? webhookSecret)
{
    public string Account => api.Account;

    public bool IsShared => Account.Length == 0;

    /// <summary>Has a token: it receives and sends.</summary>
    public bool IsEnabled => api.IsEnabled;

    public TelegramBotApi Api => api;

    public string? WebhookSecret => webhookSecret;

    /// <summary>Its @username from getMe at start (group commands addressed to it).</summary>
    public TelegramBotIdentity Identity { get; } = new();

    /// <summary>The webhook path Telegram is told to post this bot's updates to.</summary>
    public string WebhookPath => IsShared ? TelegramWebhookEndpoint.Path : TelegramWebhookEndpoint.Path + "/" + Uri.EscapeDataString(Account);

    /// <summary>For logs: "the national bot" or "kemensos's bot".</summary>
    public override string ToString() => IsShared ? "the national bot" : $"{Account}'s bot";
}

/// <summary>
/// Every Telegram bot of the service: the shared national bot (<c>Telegram:Token</c>) and each institution's own
/// (<c>Institutions:N:Telegram:Token</c>). Each has its own client, update stream (webhook path or polling loop),
/// limits (the gateway's limiter per sender, <see cref="TelegramDeliveryChannel.SenderOf"/>) and token incident;
/// the mode, public URL, API URL and limit values are the shared <c>Telegram</c> section's. Conversations name their
/// bot by its account, so a reply goes back through the bot that was written to.
/// </summary>
public sealed class TelegramBots
{
    private readonly Dictionary<string, TelegramBot> _bots = new(StringComparer.Ordinal);

    public TelegramBots(
        TelegramBotApi shared,
        IHttpClientFactory factory,
        IOptions<TelegramOptions> telegram,
        IOptions<InstitutionChannelOptions<TelegramInstitutionSettings>> institutions)
    {
        Shared = new TelegramBot(shared, telegram.Value.WebhookSecret);
        _bots[Shared.Account] = Shared;
        foreach (var (id, settings) in institutions.Value.Configured)
        {
            if (!string.IsNullOrEmpty(settings.Token) && !_bots.ContainsKey(id))
            {
                _bots[id] = new TelegramBot(new TelegramBotApi(factory, telegram.Value, settings.Token, id), settings.WebhookSecret);
            }
        }
    }

    /// <summary>The national bot, present (and off) even without a token, as the channel's other parts expect.</summary>
    public TelegramBot Shared { get; }

    /// <summary>The bots with a token: the national one first, when it has one.</summary>
    public IEnumerable<TelegramBot> Enabled => _bots.Values.Where(b => b.IsEnabled).OrderBy(b => b.Account, StringComparer.Ordinal);

    public bool AnyEnabled => _bots.Values.Any(b => b.IsEnabled);

    /// <summary>The bot of <paramref name="account"/>; null when no such bot is configured (any more).</summary>
    public TelegramBot? Find(string account) => _bots.GetValueOrDefault(account);

    /// <summary>The client that reaches <paramref name="to"/>: its conversation's bot.</summary>
    public TelegramBotApi ApiFor(ConversationAddress to) => Find(to.Account)?.Api
        ?? throw new TelegramBotUnknownException(to.Account);
}

/// <summary>A conversation of an institution's bot whose token is no longer configured: nothing can reach it now.</summary>
public sealed class TelegramBotUnknownException(string account)
    : InvalidOperationException($"No Telegram bot is configured for institution '{account}' (Institutions:N:Telegram:Token).")
{
    public string Account => account;
}
