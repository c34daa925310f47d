using System.Globalization;
using System.Xml.Linq;

namespace Humas.Bot.Ingestion.Feeds;

/// <summary>Feed-level facts gathered while streaming: title, site link and the publisher's refresh hints.</summary>
internal sealed class FeedHeader
{
    private int? ttlMinutes;
    private string? updatePeriod;
    private int? updateFrequency;

    public string? Title { get; set; }
    public string? Link { get; set; }

    /// <summary>Reads the refresh hint elements (RSS ttl, syndication module); returns false for anything else.</summary>
    public bool TryReadUpdateHint(XElement element)
    {
        var value = element.Value.Trim();
        if (element.Name == "ttl")
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
