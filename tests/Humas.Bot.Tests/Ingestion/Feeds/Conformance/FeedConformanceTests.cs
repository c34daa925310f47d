using System.Text;
using Xunit.Abstractions;

namespace Humas.Bot.Tests.Ingestion.Feeds.Conformance;

/// <summary>
/// The conformance corpus: real-world feed variants (Fixtures/Feeds/Conformance), each read by our parser,
/// CodeHollow.FeedReader and System.ServiceModel.Syndication. Ours must read every expected item exactly,
/// and every item a library extracts (title and link) must be one ours reads too, with the date when the
/// library found one.
/// </summary>
public sealed class FeedConformanceTests(ITestOutputHelper output)
{
    public static TheoryData<string> Cases() => new(ConformanceCase.Names());

    [Theory]
    [MemberData(nameof(Cases))]
    public void Ours_reads_every_expected_item_with_its_title_link_and_date(string name)
    {
        var feed = ConformanceCase.Load(name);

        var ours = ConformanceReaders.Ours(feed);

        Assert.Null(ours.Error);
        Assert.Equal(feed.Title, ours.Title);
        Assert.Equal(feed.Description, ours.Description);
        Assert.Equal(
            feed.Items.Select(e => (e.Title, e.Link, e.Published?.UtcDateTime)),
            ours.Items.Select(i => (Assert.Single(i.Titles), i.Link!, i.Date?.UtcDateTime)));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_item_a_library_extracts_ours_extracts_too(string name)
    {
        var feed = ConformanceCase.Load(name);
        var ours = ConformanceScore.Of(feed, ConformanceReaders.Ours(feed));

        foreach (var (library, outcome) in Libraries(feed))
        {
            var score = ConformanceScore.Of(feed, outcome);
            foreach (var line in score.Disagreements)
            {
                output.WriteLine($"{library} disagrees: {line}");
            }

            Assert.True(score.Unexpected.Count == 0, $"{library} extracted items the corpus does not expect: {string.Join("; ", score.Unexpected.Select(i => $"{i.Titles[0]} {i.Link}"))}");
            Assert.True(score.DatedWhereExpectedIsNot.Count == 0, $"{library} read dates ours does not: {string.Join("; ", score.DatedWhereExpectedIsNot.Select(d => $"{d.Item.Link} {d.Item.Date:O}"))}");
            Assert.Superset(score.Correct.ToHashSet(), ours.Correct.ToHashSet());
            if (!string.IsNullOrWhiteSpace(outcome.Description))
            {
                Assert.False(string.IsNullOrWhiteSpace(ConformanceReaders.Ours(feed).Description), $"{library} read a feed description, ours did not");
            }
        }
    }

    [Fact]
    public void Over_the_whole_corpus_ours_reads_at_least_as_many_items_correctly_as_each_library()
    {
        var table = new StringBuilder("| feed | expected | ours | CodeHollow.FeedReader | System.ServiceModel.Syndication |\n|---|---|---|---|---|\n");
        int expected = 0, ours = 0, codeHollow = 0, syndication = 0;
        foreach (var name in ConformanceCase.Names())
        {
            var feed = ConformanceCase.Load(name);
            var o = ConformanceScore.Of(feed, ConformanceReaders.Ours(feed));
            var c = ConformanceScore.Of(feed, ConformanceReaders.CodeHollow(feed));
            var s = ConformanceScore.Of(feed, ConformanceReaders.Syndication(feed));
            table.Append($"| {name} | {feed.Items.Count(i => i.Title.Length > 0)} | {o.Cell} | {c.Cell} | {s.Cell} |\n");
            expected += feed.Items.Count(i => i.Title.Length > 0);
            ours += o.Correct.Count;
            codeHollow += c.Correct.Count;
            syndication += s.Correct.Count;
        }

        table.Append($"| **total** | {expected} | {ours} | {codeHollow} | {syndication} |\n");
        output.WriteLine(table.ToString());
        Assert.True(ours >= codeHollow, $"ours {ours} < CodeHollow {codeHollow}");
        Assert.True(ours >= syndication, $"ours {ours} < Syndication {syndication}");
        Assert.Equal(expected, ours);
    }

    private static IEnumerable<(string Library, ReadOutcome Outcome)> Libraries(ConformanceCase feed) =>
    [
        ("CodeHollow.FeedReader", ConformanceReaders.CodeHollow(feed)),
        ("System.ServiceModel.Syndication", ConformanceReaders.Syndication(feed)),
    ];
}
