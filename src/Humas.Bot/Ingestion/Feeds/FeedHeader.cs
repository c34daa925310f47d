using System.Globalization;
using System.Xml.Linq;
using Humas.Bot.Ingestion.Model;

namespace Humas.Bot.Ingestion.Feeds;

/// <summary>
/// Feed-level facts gathered while streaming: name, description, site link and the publisher's refresh hints.
/// Name and description are kept as HTML until the end, when they become text on the same path as titles;
/// Dublin Core's dc:title and dc:description stand in when the format's own elements are missing.
/// </summary>
internal sealed class FeedHeader
{
    private int? ttlMinutes;
    private string? updatePeriod;
    private int? updateFrequency;
    private string? titleHtml;
    private string? descriptionHtml;
    private string? dcTitleHtml;
    private string? dcDescriptionHtml;

    public string? Link { get; set; }

    public void OfferTitle(string? html) => titleHtml ??= ItemExtensions.NonEmpty(html);

    public void OfferDescription(string? html) => descriptionHtml ??= ItemExtensions.NonEmpty(html);

    public ParsedFeed ToFeed(FeedFormat format, IReadOnlyList<FeedItem> items, FeedReadContext context) => new(
        format,
        context.Title(titleHtml ?? dcTitleHtml),
        Link,
        Ttl,
        items,
        context.Description(descriptionHtml ?? dcDescriptionHtml));

    /// <summary>Reads refresh hints and Dublin Core fallbacks; returns false for anything else.</summary>
    public bool TryReadExtension(XElement element)
    {
        if (element.Name == ItemExtensions.DcTitle)
        {
            dcTitleHtml ??= ItemExtensions.NonEmpty(element.Value);
            return true;
        }

        if (element.Name == ItemExtensions.DcDescription)
        {
            dcDescriptionHtml ??= ItemExtensions.NonEmpty(element.Value);
            return true;
        }

        var value = element.Value.Trim();
        if (FeedNamespaces.Is(element.Name, "ttl"))
        {
            ttlMinutes = PositiveInt(value);
            return true;
        }

        if (element.Name == XName.Get("updatePeriod", FeedNamespaces.Syndication))
        {
            updatePeriod = value.ToLowerInvariant();
            return true;
        }

        if (element.Name == XName.Get("updateFrequency", FeedNamespaces.Syndication))
        {
            updateFrequency = PositiveInt(value);
            return true;
        }

        return false;
    }

    /// <summary>RSS ttl wins over the syndication module: it is the channel's own, more specific hint.</summary>
    public TimeSpan? Ttl
    {
        get
        {
            if (ttlMinutes is { } minutes)
            {
                return TimeSpan.FromMinutes(minutes);
            }

            TimeSpan? period = updatePeriod switch
            {
                "hourly" => TimeSpan.FromHours(1),
                "daily" => TimeSpan.FromDays(1),
                "weekly" => TimeSpan.FromDays(7),
                "monthly" => TimeSpan.FromDays(30),
                "yearly" => TimeSpan.FromDays(365),
                _ => null,
            };
            if (period is null && updateFrequency is null)
            {
                return null;
            }

            // The module's defaults: period "daily", frequency 1.
            return (period ?? TimeSpan.FromDays(1)) / (updateFrequency ?? 1);
        }
    }

    private static int? PositiveInt(string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;
}
