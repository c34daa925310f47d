using System.Collections.Concurrent;
using Humas.Bot.Alerts;
using System.Net.Http.Json;
using Humas.Bot.Channels.Teams.Connector;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.Teams.Auth;

/// <summary>
/// Each app's own token for Connector calls (<see cref="TeamsApps"/>: the national app and each institution's own):
/// client credentials with that app's id and secret at <c>Teams:TokenEndpoint</c> (its tenant's endpoint for a
/// single-tenant app). Cached per app and renewed <see cref="RenewBefore"/> ahead of expiry; one request at a time per
/// app, so a burst of sends at start-up asks once. A refusal (400/401: a wrong or expired secret, an unknown app) is
/// reported to the alerts as a rejected credential of that app (<c>token:teams</c>, <c>token:teams:{institution id}</c>)
/// and kept for <c>/healthz</c>; the next token obtained for that app resolves it.
/// </summary>
public sealed class ConnectorTokenProvider(
    IHttpClientFactory http, IOptionsMonitor<TeamsOptions> options, TimeProvider time, ICredentialsMonitor credentials, ILogger<ConnectorTokenProvider> log) : IDisposable
{
    /// <summary>The platform name the national app's credentials incident is kept under (<c>token:teams</c>).</summary>
    public const string Platform = "teams";

    public static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, Cache> _apps = new(StringComparer.Ordinal);

    /// <summary>The refused apps' reasons, by account.</summary>
    private readonly ConcurrentDictionary<string, string> _rejected = new(StringComparer.Ordinal);

    /// <summary>One app's token and the gate that makes one request at a time; keyed by account, checked against the app id.</summary>
    private sealed class Cache
    {
        // One reference, read without the gate: a reader sees a whole token or none, never half of a renewal.
        private volatile Issued? _token;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public Issued? Token
        {
            get => _token;
            set => _token = value;
        }
    }

    private sealed record Issued(string AppId, string Token, DateTimeOffset RenewAt);

    /// <summary><c>teams</c> for the national app, <c>teams:{institution}</c> for an institution's own (<c>token:teams:kemensos</c>).</summary>
    public static string PlatformOf(string account) => CredentialIncidents.PlatformOf(Platform, account);

    /// <summary>Each app whose credentials the token endpoint refuses and why, for <c>/healthz</c>; null when none.</summary>
    public string? Rejected => _rejected.IsEmpty
        ? null
        : string.Join("; ", _rejected.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => (r.Key.Length == 0 ? "national app" : r.Key + "'s app") + ": " + r.Value));

    public async Task<string> GetTokenAsync(TeamsApp app, CancellationToken ct)
    {
        var cache = _apps.GetOrAdd(app.Account, _ => new Cache());
        if (Valid(cache, app) is { } token)
        {
            return token;
        }

        await cache.Gate.WaitAsync(ct);
        try
        {
            if (Valid(cache, app) is { } again)
            {
                return again;
            }

            var o = options.CurrentValue;
            var endpoint = app.TokenEndpoint(o);
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = app.AppId,
                ["client_secret"] = app.AppPassword,
                ["scope"] = o.Scope,
            });
            var client = http.CreateClient(TeamsRegistration.HttpClientName);
            using var response = await client.PostAsync(endpoint, form, ct);
            if (!response.IsSuccessStatusCode)
            {
                // The body names the AADSTS error (e.g. AADSTS700016 for a single-tenant app asking botframework.com).
                var body = await response.Content.ReadAsStringAsync(ct);
                log.LogError("Teams token request of {App} to {TokenEndpoint} failed: {Status} {Body}", app.ToString(), endpoint, (int)response.StatusCode, body.Length > 500 ? body[..500] : body);
                var rejected = response.StatusCode is System.Net.HttpStatusCode.BadRequest or System.Net.HttpStatusCode.Unauthorized;
                if (rejected)
                {
                    _rejected[app.Account] = $"token endpoint answered {(int)response.StatusCode}";
                    await credentials.RejectedAsync(PlatformOf(app.Account), $"the token endpoint refused the credentials of {app} ({app.AppId}): {(int)response.StatusCode}", ct);
                }

                throw new TeamsTokenException($"token endpoint answered {(int)response.StatusCode} for {app}", response.StatusCode) { Rejected = rejected };
            }

            var issued = await response.Content.ReadFromJsonAsync(TeamsJsonContext.Default.TokenResponse, ct);
            if (issued?.AccessToken is not { Length: > 0 } access || issued.ExpiresIn <= 0)
            {
                throw new TeamsTokenException("token endpoint gave no access_token");
            }

            var lifetime = TimeSpan.FromSeconds(issued.ExpiresIn);
            // Short-lived tokens (tests) are renewed at half their life rather than never cached.
            var renewIn = lifetime > RenewBefore * 2 ? lifetime - RenewBefore : lifetime / 2;
            cache.Token = new Issued(app.AppId, access, time.GetUtcNow() + renewIn);
            _rejected.TryRemove(app.Account, out _);
            await credentials.AcceptedAsync(PlatformOf(app.Account), ct);
            log.LogInformation("Teams connector token of {App} obtained, valid for {Seconds} s", app.ToString(), issued.ExpiresIn);
            return access;
        }
        finally
        {
            cache.Gate.Release();
        }
    }

    /// <summary>A 401 from the Connector: <paramref name="app"/>'s cached token is not accepted any more.</summary>
    public void Forget(TeamsApp app)
    {
        if (_apps.TryGetValue(app.Account, out var cache))
        {
            cache.Token = null;
        }
    }

    /// <summary>The cached token while it is fresh and was issued to this very app id (an app changed in configuration asks anew).</summary>
    private string? Valid(Cache cache, TeamsApp app) =>
        cache.Token is { } c && c.AppId == app.AppId && time.GetUtcNow() < c.RenewAt ? c.Token : null;

    public void Dispose()
    {
        foreach (var cache in _apps.Values)
        {
            cache.Gate.Dispose();
        }
    }
}
