using System.ComponentModel.DataAnnotations;
using System.Net;
using Humas.Bot.Host;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.Teams;

/// <summary>
/// <c>Teams</c> section: the Bot Framework identity and where its tokens come from. An empty
/// <see cref="AppId"/> turns Teams off (logged once at start). There is deliberately no setting that turns
/// inbound token validation off: tests point <see cref="OpenIdMetadataUrl"/> and <see cref="TokenEndpoint"/>
/// at a local identity provider instead, and plain http is accepted only for loopback hosts.
/// </summary>
public sealed class TeamsOptions : IValidatableObject, IChannelStartupFacts
{
    public const string Section = "Teams";
    public const string TenantPlaceholder = "{TenantId}";

    /// <summary>The Microsoft App ID of the Azure Bot; inbound tokens must carry it as audience.</summary>
    public string AppId { get; set; } = "";

    /// <summary>The app's client secret. A secret: never logged.</summary>
    public string AppPassword { get; set; } = "";

    /// <summary>The Entra tenant of a single-tenant bot (new bots are single-tenant since 2025-07-31).</summary>
    public string TenantId { get; set; } = "";

    public string OpenIdMetadataUrl { get; set; } = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    /// <summary>Client-credentials token endpoint; <c>{TenantId}</c> is replaced by <see cref="TenantId"/>.</summary>
    public string TokenEndpoint { get; set; } = "https://login.microsoftonline.com/{TenantId}/oauth2/v2.0/token";

    public string Scope { get; set; } = "https://api.botframework.com/.default";

    /// <summary>The issuer of Bot Framework's inbound tokens.</summary>
    public string Issuer { get; set; } = "https://api.botframework.com";

    /// <summary>Used when a conversation has no stored serviceUrl yet.</summary>
    public string DefaultServiceUrl { get; set; } = "https://smba.trafficmanager.net/teams/";

    /// <summary>The editors' Teams channel (a 19:…@thread.tacv2 id) that receives tips; empty = none.</summary>
    public string? EditorsConversationId { get; set; }

    /// <summary>The serviceUrl of the editors' channel; <see cref="DefaultServiceUrl"/> when empty.</summary>
    public string? EditorsServiceUrl { get; set; }

    /// <summary>Requests per second per app per tenant: 50 in the current Teams docs (an older revision said 30).</summary>
    [Range(1, 10000)]
    public int TenantPerSecond { get; set; } = 50;

    /// <summary>The tenant of the editors' channel; <see cref="TenantId"/> when empty.</summary>
    public string? EditorsTenantId { get; set; }

    /// <summary>Signing keys are read again at least this often (the protocol asks for at least daily).</summary>
    [Range(60, 86400)]
    public int KeysMaxAgeSeconds { get; set; } = 86400;

    /// <summary>
    /// An unknown kid makes the keys be read again, but not more often than this: forged tokens with random
    /// kids must not turn every request into a fetch from the identity provider.
    /// </summary>
    [Range(0, 3600)]
    public int KeysRefetchMinimumSeconds { get; set; } = 30;

    [Range(1, 600)]
    public int RequestTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// How long refused app credentials pause that app before one call tries again: short, so sends resume soon after
    /// the operator's fix; long enough that a dead secret costs one refused token request per pause. One setting for
    /// every app, the institutions' own too.
    /// </summary>
    [Range(5, 3600)]
    public int TokenRetrySeconds { get; set; } = 60;

    /// <summary>Largest inbound activity body accepted; Teams messages stay under about 100 KB.</summary>
    [Range(1024, 4 * 1024 * 1024)]
    public int MaxActivityBytes { get; set; } = 256 * 1024;

    /// <summary>
    /// Lets the Teams client connect to loopback and private addresses: only for a local identity provider and
    /// fake Bot Connector (tests). Off, a serviceUrl or attachment link that resolves to one is refused.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    public bool Enabled => AppId.Length > 0;

    /// <summary>The national app's token endpoint (<see cref="TokenEndpointOf"/> its tenant).</summary>
    public string ResolvedTokenEndpoint => TokenEndpointOf(TenantId);

    /// <summary><see cref="TokenEndpoint"/> for an app of <paramref name="tenantId"/> (its <c>{TenantId}</c> filled in).</summary>
    public string TokenEndpointOf(string tenantId) => TokenEndpoint.Replace(TenantPlaceholder, tenantId, StringComparison.Ordinal);

    string IChannelStartupFacts.ChannelName => Section;

    string IChannelStartupFacts.OnFacts =>
        $"app {AppId}, tokens from {ResolvedTokenEndpoint}, signing keys from {OpenIdMetadataUrl}";

    string IChannelStartupFacts.OffFacts => "Teams:AppId is empty, POST /api/messages answers 404";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, value) in new[]
                 {
                     (nameof(OpenIdMetadataUrl), OpenIdMetadataUrl),
                     (nameof(TokenEndpoint), ResolvedTokenEndpoint),
                     (nameof(DefaultServiceUrl), DefaultServiceUrl),
                 })
        {
            if (UrlProblem(value) is { } problem)
            {
                yield return new ValidationResult(problem, [name]);
            }
        }

        if (!string.IsNullOrEmpty(EditorsServiceUrl) && UrlProblem(EditorsServiceUrl) is { } editors)
        {
            yield return new ValidationResult(editors, [nameof(EditorsServiceUrl)]);
        }

        if (Enabled && AppPassword.Length == 0)
        {
            yield return new ValidationResult("is required when Teams:AppId is set.", [nameof(AppPassword)]);
        }

        if (Enabled && TokenEndpoint.Contains(TenantPlaceholder, StringComparison.Ordinal) && TenantId.Length == 0)
        {
            yield return new ValidationResult("is required for a single-tenant bot (Teams:TokenEndpoint contains {TenantId}).", [nameof(TenantId)]);
        }
    }

    /// <summary>https anywhere; http only for loopback hosts (a local identity provider or fake connector).</summary>
    public static string? UrlProblem(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri))
        {
            return "must be an absolute URL.";
        }

        if (uri.Scheme == Uri.UriSchemeHttps)
        {
            return null;
        }

        return uri.Scheme == Uri.UriSchemeHttp && IsLoopback(uri)
            ? null
            : "must be https (plain http is accepted only for loopback addresses).";
    }

    /// <summary>
    /// Hosts that may receive the bot's bearer token: Bot Framework's and Teams' own (exact names or Microsoft's
    /// own domains; never a suffix anyone can register, such as any *.trafficmanager.net), or loopback for the
    /// tests' fake connector, over https (http only for loopback).
    /// </summary>
    public static bool MayReceiveToken(Uri uri)
    {
        if (IsLoopback(uri))
        {
            return true;
        }

        var host = uri.IdnHost.TrimEnd('.');
        return uri.Scheme == Uri.UriSchemeHttps
            && (TokenHosts.Contains(host, StringComparer.OrdinalIgnoreCase)
                || TokenDomains.Any(d => host.EndsWith(d, StringComparison.OrdinalIgnoreCase)));
    }

    private static readonly string[] TokenHosts = ["smba.trafficmanager.net", "api.botframework.com"];
    private static readonly string[] TokenDomains = [".botframework.com", ".botframework.azure.us", ".teams.microsoft.com", ".teams.microsoft.us"];

    public static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}

/// <summary>Generated at build time (no reflection at start) from the attributes and Validate above.</summary>
[OptionsValidator]
public sealed partial class TeamsOptionsValidator : IValidateOptions<TeamsOptions>;
