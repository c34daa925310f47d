using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Humas.Bot.Channels.Web.Chat;
using Humas.Bot.Conversations.Commands;
using Humas.Bot.Localization;

namespace Humas.Bot.Channels.Web;

/// <summary>
/// The widget script and the chat page, embedded in the assembly (no CDN, nothing to deploy beside the
/// binary). Texts come from Localization/Texts at start: scripts get every web.* text in both languages as
/// JSON in place of <c>"__HUMAS_TEXTS__"</c>; the page gets <c>{{key}}</c> replaced, HTML-encoded, in the
/// requested language. Each variant is built once, with a strong ETag, and served with caching headers (the
/// security headers, nosniff among them, are the endpoints' filters': <see cref="WebSecurityHeaders"/>).
/// </summary>
public sealed class WebAssets(ITexts texts, WebUploads uploads, Microsoft.Extensions.Options.IOptions<WebOptions> options)
{
    public const string WidgetScript = "reactions.js";
    public const string WidgetStyles = "reactions.css";
    public const string ChatPage = "chat.html";
    public const string ChatScript = "chat.js";
    public const string ChatStyles = "chat.css";

    /// <summary>The widget (script and stylesheet) is embedded on other sites, which cannot be told to reload: one hour, then revalidate.</summary>
    private static readonly TimeSpan ScriptMaxAge = TimeSpan.FromHours(1);

    private static readonly string[] ScriptTextKeys =
    [
        "feedback.question", "web.widget.total", "web.widget.chosen", "feedback.withdrawn", "web.widget.error", "web.widget.limited",
        "web.chat.you", "web.chat.bot", "web.chat.offline", "web.chat.error", "web.chat.uploading",
        "web.chat.toolarge", "web.chat.badtype", "web.chat.limited", "web.chat.file", "web.chat.newer", "web.chat.newer.below",
    ];

    private readonly ConcurrentDictionary<(string Name, string Language), Asset> _built = new();

    private sealed record Asset(byte[] Body, string ContentType, string ETag);

    public IResult Serve(HttpContext http, string name)
    {
        var language = Languages.Normalize(http.Request.Query["lang"].ToString());
        var asset = _built.GetOrAdd((name, name == ChatPage ? language : ""), key => Build(key.Name, key.Language));
        var headers = http.Response.Headers;
        headers.ETag = asset.ETag;
        headers.CacheControl = name == ChatPage ? "no-cache" : $"public, max-age={(int)ScriptMaxAge.TotalSeconds}";
        if (http.Request.Headers.IfNoneMatch.ToString().Split(',').Any(t => t.Trim() == asset.ETag))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Bytes(asset.Body, asset.ContentType);
    }

    private Asset Build(string name, string language)
    {
        using var stream = typeof(WebAssets).Assembly.GetManifestResourceStream("Humas.Bot.Web." + name)
            ?? throw new InvalidOperationException($"Embedded web asset {name} is missing");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = reader.ReadToEnd();
        string contentType;
        switch (Path.GetExtension(name))
        {
            case ".js":
                text = text.Replace("\"__HUMAS_TEXTS__\"", ScriptTexts(), StringComparison.Ordinal);
                contentType = "text/javascript; charset=utf-8";
                break;
            case ".html":
                text = PageTexts(text, language);
                contentType = "text/html; charset=utf-8";
                break;
            default:
                contentType = "text/css; charset=utf-8";
                break;
        }

        var body = Encoding.UTF8.GetBytes(text);
        return new Asset(body, contentType, "\"" + Convert.ToHexStringLower(SHA256.HashData(body))[..32] + "\"");
    }

    private string ScriptTexts()
    {
        var table = new Dictionary<string, Dictionary<string, string>>();
        foreach (var language in new[] { Languages.Indonesian, Languages.English })
        {
            // Placeholders stay as "{0}" for the script to fill in.
            table[language] = ScriptTextKeys.ToDictionary(k => k, k => texts.Get(k, language, "{0}"));
        }

        return JsonSerializer.Serialize(table, WebJsonContext.Default.DictionaryStringDictionaryStringString);
    }

    /// <summary>A page placeholder: the language, a command word ("lang-subscribe"), the upload limits, or a text key.</summary>
    private string PageValue(string key, string language) => key switch
    {
        "lang" => language,
        "max-mb" => (uploads.MaxBytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture),
        "accept" => string.Join(',', options.Value.UploadTypes),
        _ when key.StartsWith("lang-", StringComparison.Ordinal) => CommandCatalog.Word(Enum.Parse<CommandName>(key[5..], ignoreCase: true), language),
        _ => texts.Get(key, language),
    };

    private string PageTexts(string html, string language)
    {
        var result = new StringBuilder();
        var at = 0;
        while (true)
        {
            var open = html.IndexOf("{{", at, StringComparison.Ordinal);
            if (open < 0)
            {
                break;
            }

            var close = html.IndexOf("}}", open, StringComparison.Ordinal);
            result.Append(html, at, open - at);
            var key = html[(open + 2)..close];
            result.Append(WebUtility.HtmlEncode(PageValue(key, language)));
            at = close + 2;
        }

        return result.Append(html, at, html.Length - at).ToString();
    }
}
