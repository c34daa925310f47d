using System.Globalization;

namespace Humas.Bot.Ingestion.Text;

/// <summary>
/// Reads the dates that Indonesian news feeds and pages print. STUB: the full table of formats
/// (Indonesian day and month names, "Rabu (21/8/2019)", RFC 822 with WIB, ...) is being written.
/// </summary>
public sealed class NewsDateParser
{
    /// <param name="reference">"Now" for the source: a date without a year is placed at or before it.</param>
    public bool TryParse(string? text, DateTimeOffset reference, out DateTimeOffset value)
    {
        _ = reference;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
    }
}
