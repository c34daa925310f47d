using Humas.Bot.Alerts;
using System.Net.Http.Json;
using Humas.Bot.Channels.Teams.Connector;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.Teams.Auth;

/// <summary>
/// The bot's own token for Connector calls: client credentials at <c>Teams:TokenEndpoint</c> (the tenant's
/// endpoint for a single-tenant bot). Cached and renewed <see cref="RenewBefore"/> ahead of expiry; one
/// request at a time, so a burst of sends at start-up asks once. A refusal (400/401: a wrong or expired secret, an
/// unknown app) is reported to the alerts as a rejected credential; the next token obtained resolves it.
/// </summary>
public sealed class ConnectorTokenProvider(
    IHttpClientFactory http, IOptionsMonitor<TeamsOptions> options, TimeProvider time, ICredentialsMonitor credentials, ILogger<ConnectorTokenProvider> log) : IDisposable
{
    /// <summary>The platform name its credentials incident is kept under (<c>token:teams</c>).</summary>
    public const string Platform = "teams";

    public static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (string Token, DateTimeOffset RenewAt)? _cached;

    public async Task<string> GetTokenAsync(CancellationToken ct)
    {
        if (_cached is { } c && time.GetUtcNow() < c.RenewAt)
        {
            return c.Token;
        }

        await _gate.WaitAsync(ct);
        try
        {
            if (_cached is { } again && time.GetUtcNow() < again.RenewAt)
            {
                return again.Token;
            }

            var o = options.CurrentValue;
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = o.AppId,
                ["client_secret"] = o.AppPassword,
                ["scope"] = o.Scope,
            });
            var client = http.CreateClient(TeamsRegistration.HttpClientName);
            using var response = await client.PostAsync(o.ResolvedTokenEndpoint, form, ct);
            if (!response.IsSuccessStatusCode)
            {
                // The body names the AADSTS error (e.g. AADSTS700016 for a single-tenant app asking botframework.com).
                var body = await response.Content.ReadAsStringAsync(ct);
                log.LogError("Teams token request to {TokenEndpoint} failed: {Status} {Body}", o.ResolvedTokenEndpoint, (int)response.StatusCode, body.Length > 500 ? body[..500] : body);
                if (response.StatusCode is System.Net.HttpStatusCode.BadRequest or System.Net.HttpStatusCode.Unauthorized)
                {
                    await credentials.RejectedAsync(Platform, $"token endpoint answered {(int)response.StatusCode}", ct);
                }

                throw new TeamsTokenException($"token endpoint answered {(int)response.StatusCode}", response.StatusCode);
            }

            var token = await response.Content.ReadFromJsonAsync(TeamsJsonContext.Default.TokenResponse, ct);
            if (token?.AccessToken is not { Length: > 0 } access || token.ExpiresIn <= 0)
            {
                throw new TeamsTokenException("token endpoint gave no access_token");
            }

            var lifetime = TimeSpan.FromSeconds(token.ExpiresIn);
            // Short-lived tokens (tests) are renewed at half their life rather than never cached.
            var renewIn = lifetime > RenewBefore * 2 ? lifetime - RenewBefore : lifetime / 2;
            _cached = (access, time.GetUtcNow() + renewIn);
            await credentials.AcceptedAsync(Platform, ct);
            log.LogInformation("Teams connector token obtained, valid for {Seconds} s", token.ExpiresIn);
            return access;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A 401 from the Connector: the cached token is not accepted any more.</summary>
    public void Forget() => _cached = null;

    public void Dispose() => _gate.Dispose();
}
