namespace Humas.Bot.Ingestion.Text;

/// <summary>STUB replaced by the html branch.</summary>
public sealed class ArticleText
{
    public string HtmlToText(string html) => System.Text.RegularExpressions.Regex.Replace(html, "<[^>]+>", " ").Trim();

    public string Summarize(string text, int target = 300) => text.Length <= target ? text : text[..target];

    public string? FindByline(string text) => text.Length < 0 ? text : null;
}
