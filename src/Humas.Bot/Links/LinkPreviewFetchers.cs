using System.Text.RegularExpressions;

namespace Humas.Bot.Links;

/// <summary>
/// Requests that are not a person opening a link: the fetchers that messengers and social sites send to build a
/// link preview (TelegramBot, WhatsApp, facebookexternalhit, Slackbot, Twitterbot, Discordbot, Microsoft Teams'
/// SkypeUriPreview), crawlers and generic bots, command-line and library HTTP clients, a missing User-Agent, and a
/// browser's prefetch or prerender. They are redirected like everyone else but not counted. The list is in
/// docs/FEEDBACK.md.
/// </summary>
public static partial class LinkPreviewFetchers
{
    public static bool IsFetcher(HttpRequest request)
    {
        var agent = request.Headers.UserAgent.ToString();
        if (agent.Length == 0 || Known().IsMatch(agent))
        {
            return true;
        }

        var purpose = request.Headers["Sec-Purpose"].ToString() + " " + request.Headers["Purpose"].ToString() + " " + request.Headers["X-Moz"].ToString();
        return purpose.Contains("prefetch", StringComparison.OrdinalIgnoreCase) || purpose.Contains("prerender", StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex(
        @"bot\b|bot/|crawl|spider|slurp|preview|facebookexternalhit|facebookcatalog|meta-externalagent|^WhatsApp/|Slack-|Iframely|Embedly|vkShare|" +
        @"Viber|KakaoTalk-scrap|Mastodon/|Bluesky|^curl/|^Wget/|python-requests|python-urllib|aiohttp|Go-http-client|^Java/|okhttp|Apache-HttpClient|" +
        @"node-fetch|undici|axios/|HttpClient|libwww-perl|^PostmanRuntime",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Known();
}
