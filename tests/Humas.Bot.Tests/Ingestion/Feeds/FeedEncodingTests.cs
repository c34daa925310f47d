using System.Text;
using Humas.Bot.Tests.Support;

namespace Humas.Bot.Tests.Ingestion.Feeds;

/// <summary>
/// The decided behaviour: a BOM is trusted; otherwise the declaration, unless it is impossible for the bytes
/// (UTF-16 over ASCII-compatible bytes) or a legacy single-byte encoding over bytes that are valid UTF-8 with
/// non-ASCII characters, in which case UTF-8 wins; bytes that are not valid UTF-8 fall back to windows-1252.
/// </summary>
public class FeedEncodingTests
{
    private const string Quote = "“Kita ini semua adalah humas bagi institusi kita” – Masrokhan";
    private static readonly Uri FeedUrl = new("https://www.setneg.go.id/feed");

    private static string TitleOf(byte[] body) => Assert.Single(TestParsers.Feed().Parse(body, FeedUrl).Items).Title;

    private static string Rss(string declaration, string title) =>
        $"""<?xml version="1.0" encoding="{declaration}"?><rss version="2.0"><channel><item><title>{title}</title></item></channel></rss>""";

    [Fact]
    public void Utf8_bytes_declared_as_latin1_are_read_as_utf8()
    {
        Assert.Equal(Quote, TitleOf(Fixture.Bytes("Feeds/declared-latin1-utf8-bytes.xml")));
    }

    [Fact]
    public void Utf8_bytes_declared_as_utf16_are_read_as_utf8()
    {
        Assert.Equal(Quote, TitleOf(Fixture.Bytes("Feeds/declared-utf16-utf8-bytes.xml")));
    }

    [Fact]
    public void Genuine_latin1_bytes_declared_as_latin1_are_read_as_latin1()
    {
        var body = Encoding.Latin1.GetBytes(Rss("ISO-8859-1", "Kafé Humas © 2017"));

        Assert.Equal("Kafé Humas © 2017", TitleOf(body));
    }

    [Fact]
    public void Windows1252_bytes_declared_as_utf8_fall_back_to_windows1252()
    {
        var windows1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;
        var body = windows1252.GetBytes(Rss("UTF-8", "“Tidak boleh ada lagi petugas humas yang gaptek”"));

        Assert.Equal("“Tidak boleh ada lagi petugas humas yang gaptek”", TitleOf(body));
    }

    [Fact]
    public void A_utf16_byte_order_mark_wins_over_a_utf8_declaration()
    {
        var body = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(Rss("UTF-8", Quote))).ToArray();

        Assert.Equal(Quote, TitleOf(body));
    }

    [Fact]
    public void Utf16_without_a_byte_order_mark_is_recognised_from_the_first_bytes()
    {
        var body = Encoding.BigEndianUnicode.GetBytes(Rss("UTF-16", Quote));

        Assert.Equal(Quote, TitleOf(body));
    }

    [Fact]
    public void An_unknown_declared_encoding_is_ignored()
    {
        var body = Encoding.UTF8.GetBytes(Rss("x-humas-unknown", Quote));

        Assert.Equal(Quote, TitleOf(body));
    }

    [Fact]
    public void A_utf8_byte_order_mark_is_not_part_of_the_text()
    {
        var body = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Rss("UTF-8", Quote))).ToArray();

        Assert.Equal(Quote, TitleOf(body));
    }
}
