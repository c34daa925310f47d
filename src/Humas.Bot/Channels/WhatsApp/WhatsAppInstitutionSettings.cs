using System.ComponentModel.DataAnnotations;
using Humas.Bot.Institutions;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.WhatsApp;

/// <summary>
/// The WhatsApp part of an <c>Institutions:N</c> entry (<c>Institutions:N:WhatsApp:EditorsNumber</c>, <c>:PhoneNumberId</c>,
/// <c>:AccessToken</c>, and the number's own limits, article template and portfolio), read by the WhatsApp adapter alone through <see cref="InstitutionChannelOptions{TSettings}"/>:
/// the core's institution list knows no channel. What concerns several entries at once (a number id used twice, a
/// number without the national section) is checked by <see cref="WhatsAppNumbersValidator"/>.
/// </summary>
public sealed class WhatsAppInstitutionSettings
{
    /// <summary>A wa_id: digits only, with the country code, 6 to 20 of them.</summary>
    public const string WaIdPattern = @"^\d{6,20}$";

    /// <summary>The institution's editors' phone (wa_id); its tips go there instead of to <c>WhatsApp:EditorsNumber</c>.</summary>
    [RegularExpression(WaIdPattern, ErrorMessage = "must be a wa_id: digits only, with the country code.")]
    public string? EditorsNumber { get; set; }

    /// <summary>
    /// The institution's own business number's id (Business Manager), beside the national <c>WhatsApp:PhoneNumberId</c>:
    /// readers who write to it follow the institution by default, and it sends within its own limits. Its webhooks come
    /// to the one <c>/api/whatsapp/webhook</c> of the Meta app (signed with <c>WhatsApp:AppSecret</c>). Empty = none.
    /// </summary>
    [RegularExpression(@"^\d{1,32}$", ErrorMessage = "must be the number's id: digits only.")]
    public string? PhoneNumberId { get; set; }

    /// <summary>
    /// A token that may send from that number, when the national <c>WhatsApp:AccessToken</c> may not (the number is in
    /// another business or app). Empty = the national token. A secret: never logged.
    /// </summary>
    public string? AccessToken { get; set; }

    /// <summary>
    /// The institution's number's own throughput, as Business Manager shows it (80 messages/s, up to 1,000 once Meta
    /// upgrades the number); empty = <c>WhatsApp:MessagesPerSecond</c>. A number's throughput is its own, not the national one's.
    /// </summary>
    [Range(1, 1000)]
    public int? MessagesPerSecond { get; set; }

    /// <summary>Messages to one reader per minute on average from this number (Meta's pair rate); empty = <c>WhatsApp:PerReaderPerMinute</c>.</summary>
    [Range(1, 60)]
    public int? PerReaderPerMinute { get; set; }

    /// <summary>
    /// The article template approved for this number's business account (templates belong to a WhatsApp Business
    /// Account, so a number in another business has its own), in the shape <c>WhatsApp:ArticleTemplate</c> describes;
    /// empty = the national template.
    /// </summary>
    [RegularExpression(TemplateNamePattern, ErrorMessage = "must be a template name: lower-case letters, digits and _.")]
    public string? ArticleTemplate { get; set; }

    /// <summary>Whether this number's template has an IMAGE header; empty = <c>WhatsApp:ArticleTemplateImageHeader</c>.</summary>
    public bool? ArticleTemplateImageHeader { get; set; }

    /// <summary>
    /// The one language this number's template is approved in (Meta's code: <c>id</c>, <c>en</c>, <c>en_US</c>), used for
    /// every reader; empty = the reader's language (<c>id</c>, or <c>en</c> for English), as the national template.
    /// </summary>
    [RegularExpression(@"^[a-z]{2,3}(_[A-Z]{2})?$", ErrorMessage = "must be a template language code such as id, en or en_US.")]
    public string? ArticleTemplateLanguage { get; set; }

    /// <summary>
    /// The Meta business portfolio this number is in, by a name the operator chooses (lower-case letters, digits, <c>_</c>
    /// and <c>-</c>): Meta's messaging tier is a portfolio's, so numbers naming the same portfolio share one count of
    /// readers reached outside their window, and each portfolio has its own. Empty = the national number's portfolio
    /// (<c>WhatsApp:MessagingTier</c>).
    /// </summary>
    [RegularExpression(PortfolioPattern, ErrorMessage = "must be a portfolio name: lower-case letters, digits, _ and -, at most 64.")]
    public string? Portfolio { get; set; }

    /// <summary>
    /// That portfolio's messaging tier, in the values <c>WhatsApp:MessagingTier</c> takes (0 = unlimited); only beside
    /// <see cref="Portfolio"/>. Empty = 250, the tier a new portfolio starts at. Every number naming the portfolio says the same.
    /// </summary>
    [Range(0, WhatsAppOptions.MaxMessagingTier)]
    public int? MessagingTier { get; set; }

    /// <summary>A portfolio's name: also its key in the tier's count (<c>WhatsAppTierContacts.Portfolio</c>, 64 characters).</summary>
    public const string PortfolioPattern = "^[a-z0-9][a-z0-9_-]{0,63}$";

    /// <summary>Meta's template names: lower-case letters, digits and _ (the national <c>WhatsApp:ArticleTemplate</c> is checked the same way).</summary>
    public const string TemplateNamePattern = "^[a-z0-9_]{1,512}$";

    /// <summary>The number's own values that are set: they mean nothing without <see cref="PhoneNumberId"/>.</summary>
    public IEnumerable<string> NumberValuesSet()
    {
        if (MessagesPerSecond is not null)
        {
            yield return nameof(MessagesPerSecond);
        }

        if (PerReaderPerMinute is not null)
        {
            yield return nameof(PerReaderPerMinute);
        }

        if (!string.IsNullOrEmpty(ArticleTemplate))
        {
            yield return nameof(ArticleTemplate);
        }

        if (ArticleTemplateImageHeader is not null)
        {
            yield return nameof(ArticleTemplateImageHeader);
        }

        if (!string.IsNullOrEmpty(ArticleTemplateLanguage))
        {
            yield return nameof(ArticleTemplateLanguage);
        }

        if (!string.IsNullOrEmpty(Portfolio))
        {
            yield return nameof(Portfolio);
        }

        if (MessagingTier is not null)
        {
            yield return nameof(MessagingTier);
        }
    }
}

/// <summary>Generated at build time; used for each institution's settings by <see cref="InstitutionChannelOptions{TSettings}"/>.</summary>
[OptionsValidator]
public sealed partial class WhatsAppInstitutionSettingsValidator : IValidateOptions<WhatsAppInstitutionSettings>;
