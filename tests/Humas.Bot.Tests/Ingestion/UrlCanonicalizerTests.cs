using Humas.Bot.Ingestion.Identity;

namespace Humas.Bot.Tests.Ingestion;

public sealed class UrlCanonicalizerTests
{
    [Theory]
    [InlineData("https://www.setneg.go.id/baca/index/rakor", "http://setneg.go.id/baca/index/rakor/")]
    [InlineData("https://SETNEG.go.id/baca/index/rakor#komentar", "https://setneg.go.id/baca/index/rakor")]
    [InlineData("https://kemensos.go.id/berita?utm_source=tg&utm_medium=bot&id=7", "https://kemensos.go.id/berita?id=7")]
    [InlineData("https://kemensos.go.id/berita?id=7&fbclid=IwAR0abc", "https://kemensos.go.id/berita?id=7")]
    [InlineData("https://kominfo.go.id:443/content/detail/1", "https://kominfo.go.id/content/detail/1")]
    public void Different_spellings_of_one_article_are_equal(string a, string b) =>
        Assert.Equal(UrlCanonicalizer.Canonicalize(new Uri(a)), UrlCanonicalizer.Canonicalize(new Uri(b)));

    [Theory]
    [InlineData("https://kemensos.go.id/berita?id=7", "https://kemensos.go.id/berita?id=8")]
    [InlineData("https://kemensos.go.id/berita/a", "https://kemensos.go.id/berita/b")]
    [InlineData("https://kemensos.go.id/a", "https://kemensos.go.id:8443/a")]
    [InlineData("https://setneg.go.id/a", "https://kemensos.go.id/a")]
    public void Different_articles_stay_different(string a, string b) =>
        Assert.NotEqual(UrlCanonicalizer.Canonicalize(new Uri(a)), UrlCanonicalizer.Canonicalize(new Uri(b)));

    [Theory]
    [InlineData("ftp://setneg.go.id/a")]
    [InlineData("/relative/path")]
    [InlineData("javascript:alert(1)")]
    [InlineData("")]
    [InlineData(null)]
    public void Only_absolute_web_urls_are_accepted(string? url) =>
        Assert.False(UrlCanonicalizer.TryCanonicalize(url, out _));
}
