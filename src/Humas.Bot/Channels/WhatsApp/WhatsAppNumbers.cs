using Humas.Bot.Institutions;
using Humas.Bot.Subscriptions;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.WhatsApp;

/// <summary>
/// One business number the service speaks through: its account ("" the national number, else its institution), its id and
/// token, its limits and its article template (an institution's own where set, else the national section's).
/// </summary>
public sealed record WhatsAppNumber(string Account, string PhoneNumberId, string AccessToken)
{
    public int MessagesPerSecond { get; init; } = new WhatsAppOptions().MessagesPerSecond;

    public int PerReaderPerMinute { get; init; } = new WhatsAppOptions().PerReaderPerMinute;

    /// <summary>Empty: no article reaches a reader of this number outside the 24-hour window.</summary>
    public string ArticleTemplate { get; init; } = "";

    public bool ArticleTemplateImageHeader { get; init; }

    /// <summary>The template's one language; null = the reader's (id, or en for English).</summary>
    public string? ArticleTemplateLanguage { get; init; }

    /// <summary>The business portfolio whose messaging tier the number counts against: "" the national number's.</summary>
    public string Portfolio { get; init; } = NationalPortfolio;

    /// <summary>That portfolio's tier (<see cref="WhatsAppOptions.UnlimitedTier"/> = unlimited).</summary>
    public int MessagingTier { get; init; } = WhatsAppOptions.DefaultMessagingTier;

    public const string NationalPortfolio = "";

    public bool IsShared => Account.Length == 0;

    /// <summary>The national number of <paramref name="options"/>.</summary>
    public static WhatsAppNumber National(WhatsAppOptions options) =>
        new(ConversationAddress.SharedAccount, options.PhoneNumberId, options.AccessToken)
        {
            MessagesPerSecond = options.MessagesPerSecond,
            PerReaderPerMinute = options.PerReaderPerMinute,
            ArticleTemplate = options.ArticleTemplate,
            ArticleTemplateImageHeader = options.ArticleTemplateImageHeader,
            MessagingTier = options.MessagingTier,
        };

    /// <summary>Institution <paramref name="account"/>'s number: its own values where set, the national number's for the rest.</summary>
    public static WhatsAppNumber Own(string account, WhatsAppInstitutionSettings settings, WhatsAppNumber national) =>
        new(account, settings.PhoneNumberId ?? "", string.IsNullOrEmpty(settings.AccessToken) ? national.AccessToken : settings.AccessToken)
        {
            MessagesPerSecond = settings.MessagesPerSecond ?? national.MessagesPerSecond,
            PerReaderPerMinute = settings.PerReaderPerMinute ?? national.PerReaderPerMinute,
            ArticleTemplate = string.IsNullOrEmpty(settings.ArticleTemplate) ? national.ArticleTemplate : settings.ArticleTemplate,
            ArticleTemplateImageHeader = settings.ArticleTemplateImageHeader ?? national.ArticleTemplateImageHeader,
            ArticleTemplateLanguage = string.IsNullOrEmpty(settings.ArticleTemplateLanguage) ? null : settings.ArticleTemplateLanguage,
            Portfolio = PortfolioOf(settings),
            MessagingTier = TierOf(settings, national.MessagingTier),
        };

    /// <summary>The portfolio an entry names; "" (none) is the national number's.</summary>
    public static string PortfolioOf(WhatsAppInstitutionSettings settings) => settings.Portfolio ?? NationalPortfolio;

    /// <summary>An entry's tier: the national one in the national portfolio, else its own (250 when not set).</summary>
    public static int TierOf(WhatsAppInstitutionSettings settings, int nationalTier) =>
        PortfolioOf(settings).Length == 0 ? nationalTier : settings.MessagingTier ?? WhatsAppOptions.DefaultMessagingTier;

    /// <summary>For logs: "the national number" or "kemensos's number" (never the token).</summary>
    public override string ToString() => IsShared ? "the national number" : $"{Account}'s number";
}

/// <summary>
/// Every WhatsApp business number of the service: the national one (<c>WhatsApp:PhoneNumberId</c>) and each
/// institution's own (<c>Institutions:N:WhatsApp:PhoneNumberId</c>, with its <c>:AccessToken</c> or else the national
/// token). Meta posts every number of the app to the one webhook, which routes a change by its
/// <c>metadata.phone_number_id</c> (<see cref="ByPhoneNumberId"/>); conversations name their number by its account,
/// so a reply goes back through the number that was written to. Each number has its own limiter in the gateway
/// (<see cref="WhatsAppDeliveryChannel.SenderOf"/>, at its own <c>MessagesPerSecond</c> and <c>PerReaderPerMinute</c>), its
/// own token incident and its own article template where the institution sets them (the national ones otherwise), and
/// counts against its business portfolio's messaging tier (the national portfolio's unless the entry names another); the
/// Graph host, version and app secret are the national section's.
/// </summary>
public sealed class WhatsAppNumbers(
    IOptionsMonitor<WhatsAppOptions> whatsApp,
    IOptionsMonitor<InstitutionChannelOptions<WhatsAppInstitutionSettings>> institutions)
{
    private volatile Built? _built;

    /// <summary>The numbers by account and by phone number id; none while the national number is off.</summary>
    private sealed record Map(Dictionary<string, WhatsAppNumber> ByAccount, Dictionary<string, WhatsAppNumber> ById);

    /// <summary>The map and the two sections it was made from (one reference, so a reader never sees half of a rebuild).</summary>
    private sealed record Built(WhatsAppOptions Shared, InstitutionChannelOptions<WhatsAppInstitutionSettings> Own, Map Numbers);

    /// <summary>The national number (its id empty while WhatsApp is off).</summary>
    public WhatsAppNumber Shared => WhatsAppNumber.National(whatsApp.CurrentValue);

    /// <summary>Every number, the national one first; none while WhatsApp is off.</summary>
    public IEnumerable<WhatsAppNumber> All => Current().ByAccount.Values.OrderBy(n => n.Account, StringComparer.Ordinal);

    /// <summary>The number of <paramref name="account"/>; null when no such number is configured (any more).</summary>
    public WhatsAppNumber? Find(string account) => Current().ByAccount.GetValueOrDefault(account);

    /// <summary>The number a webhook change is for (<c>metadata.phone_number_id</c>); null for a number not ours.</summary>
    public WhatsAppNumber? ByPhoneNumberId(string? phoneNumberId) =>
        phoneNumberId is null ? null : Current().ById.GetValueOrDefault(phoneNumberId);

    /// <summary>The number that reaches <paramref name="to"/>: its conversation's.</summary>
    public WhatsAppNumber For(ConversationAddress to) => Find(to.Account) ?? throw new WhatsAppNumberUnknownException(to.Account);

    private Map Current()
    {
        var shared = whatsApp.CurrentValue;
        var own = institutions.CurrentValue;
        // Rebuilt only when either section is reloaded.
        if (_built is { } built && ReferenceEquals(built.Shared, shared) && ReferenceEquals(built.Own, own))
        {
            return built.Numbers;
        }

        var map = new Map(new(StringComparer.Ordinal), new(StringComparer.Ordinal));
        if (shared.Enabled)
        {
            var national = WhatsAppNumber.National(shared);
            Add(map, national);
            foreach (var (id, settings) in own.Configured)
            {
                if (!string.IsNullOrEmpty(settings.PhoneNumberId))
                {
                    Add(map, WhatsAppNumber.Own(id, settings, national));
                }
            }
        }

        _built = new Built(shared, own, map);
        return map;
    }

    /// <summary>The start-up validator refuses a number or account twice; the first wins should one slip by.</summary>
    private static void Add(Map map, WhatsAppNumber number)
    {
        if (!map.ByAccount.ContainsKey(number.Account) && !map.ById.ContainsKey(number.PhoneNumberId))
        {
            map.ByAccount[number.Account] = number;
            map.ById[number.PhoneNumberId] = number;
        }
    }
}

/// <summary>A conversation of an institution's number that is no longer configured: nothing may reach it through another number.</summary>
public sealed class WhatsAppNumberUnknownException(string account)
    : InvalidOperationException($"No WhatsApp number is configured for institution '{account}' (Institutions:N:WhatsApp:PhoneNumberId).")
{
    public string Account => account;
}
