using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Humas.Bot.Ingestion.Text;

/// <summary>
/// Walks an HTML tree into paragraphs of lines. The walk is iterative, so hostile nesting depth cannot
/// overflow the stack; only text nodes are read, so no markup or script survives into the output.
/// </summary>
internal static class HtmlTextExtractor
{
    private static readonly HashSet<string> BlockTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "address", "article", "blockquote", "body", "caption", "center", "dd", "details", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html",
        "li", "main", "ol", "p", "pre", "section", "summary", "table", "tbody", "thead", "tfoot", "tr", "ul",
    };

    public static List<List<string>> Extract(string html)
    {
        if (NestingGuard.IsTooDeep(html))
        {
            html = NestingGuard.Flatten(html);
        }

        var parser = new HtmlParser(new HtmlParserOptions { IsScripting = false });
        using var document = parser.ParseDocument(html);
        var output = new ParagraphWriter();
        if (document.DocumentElement is not null)
        {
            Walk(document.DocumentElement, output);
        }

        return output.Finish();
    }

    private static void Walk(IElement root, ParagraphWriter output)
    {
        // (node, leaving): a block element is visited twice so it can close its paragraph.
        var stack = new Stack<(INode Node, bool Leaving)>();
        stack.Push((root, false));
        while (stack.Count > 0)
        {
            var (node, leaving) = stack.Pop();
            if (node is IText text)
            {
                output.Append(text.Data);
                continue;
            }

            if (node is not IElement element)
            {
                continue;
            }

            var block = BlockTags.Contains(element.LocalName);
            if (leaving)
            {
                if (block)
                {
                    output.BreakParagraph();
                }

                continue;
            }

            if (element.LocalName.Equals("br", StringComparison.OrdinalIgnoreCase))
            {
                output.BreakLine();
                continue;
            }

            if (SiteChrome.IsDroppedElement(element))
            {
                continue;
            }

            if (block)
            {
                output.BreakParagraph();
            }
            else if (element.LocalName is "td" or "th")
            {
                output.Append(" ");
            }

            stack.Push((element, true));
            // By index: sibling links are not constant-time in the DOM, and hostile pages are wide too.
            var children = element.ChildNodes;
            for (var index = children.Length - 1; index >= 0; index--)
            {
                stack.Push((children[index], false));
            }
        }
    }

    private sealed class ParagraphWriter
    {
        private readonly List<List<string>> paragraphs = [];
        private List<string> lines = [];
        private readonly StringBuilder line = new();

        public void Append(string text) => line.Append(text);

        public void BreakLine()
        {
            var normalized = Whitespace.NormalizeLine(line.ToString());
            line.Clear();
            if (normalized.Length > 0)
            {
                lines.Add(normalized);
            }
        }

        public void BreakParagraph()
        {
            BreakLine();
            if (lines.Count > 0)
            {
                paragraphs.Add(lines);
                lines = [];
            }
        }

        public List<List<string>> Finish()
        {
            BreakParagraph();
            return paragraphs;
        }
    }
}
