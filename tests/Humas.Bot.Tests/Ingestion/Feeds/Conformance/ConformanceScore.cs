namespace Humas.Bot.Tests.Ingestion.Feeds.Conformance;

/// <summary>
/// How one reader did on one feed against the hand-written expectations. An extracted item is correct
/// when its link and title are the expected ones and its date, if it has one, is the expected instant.
/// </summary>
public sealed record ConformanceScore(
    int Extracted,
    IReadOnlySet<ExpectedItem> Correct,
    IReadOnlyList<string> Disagreements,
    IReadOnlyList<ReadItem> Unexpected,
    IReadOnlyList<(ReadItem Item, ExpectedItem Expected)> DatedWhereExpectedIsNot,
    string? Error)
{
    public static ConformanceScore Of(ConformanceCase feed, ReadOutcome outcome)
    {
        if (outcome.Error is not null)
        {
            return new ConformanceScore(0, new HashSet<ExpectedItem>(), [], [], [], outcome.Error);
        }

        var extracted = outcome.Items.Where(i => i.IsExtracted).ToArray();
        var correct = new HashSet<ExpectedItem>();
        var disagreements = new List<string>();
        var unexpected = new List<ReadItem>();
        var dated = new List<(ReadItem, ExpectedItem)>();
        foreach (var item in extracted)
        {
            var expected = feed.Items.FirstOrDefault(e => e.Link == item.Link) ?? feed.Items.FirstOrDefault(e => item.Titles.Contains(e.Title));
            if (expected is null)
            {
                unexpected.Add(item);
                continue;
            }

            if (item.Date is not null && expected.Published is null)
            {
                dated.Add((item, expected));
            }

            var linkRight = item.Link == expected.Link;
            var titleRight = item.Titles.Contains(expected.Title);
            var dateRight = item.Date is null || (expected.Published is { } p && p.UtcDateTime == item.Date.Value.UtcDateTime);
            if (linkRight && titleRight && dateRight)
            {
                correct.Add(expected);
            }
            else
            {
                disagreements.Add(
                    $"expected \"{expected.Title}\" {expected.Link} {expected.Published:O}; read \"{item.Titles[0]}\" {item.Link} {item.Date:O}" +
                    $" ({string.Join(", ", new[] { linkRight ? null : "link", titleRight ? null : "title", dateRight ? null : "date" }.OfType<string>())})");
            }
        }

        return new ConformanceScore(extracted.Length, correct, disagreements, unexpected, dated, null);
    }

    public string Cell => Error is not null ? "fails" : $"{Correct.Count}";
}
