namespace Humas.Bot.Ingestion.Text;

/// <summary>
/// Turns what a ministry page or feed carries into what a reader gets: plain paragraphs without site
/// chrome, a short summary, and the byline. Stateless; one instance can be shared.
/// </summary>
public sealed class ArticleText
{
    /// <summary>
    /// Plain text from HTML: blocks become paragraphs separated by a blank line, &lt;br&gt; a line break,
    /// entities decoded, whitespace normalised, scripts, forms, navigation and site chrome removed.
    /// </summary>
    public string HtmlToText(string html)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return "";
        }

        return Whitespace.JoinParagraphs(SiteChrome.FilterLines(HtmlTextExtractor.Extract(html)));
    }

    /// <summary>
    /// <see cref="HtmlToText"/> on one line: for titles, where paragraphs and line breaks in the markup
    /// (a &lt;br&gt; in a headline) mean nothing to the reader.
    /// </summary>
    public string HtmlToLine(string html) => Whitespace.Flatten(HtmlToText(html));

    /// <summary><see cref="CleanText"/> on one line, for titles that are already plain text.</summary>
    public string CleanLine(string text) => Whitespace.Flatten(CleanText(text));

    /// <summary>The same cleanup for text that is already plain (pages saved as text, feed descriptions).</summary>
    public string CleanText(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        return Whitespace.JoinParagraphs(SiteChrome.FilterLines(Whitespace.SplitParagraphs(text)));
    }

    /// <summary>
    /// About <paramref name="target"/> characters ending at a sentence end, on one line. "…" is appended
    /// only when no sentence end was near and the text had to be cut between words.
    /// </summary>
    public string Summarize(string text, int target = 300) =>
        string.IsNullOrWhiteSpace(text) ? "" : SentenceSummary.Summarize(text, target);

    /// <summary>
    /// The signature, without its parentheses or label: "SPU – Humas Kemensetneg", "ddh/dps",
    /// "Asriani/Nova" (from "Pewarta : Asriani/Nova"); null when there is none.
    /// </summary>
    public string? FindByline(string text) => BylineFinder.Find(text);
}
