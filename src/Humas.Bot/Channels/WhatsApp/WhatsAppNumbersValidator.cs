using Humas.Bot.Host;
using Humas.Bot.Institutions;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.WhatsApp;

/// <summary>
/// What no single <c>Institutions:N:WhatsApp</c> entry can say of itself, checked at start beside the generated
/// per-entry validator: one number serves one institution (two institutions with the same number id, or an
/// institution with the national <c>WhatsApp:PhoneNumberId</c>, would share one conversation space and one limit, and
/// its webhooks could not say whose they are), a number needs its institution's id (its readers' default), and an
/// institution's number needs the national section (the webhook, the app secret, the verify token and the Graph host
/// are its). A token, limits, a template or a portfolio without a number are a mistake too; so are a tier without its portfolio
/// and two tiers for one portfolio. The checks Telegram's bots share are <see cref="InstitutionCredentials"/>.
/// </summary>
internal sealed class WhatsAppNumbersValidator(IOptions<WhatsAppOptions> whatsApp) : IValidateOptions<InstitutionChannelOptions<WhatsAppInstitutionSettings>>
{
    public ValidateOptionsResult Validate(string? name, InstitutionChannelOptions<WhatsAppInstitutionSettings> options)
    {
        var shared = whatsApp.Value;
        // Each named portfolio's first entry, in configuration order: the ones after it must give it the same tier.
        var portfolios = new Dictionary<string, (WhatsAppInstitutionSettings Settings, string Key)>(StringComparer.Ordinal);
        return InstitutionCredentials.Validate(options, new InstitutionCredentials.Rules<WhatsAppInstitutionSettings>
        {
            Credential = s => s.PhoneNumberId,
            CredentialMember = nameof(WhatsAppInstitutionSettings.PhoneNumberId),
            NationalKey = ConfigurationKeys.Join(WhatsAppOptions.Section, nameof(WhatsAppOptions.PhoneNumberId)),
            National = shared.Enabled ? shared.PhoneNumberId : null,
            Duplicate = first => $"is the same number as {first}; each number serves one institution (or the national one).",
            NeedsId = "needs the institution's Id beside it: the number's readers follow that institution.",
            NeedsNational = ("the national number", "the webhook, its app secret and verify token are the national section's."),
            Also = entry => PortfolioFailures(entry, shared.MessagingTier, portfolios),
            Without = entry =>
            [
                .. string.IsNullOrEmpty(entry.Settings.AccessToken)
                    ? []
                    : new[] { ConfigurationKeys.Failure(ConfigurationKeys.Join(entry.Key, nameof(WhatsAppInstitutionSettings.AccessToken)), "needs the number it sends from: set PhoneNumberId beside it.") },
                .. entry.Settings.NumberValuesSet().Select(member =>
                    ConfigurationKeys.Failure(ConfigurationKeys.Join(entry.Key, member), "is the institution's own number's: set PhoneNumberId beside it, or remove it.")),
            ],
        });
    }

    /// <summary>
    /// A tier belongs to a named portfolio (the national portfolio's is <c>WhatsApp:MessagingTier</c>), and the numbers
    /// of one portfolio share one count, so they must agree on its tier (unset being 250). The tiers compared are the ones
    /// the numbers get (<see cref="WhatsAppNumber.TierOf"/>), so the check and the sending never differ on what unset means.
    /// </summary>
    private static IEnumerable<string> PortfolioFailures(
        InstitutionChannelEntry<WhatsAppInstitutionSettings> entry,
        int nationalTier,
        Dictionary<string, (WhatsAppInstitutionSettings Settings, string Key)> portfolios)
    {
        var settings = entry.Settings;
        var key = ConfigurationKeys.Join(entry.Key, nameof(WhatsAppInstitutionSettings.MessagingTier));
        var portfolio = WhatsAppNumber.PortfolioOf(settings);
        if (portfolio.Length == 0)
        {
            return settings.MessagingTier is null
                ? []
                : [ConfigurationKeys.Failure(key, "is a portfolio's own tier: name the number's portfolio in Portfolio beside it, or remove it (the national portfolio's tier is WhatsApp:MessagingTier).")];
        }

        if (!portfolios.TryGetValue(portfolio, out var first))
        {
            portfolios[portfolio] = (settings, key);
            return [];
        }

        return Tier(first.Settings) == Tier(settings)
            ? []
            : [ConfigurationKeys.Failure(key, $"is {Shown(settings)} but {first.Key} is {Shown(first.Settings)} for the same portfolio '{portfolio}': its numbers share one tier, set the same on each.")];

        int Tier(WhatsAppInstitutionSettings s) => WhatsAppNumber.TierOf(s, nationalTier);

        string Shown(WhatsAppInstitutionSettings s)
        {
            var tier = Tier(s).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return s.MessagingTier is null ? $"unset ({tier})" : tier;
        }
    }
}
