using System.Net;
using System.Net.Http.Headers;
using Humas.Bot.Channels.Teams.Auth;
using Humas.Bot.Host;
using Humas.Bot.Tips.Attachments;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.Teams.Tips;

/// <summary>
/// Downloads a file sent with a tip in personal chat. A file.download.info URL is pre-authorised and gets
/// no token; a pasted image's contentUrl (stored with <see cref="AuthPrefix"/>, and the account of the app that received
/// it: <see cref="Authorised"/>) needs that app's token (an institution's app's own), which
/// is sent only to https hosts of Microsoft's Teams services (or loopback, for the fake), never elsewhere
/// (<see cref="TeamsOptions.MayReceiveToken"/>). The link's address must be public (<see cref="PublicNetworkGuard"/>).
/// 4xx other than 408/429 never heal; everything else is retried by the core.
/// </summary>
public sealed class TeamsTipAttachmentFetcher(
    IHttpClientFactory http, ConnectorTokenProvider tokens, TeamsApps apps, IOptionsMonitor<TeamsOptions> options) : ITipAttachmentFetcher
{
    public const string AuthPrefix = "auth:";

    /// <summary>A link fetched with the token of <paramref name="account"/>'s app: "auth:{url}" for the national app, "auth:{institution}|{url}" for an institution's.</summary>
    public static string Authorised(string account, string url) => AuthPrefix + (account.Length == 0 ? "" : account + "|") + url;

    /// <summary>The app's account and the link of a stored "auth:" reference (a link starts with its scheme, an account never has one).</summary>
    public static (string Account, string Url) ReadAuthorised(string reference)
    {
        var rest = reference[AuthPrefix.Length..];
        var bar = rest.IndexOf('|', StringComparison.Ordinal);
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        return bar > 0 && (colon < 0 || bar < colon) ? (rest[..bar], rest[(bar + 1)..]) : ("", rest);
    }

    public string Channel => TeamsDeliveryChannel.ChannelName;

    public async Task<FetchedFile> FetchAsync(string channelFileId, long maxBytes, Stream destination, CancellationToken cancellationToken)
    {
        if (!options.CurrentValue.Enabled)
        {
            throw new TipFetchException("Teams is off (Teams:AppId is empty)", transient: true);
        }

        var needsToken = channelFileId.StartsWith(AuthPrefix, StringComparison.Ordinal);
        var (account, url) = needsToken ? ReadAuthorised(channelFileId) : ("", channelFileId);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || TeamsOptions.UrlProblem(url) is not null)
        {
            throw new TipFetchException("the file's link is not an https URL", transient: false);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (needsToken && TeamsOptions.MayReceiveToken(uri))
        {
            // The app that received the image, never another: a removed app's images wait until it is configured again.
            var app = apps.Find(account) ?? throw new TipFetchException(new TeamsAppUnknownException(account).Message, transient: true);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetTokenAsync(app, cancellationToken));
        }

        try
        {
            using var response = await http.CreateClient(TeamsRegistration.HttpClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var code = (int)response.StatusCode;
                var transient = code >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
                throw new TipFetchException($"Teams file download answered {code}", transient);
            }

            if (response.Content.Headers.ContentLength > maxBytes)
            {
                throw new TipFileTooLargeException(maxBytes);
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            await body.CopyToAsync(destination, cancellationToken);
            return new FetchedFile(response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'),
                response.Content.Headers.ContentType?.MediaType);
        }
        catch (HttpRequestException e) when (e.InnerException is AddressNotAllowedException refused)
        {
            throw new TipFetchException($"Teams file link refused: {refused.Message}", transient: false, e);
        }
        catch (HttpRequestException e)
        {
            throw new TipFetchException($"Teams file download failed: {e.Message}", transient: true, e);
        }
    }
}
