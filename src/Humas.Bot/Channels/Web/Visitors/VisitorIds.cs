using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.Web.Visitors;

/// <summary>A verified visitor token: the id and when it was issued.</summary>
public sealed record VisitorToken(string Id, DateTimeOffset IssuedAt);

/// <summary>
/// Signed visitor ids: one browser, one id, stored by the widget and the chat page. The token is
/// "v2.{32 hex}.{issued, Unix seconds}.{signature}" with an HMAC-SHA256 signature under <c>Web:VisitorKey</c>,
/// or, without a key, a Data Protection payload (its key ring is in the database, shared by every instance).
/// Anything that does not verify is rejected, so a visitor cannot pick another's id or mint ids without asking
/// the API (which rate-limits issuing per IP). Tokens expire after <see cref="WebOptions.VisitorIdDays"/>, so
/// ids cannot be stockpiled; a vote also needs a token at least <see cref="WebOptions.VisitorMinAgeSeconds"/> old.
/// </summary>
public sealed class VisitorIds
{
    private const string Prefix = "v2.";
    private const int MaxTokenLength = 512;
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);
    private readonly byte[]? _key;
    private readonly IDataProtector _protector;
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;

    public VisitorIds(IOptions<WebOptions> options, IDataProtectionProvider dataProtection, TimeProvider? time = null)
    {
        _key = string.IsNullOrEmpty(options.Value.VisitorKey) ? null : Convert.FromBase64String(options.Value.VisitorKey);
        _protector = dataProtection.CreateProtector("Humas.Bot.Channels.Web.VisitorId.v2");
        _time = time ?? TimeProvider.System;
        _lifetime = TimeSpan.FromDays(options.Value.VisitorIdDays);
    }

    /// <summary>A new visitor: its id (32 lower-case hex characters) and the token the browser keeps.</summary>
    public (string VisitorId, string Token) Issue()
    {
        var id = Guid.NewGuid().ToString("N");
        return (id, Sign(id, _time.GetUtcNow()));
    }

    public string Sign(string visitorId, DateTimeOffset issuedAt)
    {
        var payload = visitorId + "." + issuedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return _key is null ? Prefix + _protector.Protect(payload) : Prefix + payload + "." + Signature(payload);
    }

    /// <summary>The visitor id inside a valid, unexpired token; null for anything forged, tampered, expired or malformed.</summary>
    public string? Verify(string? token) => Read(token)?.Id;

    /// <summary>The id and issue time of a valid, unexpired token; null otherwise.</summary>
    public VisitorToken? Read(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength || !token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var body = token[Prefix.Length..];
        string payload;
        if (_key is null)
        {
            try
            {
                payload = _protector.Unprotect(body);
            }
            catch (CryptographicException)
            {
                return null;
            }
        }
        else
        {
            var dot = body.LastIndexOf('.');
            if (dot < 0)
            {
                return null;
            }

            payload = body[..dot];
            var given = Encoding.ASCII.GetBytes(body[(dot + 1)..]);
            var expected = Encoding.ASCII.GetBytes(Signature(payload));
            if (!CryptographicOperations.FixedTimeEquals(given, expected))
            {
                return null;
            }
        }

        var parts = payload.Split('.');
        if (parts is not [var id, var issued] || !IsId(id)
            || !long.TryParse(issued, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > 32503680000)
        {
            return null;
        }

        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
        var now = _time.GetUtcNow();
        return issuedAt > now + ClockSkew || now - issuedAt > _lifetime ? null : new VisitorToken(id, issuedAt);
    }

    /// <summary>The key a visitor's vote is counted under, beside "telegram:…" and "teams:…".</summary>
    public static string VoterKey(string visitorId) => "web:" + visitorId;

    private string Signature(string payload) =>
        Base64Url(HMACSHA256.HashData(_key!, Encoding.ASCII.GetBytes(Prefix + payload)));

    private static bool IsId(string id) => id.Length == 32 && id.All(char.IsAsciiHexDigitLower);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
