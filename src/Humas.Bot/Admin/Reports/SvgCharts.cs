using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;

namespace Humas.Bot.Admin.Reports;

/// <summary>One bar: its label, its value, and an optional id written as data-option-id (the reaction option).</summary>
public sealed record ChartBar(string Label, double Value, int? OptionId = null);

/// <summary>
/// Server-rendered SVG bar charts: no script, no library, printable. Each chart has role="img" with a title, and
/// every bar carries its value as visible text, so the numbers are read out by screen readers and survive print.
/// </summary>
public static class SvgCharts
{
    private const int Width = 640;
    private const int RowHeight = 28;
    private const int LabelWidth = 200;
    private const int ValueWidth = 70;

    public static IHtmlContent HorizontalBars(string id, string title, IReadOnlyList<ChartBar> bars)
    {
        var height = Math.Max(1, bars.Count) * RowHeight + 8;
        var max = bars.Count == 0 ? 0 : bars.Max(b => b.Value);
        var barSpace = Width - LabelWidth - ValueWidth;
        var svg = new StringBuilder();
        svg.Append(Inv($"<svg id=\"{Enc(id)}\" class=\"chart\" role=\"img\" aria-labelledby=\"{Enc(id)}-title\" viewBox=\"0 0 {Width} {height}\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\">"));
        svg.Append(Inv($"<title id=\"{Enc(id)}-title\">{Enc(title)}</title>"));
        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var y = i * RowHeight + 4;
            var w = max <= 0 ? 0 : Math.Round(bar.Value / max * barSpace, 1);
            var option = bar.OptionId is { } o ? Inv($" data-option-id=\"{o}\"") : "";
            var value = bar.Value.ToString("0.##", CultureInfo.InvariantCulture);
            svg.Append(Inv($"<g class=\"bar\"{option} data-count=\"{value}\">"));
            svg.Append(Inv($"<text x=\"{LabelWidth - 8}\" y=\"{y + 18}\" text-anchor=\"end\" class=\"bar-label\">{Enc(Shorten(bar.Label, 30))}</text>"));
            svg.Append(Inv($"<rect x=\"{LabelWidth}\" y=\"{y + 4}\" width=\"{w}\" height=\"{RowHeight - 10}\" class=\"bar-fill bar-{i % 6}\"><title>{Enc(bar.Label)}: {value}</title></rect>"));
            svg.Append(Inv($"<text x=\"{LabelWidth + w + 6}\" y=\"{y + 18}\" class=\"bar-value\">{value}</text>"));
            svg.Append("</g>");
        }

        if (bars.Count == 0)
        {
            svg.Append(Inv($"<text x=\"{LabelWidth}\" y=\"20\" class=\"bar-label\">0</text>"));
        }

        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }

    /// <summary>Vertical columns, for series over days; labels are thinned to about a dozen.</summary>
    public static IHtmlContent Columns(string id, string title, IReadOnlyList<ChartBar> bars)
    {
        const int height = 220, bottom = 30, top = 20;
        var max = bars.Count == 0 ? 0 : bars.Max(b => b.Value);
        var step = bars.Count == 0 ? 0 : (double)(Width - 40) / bars.Count;
        var every = Math.Max(1, bars.Count / 12);
        var svg = new StringBuilder();
        svg.Append(Inv($"<svg id=\"{Enc(id)}\" class=\"chart\" role=\"img\" aria-labelledby=\"{Enc(id)}-title\" viewBox=\"0 0 {Width} {height}\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\">"));
        svg.Append(Inv($"<title id=\"{Enc(id)}-title\">{Enc(title)}</title>"));
        svg.Append(Inv($"<text x=\"4\" y=\"14\" class=\"bar-value\">{max.ToString("0.##", CultureInfo.InvariantCulture)}</text>"));
        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var h = max <= 0 ? 0 : Math.Round(bar.Value / max * (height - bottom - top), 1);
            var x = 30 + i * step;
            var value = bar.Value.ToString("0.##", CultureInfo.InvariantCulture);
            svg.Append(Inv($"<rect x=\"{x:0.#}\" y=\"{height - bottom - h}\" width=\"{Math.Max(1, step - 2):0.#}\" height=\"{h}\" class=\"bar-fill bar-0\"><title>{Enc(bar.Label)}: {value}</title></rect>"));
            if (i % every == 0)
            {
                svg.Append(Inv($"<text x=\"{x:0.#}\" y=\"{height - 10}\" class=\"axis-label\">{Enc(bar.Label)}</text>"));
            }
        }

        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static string Enc(string text) => WebUtility.HtmlEncode(text);

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
