using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Humas.Bot.FakePlatforms.Teams;

/// <summary>What an inbound token says; each member can be set wrong on purpose.</summary>
public sealed record InboundTokenSpec
{
    public required string Audience { get; init; }
    public required string ServiceUrl { get; init; }
    public string Issuer { get; init; } = FakeIdentityProvider.BotFrameworkIssuer;
    public string? Kid { get; init; }

    /// <summary>Sign with a different private key than the kid's (a forged signature).</summary>
    public bool WrongSignature { get; init; }
    public DateTimeOffset? Expires { get; init; }
    public DateTimeOffset? NotBefore { get; init; }
}

/// <summary>
/// A local stand-in for Bot Framework's and Entra's identity endpoints, on 127.0.0.1: the OpenID metadata
/// (<c>/v1/.well-known/openidconfiguration</c>), the JWKS with per-key endorsements (<c>/v1/.well-known/keys</c>),
/// and a client-credentials token endpoint (<c>/{tenant}/oauth2/v2.0/token</c>). Tests mint inbound tokens
/// with <see cref="MintInbound"/>, including bad ones, and rotate keys to prove the bot re-reads them.
/// </summary>
public sealed class FakeIdentityProvider : IAsyncDisposable
{
    public const string BotFrameworkIssuer = "https://api.botframework.com";
    private readonly ConcurrentDictionary<string, (RSA Rsa, string[] Endorsements, bool Published)> _keys = new();
    // Each issued access token and the app it was issued to.
    private readonly ConcurrentDictionary<string, string> _issued = new();

    // Every app the token endpoint knows: its secret and tenant (the national one and institutions' own).
    private readonly ConcurrentDictionary<string, (string Password, string Tenant)> _apps = new();
    private readonly RSA _forger = RSA.Create(2048);
    private WebApplication? _app;
    private int _metadataReads;
    private int _tokenRequests;

    private FakeIdentityProvider(string appId, string appPassword, string tenantId)
    {
        AppId = appId;
        AppPassword = appPassword;
        TenantId = tenantId;
        _apps[appId] = (appPassword, tenantId);
    }

    /// <summary>Another Azure Bot (an institution's own app) the token endpoint issues tokens to; its tenant is the provider's unless given.</summary>
    public void AddApp(string appId, string appPassword, string? tenantId = null) => _apps[appId] = (appPassword, tenantId ?? TenantId);

    /// <summary>The app an access token was issued to; null for one never issued.</summary>
    public string? AppOf(string accessToken) => _issued.GetValueOrDefault(accessToken);

    public string AppId { get; }
    public string AppPassword { get; }
    public string TenantId { get; }
    public string BaseUrl { get; private set; } = "";

    /// <summary>The kid every <see cref="MintInbound"/> uses unless told otherwise.</summary>
    public string DefaultKid { get; } = "key-1";

    public string OpenIdMetadataUrl => BaseUrl + "/v1/.well-known/openidconfiguration";

    /// <summary>With the <c>{TenantId}</c> placeholder, as in the real default.</summary>
    public string TokenEndpoint => BaseUrl + "/{TenantId}/oauth2/v2.0/token";

    /// <summary>Seconds the issued access tokens live.</summary>
    public int TokenLifetimeSeconds { get; set; } = 3600;

    public int MetadataReads => _metadataReads;
    public int TokenRequests => _tokenRequests;

    public static async Task<FakeIdentityProvider> StartAsync(string appId = "00000000-0000-0000-0000-00000000a99d", string appPassword = "fake-secret", string tenantId = "tenant-1", CancellationToken ct = default)
    {
        var idp = new FakeIdentityProvider(appId, appPassword, tenantId);
        idp.AddKey(idp.DefaultKid, ["msteams"]);
        (idp._app, idp.BaseUrl) = await KestrelLoopback.StartAsync(idp.HandleAsync, 0, ct).ConfigureAwait(false);
        return idp;
    }

    /// <summary>Settings that point the bot at this provider.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["Teams:AppId"] = AppId,
        ["Teams:AppPassword"] = AppPassword,
        ["Teams:TenantId"] = TenantId,
        ["Teams:OpenIdMetadataUrl"] = OpenIdMetadataUrl,
        ["Teams:TokenEndpoint"] = TokenEndpoint,
        ["Teams:AllowPrivateNetworks"] = "true", // this provider and the fake connector listen on 127.0.0.1
    };

    /// <summary>A signing key; unpublished keys sign but are absent from the JWKS (an "unknown kid").</summary>
    public void AddKey(string kid, string[] endorsements, bool published = true) =>
        _keys[kid] = (RSA.Create(2048), endorsements, published);

    public void Publish(string kid) => _keys[kid] = _keys[kid] with { Published = true };

    /// <summary>True when the bot presented this access token (one the token endpoint issued).</summary>
    public bool IsIssued(string accessToken) => _issued.ContainsKey(accessToken);

    public string MintInbound(InboundTokenSpec spec)
    {
        var kid = spec.Kid ?? DefaultKid;
        var rsa = spec.WrongSignature || !_keys.TryGetValue(kid, out var key) ? _forger : key.Rsa;
        var now = DateTimeOffset.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = spec.Issuer,
            Audience = spec.Audience,
            IssuedAt = (spec.NotBefore ?? now).UtcDateTime,
            NotBefore = (spec.NotBefore ?? now.AddMinutes(-1)).UtcDateTime,
            Expires = (spec.Expires ?? now.AddHours(1)).UtcDateTime,
            Claims = new Dictionary<string, object> { ["serviceurl"] = spec.ServiceUrl },
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = kid }, SecurityAlgorithms.RsaSha256),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    private async Task HandleAsync(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "";
        if (path == "/v1/.well-known/openidconfiguration")
        {
            Interlocked.Increment(ref _metadataReads);
            await WriteAsync(http, 200, new JsonObject
            {
                ["issuer"] = BotFrameworkIssuer,
                ["authorization_endpoint"] = BaseUrl + "/v1/authorize",
                ["jwks_uri"] = BaseUrl + "/v1/.well-known/keys",
                ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
                ["token_endpoint_auth_methods_supported"] = new JsonArray("private_key_jwt"),
            });
        }
        else if (path == "/v1/.well-known/keys")
        {
            var keys = new JsonArray();
            foreach (var (kid, key) in _keys.Where(k => k.Value.Published))
            {
                var p = key.Rsa.ExportParameters(false);
                keys.Add(new JsonObject
                {
                    ["kty"] = "RSA",
                    ["use"] = "sig",
                    ["kid"] = kid,
                    ["n"] = Base64UrlEncoder.Encode(p.Modulus),
                    ["e"] = Base64UrlEncoder.Encode(p.Exponent),
                    ["endorsements"] = new JsonArray(key.Endorsements.Select(e => (JsonNode)JsonValue.Create(e)!).ToArray()),
                });
            }

            await WriteAsync(http, 200, new JsonObject { ["keys"] = keys });
        }
        else if (http.Request.Method == "POST" && path.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _tokenRequests);
            var tenant = path.Split('/', StringSplitOptions.RemoveEmptyEntries)[0];
            var form = await http.Request.ReadFormAsync();
            var known = _apps.TryGetValue(form["client_id"].ToString(), out var app);
            if (known && tenant != app.Tenant)
            {
                // What Entra says to a single-tenant app that asks another tenant.
                await WriteAsync(http, 400, new JsonObject { ["error"] = "unauthorized_client", ["error_description"] = "AADSTS700016: Application not found in the directory." });
            }
            else if (form["grant_type"] != "client_credentials" || !known || form["client_secret"] != app.Password
                     || form["scope"] != "https://api.botframework.com/.default")
            {
                await WriteAsync(http, 401, new JsonObject { ["error"] = "invalid_client" });
            }
            else
            {
                var token = "fake-access-" + Guid.NewGuid().ToString("N");
                _issued[token] = form["client_id"].ToString();
                await WriteAsync(http, 200, new JsonObject { ["token_type"] = "Bearer", ["expires_in"] = TokenLifetimeSeconds, ["access_token"] = token });
            }
        }
        else
        {
            http.Response.StatusCode = 404;
        }
    }

    private static async Task WriteAsync(HttpContext http, int status, JsonObject body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(body.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var key in _keys.Values)
        {
            key.Rsa.Dispose();
        }

        _forger.Dispose();
    }
}
