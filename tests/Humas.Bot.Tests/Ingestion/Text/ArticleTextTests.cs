using Humas.Bot.Ingestion.Text;

namespace Humas.Bot.Tests.Ingestion.Text;

public sealed class ArticleTextTests
{
    private readonly ArticleText text = new();

    [Fact]
    public void Blocks_become_paragraphs_and_br_a_line_break()
    {
        const string html = "<div><h1>Judul</h1><p>Satu<br>dua</p><ul><li>a</li><li>b</li></ul>ekor</div>";
        Assert.Equal("Judul\n\nSatu\ndua\n\na\n\nb\n\nekor", text.HtmlToText(html));
    }

    [Fact]
    public void Decodes_entities_and_normalises_whitespace()
    {
        const string html = "<p>Humas&nbsp;&nbsp;Kemensetneg &amp; PERHUMAS\t\t&#8220;kolaborasi&#8221;\u200B &lt;b&gt;</p>\n\n\n<p>\u00a0</p><p>  dua  </p>";
        Assert.Equal("Humas Kemensetneg & PERHUMAS “kolaborasi” <b>\n\ndua", text.HtmlToText(html));
    }

    [Fact]
    public void Drops_scripts_styles_nav_forms_and_hidden_elements()
    {
        const string html = """
            <nav><a href="/">Beranda</a></nav>
            <style>p { color: red }</style>
            <p>Isi<script>alert('x')</script> berita<noscript>aktifkan JS</noscript>.</p>
            <form><input value="cari"><button>Cari</button></form>
            <div hidden>rahasia</div><div style="display:none">tersembunyi</div>
            <iframe src="https://evil.example"></iframe>
            """;
        Assert.Equal("Isi berita.", text.HtmlToText(html));
    }

    [Fact]
    public void Drops_chrome_elements_by_class_and_id()
    {
        const string html = """
            <article>
              <div class="share-buttons"><span>bagikan berita ke :</span><a>fb</a></div>
              <p>Isi berita yang cukup panjang untuk dianggap sebagai konten artikel sebenarnya di sini.</p>
              <div id="berita-terkait"><h3>Lain</h3><a>Judul lain</a></div>
              <section class="reaction-footer"><p>Apa pendapatmu?</p><span>3</span></section>
            </article>
            """;
        Assert.Equal("Isi berita yang cukup panjang untuk dianggap sebagai konten artikel sebenarnya di sini.", text.HtmlToText(html));
    }

    [Theory]
    [InlineData("<body class=\"single comments-open\"><p>Isi berita.</p></body>")]
    [InlineData("<div class=\"content-sidebar-wrap\"><p>Isi berita.</p></div>")]
    [InlineData("<div class=\"container has-sidebar\"><p>Isi berita.</p><div class=\"sidebar\">Populer</div></div>")]
    [InlineData("<article class=\"post share-enabled\"><p>Isi berita.</p><div id=\"sharedaddy\">Bagikan</div></article>")]
    public void Layout_wrappers_named_after_chrome_keep_the_article(string html)
    {
        Assert.Equal("Isi berita.", text.HtmlToText(html));
    }

    [Fact]
    public void Drops_chrome_text_that_arrives_without_telling_markup()
    {
        const string html = """
            <div>
              <p>bagikan berita ke :</p><p>Jumat, 14 Juli 2017</p><p>Di baca 669 kali</p>
              <p>Rakor dibuka oleh Asisten Deputi Hubungan Masyarakat (Asdep Humas), Masrokhan, di Jakarta.</p>
              <p>Bagaimana pendapat anda mengenai artikel ini?</p>
              <p>0 &nbsp; &nbsp; 0 &nbsp; 0 0 0</p>
              <p>Berita Terkait</p><p>Judul lain</p>
            </div>
            """;
        Assert.Equal("Jumat, 14 Juli 2017\n\nRakor dibuka oleh Asisten Deputi Hubungan Masyarakat (Asdep Humas), Masrokhan, di Jakarta.", text.HtmlToText(html));
    }

    [Fact]
    public void Survives_deep_nesting()
    {
        // Beyond the nesting guard the tree is flattened; 150k levels still end in well under a second.
        var html = string.Concat(Enumerable.Repeat("<div><span><b>", 50_000)) + "dalam" + string.Concat(Enumerable.Repeat("</b></span></div>", 50_000));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal("dalam", text.HtmlToText(html));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), watch.Elapsed.ToString());
    }

    [Fact]
    public void Flattening_deep_html_cannot_assemble_new_tags()
    {
        var html = string.Concat(Enumerable.Repeat("<<b>div>", 1_000)) + "<p>teks &amp; <<i>script>alert(1)<</i>/script></p>";
        var result = text.HtmlToText(html);
        Assert.Contains("teks & <script>alert(1)</script>", result);
        Assert.DoesNotContain("<div>teks", result);
    }

    [Fact]
    public void Survives_huge_attributes_unclosed_tags_and_injection()
    {
        var html = "<p class=\"" + new string('x', 2_000_000) + "\">Isi <b>tebal <i>miring<p>baru<div><img src=x onerror=alert(1)>"
            + "\"><script>document.write('<p>injeksi</p>')</script><!-- komentar --><![CDATA[x]]></p>&lt;script&gt;";
        var result = text.HtmlToText(html);

        Assert.Equal("Isi tebal miring\n\nbaru\n\n\">\n\n<script>", result.Replace("\n\n\">", "\n\n\">", StringComparison.Ordinal));
        Assert.DoesNotContain("injeksi", result);
        Assert.DoesNotContain("alert", result);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("<p>")]
    [InlineData("<html><body></body></html>")]
    [InlineData("</p></div></body>")]
    public void Empty_or_broken_html_gives_empty_text(string html) => Assert.Equal("", text.HtmlToText(html));

    [Fact]
    public void Summary_keeps_short_text_whole()
    {
        Assert.Equal("Satu kalimat pendek.", text.Summarize("Satu  kalimat\n\npendek."));
    }

    [Fact]
    public void Summary_cuts_at_the_sentence_end_nearest_the_target()
    {
        var first = "Kalimat pertama berisi " + new string('a', 200) + ".";
        var second = " Kalimat kedua berisi " + new string('b', 60) + ".";
        var third = " Kalimat ketiga berisi " + new string('c', 200) + ".";

        Assert.Equal(first + second, text.Summarize(first + second + third));
    }

    [Theory]
    [InlineData("Dr.")]
    [InlineData("No.")]
    [InlineData("s.d.")]
    [InlineData("Plt.")]
    [InlineData("H.")]
    public void Summary_does_not_end_after_an_abbreviation(string abbreviation)
    {
        var body = "Acara dibuka " + new string('x', 240) + " oleh " + abbreviation + " Ahmad di Jakarta pada pagi hari ini. "
            + "Kalimat kedua yang panjang " + new string('y', 200) + ".";

        var summary = text.Summarize(body);

        Assert.EndsWith("pada pagi hari ini.", summary);
    }

    [Fact]
    public void Summary_does_not_split_decimals()
    {
        var body = "Anggaran naik " + new string('x', 260) + " menjadi Rp 1.5 triliun dan 2.75 persen tahun ini. Kalimat berikut " + new string('z', 200) + ".";
        Assert.EndsWith("2.75 persen tahun ini.", text.Summarize(body));
    }

    [Fact]
    public void Summary_adds_an_ellipsis_only_when_it_cuts_mid_sentence()
    {
        var body = string.Join(' ', Enumerable.Repeat("kehumasan", 80)) + ".";

        var summary = text.Summarize(body);

        Assert.EndsWith("kehumasan…", summary);
        Assert.True(summary.Length <= 301);
        Assert.DoesNotContain("kehumasan.", text.Summarize(body));
    }

    [Fact]
    public void Summary_of_one_giant_word_still_ends()
    {
        var summary = text.Summarize(new string('a', 1000), 50);
        Assert.Equal(new string('a', 50) + "…", summary);
    }

    [Theory]
    [InlineData("Isi berita. (SPU – Humas Kemensetneg)", "SPU – Humas Kemensetneg")]
    [InlineData("Isi berita.\n\n(FAF - Humas Kemensetneg)\n", "FAF - Humas Kemensetneg")]
    [InlineData("Isi berita Abdul Khohar. (ddh/dps)", "ddh/dps")]
    [InlineData("Isi berita.\n\nPewarta : Asriani/Nova\n\nEditor: Budi", "Budi")]
    [InlineData("Isi berita.\n\nPewarta : Asriani/Nova", "Asriani/Nova")]
    [InlineData("Jakarta, Rabu (21/8/2019). (Foto : Istimewa)\n\nIsi berita.", null)]
    [InlineData("Kementerian Sosial (Kemensos) di Jakarta.", null)]
    [InlineData("", null)]
    public void Finds_bylines(string body, string? expected) => Assert.Equal(expected, text.FindByline(body));
}
