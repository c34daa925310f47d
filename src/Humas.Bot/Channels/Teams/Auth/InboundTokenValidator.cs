using Humas.Bot.Channels.Teams.Connector;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Humas.Bot.Channels.Teams.Auth;

/// <summary>
/// Checks the Bearer token on <c>POST /api/messages</c> (and an institution's app's <c>/api/messages/{institution id}</c>)
/// exactly as the Bot Framework asks (docs/TEAMS.md, Inbound): RS256 with a key from Bot Framework's JWKS (by kid), issuer,
/// audience = the app id of the endpoint's app (<c>Teams:AppId</c>, <c>Institutions:N:Teams:AppId</c>), so a token issued
/// to one app is never taken as another's,
/// exp/nbf with 5 minutes of skew, the <c>serviceurl</c> claim equal to the activity's serviceUrl, and the key endorsed for the activity's
/// channel. There is no way to switch this off. Returns null when valid, else the reason (for the log only).
/// </summary>
public sealed class InboundTokenValidator(SigningKeys keys, IOptionsMonitor<TeamsOptions> options, TimeProvider time)
{
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);
    private readonly JsonWebTokenHandler _handler = new();

    /// <summary>Step one, before the body is trusted: signature and claims, the audience being <paramref name="audience"/> (the app's id). Returns the token and its key.</summary>
    public async Task<(JsonWebToken? Token, EndorsedKey? Key, string? Problem)> ValidateAsync(string? authorization, string audience, CancellationToken ct)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return (null, null, "no Bearer token");
        }

        var raw = authorization["Bearer ".Length..].Trim();
        JsonWebToken unverified;
        try
        {
            unverified = new JsonWebToken(raw);
        }
        catch (ArgumentException)
        {
            return (null, null, "malformed token");
        }

        if (unverified.Alg != SecurityAlgorithms.RsaSha256)
        {
            return (null, null, $"algorithm {unverified.Alg} is not RS256");
        }

        if (string.IsNullOrEmpty(unverified.Kid) || await keys.FindAsync(unverified.Kid, ct) is not { } key)
        {
            return (null, null, $"unknown signing key {unverified.Kid}");
        }

        var o = options.CurrentValue;
        var result = await _handler.ValidateTokenAsync(raw, new TokenValidationParameters
        {
            ValidIssuer = o.Issuer,
            ValidAudience = audience,
            IssuerSigningKey = key.Key,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ValidateIssuerSigningKey = true,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = ClockSkew,
            TryAllIssuerSigningKeys = false,
            LifetimeValidator = (notBefore, expires, _, p) => Lifetime(notBefore, expires),
        });
        return result.IsValid
            ? ((JsonWebToken)result.SecurityToken, key, null)
            : (null, null, result.Exception?.Message ?? "invalid token");
    }

    /// <summary>Step two, once the activity is read: the token must be for this serviceUrl and channel.</summary>
    public static string? CheckActivity(JsonWebToken token, EndorsedKey key, Activity activity)
    {
        var claim = token.TryGetClaim("serviceurl", out var c) ? c.Value : null;
        if (claim is null || !string.Equals(claim, activity.ServiceUrl, StringComparison.OrdinalIgnoreCase))
        {
            return $"serviceurl claim {claim} does not match the activity's serviceUrl {activity.ServiceUrl}";
        }

        if (string.IsNullOrEmpty(activity.ChannelId) || !key.Endorsements.Contains(activity.ChannelId))
        {
            return $"signing key is not endorsed for channel {activity.ChannelId}";
        }

        return null;
    }

    /// <summary>Lifetime by our TimeProvider (so tests control the clock), with the protocol's skew.</summary>
    private bool Lifetime(DateTime? notBefore, DateTime? expires)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return expires is { } exp && now <= exp.ToUniversalTime() + ClockSkew
            && (notBefore is not { } nbf || now >= nbf.ToUniversalTime() - ClockSkew);
    }
}
