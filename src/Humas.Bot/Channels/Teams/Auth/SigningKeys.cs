using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Humas.Bot.Channels.Teams.Auth;

/// <summary>A signing key from the JWKS and the channels it is endorsed for ("msteams", …).</summary>
public sealed record EndorsedKey(SecurityKey Key, IReadOnlySet<string> Endorsements);

/// <summary>
/// Bot Framework's signing keys (docs/TEAMS.md, Inbound): the OpenID metadata at
/// <c>Teams:OpenIdMetadataUrl</c> names the JWKS; both are read again when the keys are older than
/// <c>Teams:KeysMaxAgeSeconds</c> (a day) and when a token names a kid we do not know, at most once per
/// <c>Teams:KeysRefetchMinimumSeconds</c>. Each key keeps its endorsements, which the JWKS carries beside
/// the standard members.
/// </summary>
public sealed class SigningKeys(
    IHttpClientFactory http, IOptionsMonitor<TeamsOptions> options, TimeProvider time, ILogger<SigningKeys> log) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile KeySet? _keys;

    private sealed record KeySet(IReadOnlyDictionary<string, EndorsedKey> ByKid, DateTimeOffset FetchedAt);

    /// <summary>The key with <paramref name="kid"/>, reading the keys again if needed; null when it does not exist.</summary>
    public async Task<EndorsedKey?> FindAsync(string kid, CancellationToken ct)
    {
        var o = options.CurrentValue;
        var now = time.GetUtcNow();
        var keys = _keys;
        if (keys is not null && now - keys.FetchedAt < TimeSpan.FromSeconds(o.KeysMaxAgeSeconds) && keys.ByKid.TryGetValue(kid, out var known))
        {
            return known;
        }

        var stale = keys is null || now - keys.FetchedAt >= TimeSpan.FromSeconds(o.KeysMaxAgeSeconds);
        var mayRefetch = stale || now - keys!.FetchedAt >= TimeSpan.FromSeconds(o.KeysRefetchMinimumSeconds);
        if (mayRefetch)
        {
            keys = await RefreshAsync(keys, ct);
        }

        return keys?.ByKid.GetValueOrDefault(kid);
    }

    private async Task<KeySet?> RefreshAsync(KeySet? seen, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (!ReferenceEquals(_keys, seen))
            {
                return _keys; // another request refreshed them while this one waited
            }

            var client = http.CreateClient(TeamsRegistration.HttpClientName);
            var metadataUrl = options.CurrentValue.OpenIdMetadataUrl;
            string jwksUri;
            using (var metadata = JsonDocument.Parse(await client.GetStringAsync(metadataUrl, ct)))
            {
                jwksUri = metadata.RootElement.GetProperty("jwks_uri").GetString()
                    ?? throw new InvalidOperationException("OpenID metadata has no jwks_uri");
            }

            if (TeamsOptions.UrlProblem(jwksUri) is { } problem)
            {
                throw new InvalidOperationException($"jwks_uri {jwksUri} {problem}");
            }

            var byKid = new Dictionary<string, EndorsedKey>(StringComparer.Ordinal);
            using (var jwks = JsonDocument.Parse(await client.GetStringAsync(jwksUri, ct)))
            {
                foreach (var element in jwks.RootElement.GetProperty("keys").EnumerateArray())
                {
                    var key = new JsonWebKey(element.GetRawText());
                    if (string.IsNullOrEmpty(key.Kid))
                    {
                        continue;
                    }

                    var endorsements = element.TryGetProperty("endorsements", out var e) && e.ValueKind == JsonValueKind.Array
                        ? e.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToHashSet(StringComparer.OrdinalIgnoreCase)
                        : new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                    byKid[key.Kid] = new EndorsedKey(key, endorsements);
                }
            }

            var fresh = new KeySet(byKid, time.GetUtcNow());
            _keys = fresh;
            log.LogInformation("Bot Framework signing keys read from {JwksUri}: {Count} keys", jwksUri, byKid.Count);
            return fresh;
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or InvalidOperationException or KeyNotFoundException or ArgumentException)
        {
            // Keep what we had: a brief outage of the metadata must not reject tokens signed by known keys.
            log.LogWarning("Bot Framework signing keys could not be read: {Error}", e.Message);
            return _keys;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
