using Humas.Bot.Delivery.Channels;

namespace Humas.Bot.Delivery.Digests;

/// <summary>
/// Splits a digest into parts that fit the channel's message length. The core does not format, so it
/// measures conservatively: each entry costs its title, link and institution plus room for markup, and each
/// part keeps room for a heading. An entry longer than a whole part goes alone; the channel shortens it.
/// </summary>
public static class DigestSplitter
{
    public const int HeadingReserve = 200;
    public const int EntryOverhead = 24;

    public static int Cost(DigestEntry entry) => entry.Title.Length + entry.Url.Length + entry.InstitutionName.Length + EntryOverhead;

    public static IReadOnlyList<DigestMessage> Split(IReadOnlyList<DigestEntry> entries, int maxLength, DigestPeriod period, string language)
    {
        var budget = Math.Max(1, maxLength - HeadingReserve);
        var parts = new List<List<DigestEntry>>();
        var current = new List<DigestEntry>();
        var used = 0;
        foreach (var entry in entries)
        {
            var cost = Cost(entry);
            if (current.Count > 0 && used + cost > budget)
            {
                parts.Add(current);
                current = [];
                used = 0;
            }

            current.Add(entry);
            used += cost;
        }

        if (current.Count > 0)
        {
            parts.Add(current);
        }

        return parts.Select((p, i) => new DigestMessage(period, p, i + 1, parts.Count, language)).ToList();
    }
}
