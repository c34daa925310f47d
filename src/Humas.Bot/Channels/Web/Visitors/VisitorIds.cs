using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.Web.Visitors;

/// <summary>
/// Signed visitor ids: one browser, one id, stored by the widget and the chat page. The token is
/// "v1.{32 hex}.{signature}" with an HMAC-SHA256 signature under <c>Web:VisitorKey</c>, or, without a key,
/// a Data Protection payload. Anything that does not verify is rejected, so a visitor cannot pick another's
/// id or mint ids without asking the API (which rate-limits issuing per IP).
/// </summary>
public sealed class VisitorIds
{
    private const string Prefix = "v1.";
    private const int MaxTokenLength = 512;
    private readonly byte[]? _key;
    private readonly IDataProtector _protector;

    public VisitorIds(IOptions<WebOptions> options, IDataProtectionProvider dataProtection)
    {
        _key = string.IsNullOrEmpty(options.Value.VisitorKey) ? null : Convert.FromBase64String(options.Value.VisitorKey);
        _protector = dataProtection.CreateProtector("Humas.Bot.Channels.Web.VisitorId.v1");
    }

    /// <summary>A new visitor: its id (32 lower-case hex characters) and the token the browser keeps.</summary>
    public (string VisitorId, string Token) Issue()
    {
        var id = Guid.NewGuid().ToString("N");
        return (id, Sign(id));
    }

    public string Sign(string visitorId) => _key is null
        ? Prefix + _protector.Protect(visitorId)
        : Prefix + visitorId + "." + Signature(visitorId);

    /// <summary>The visitor id inside a valid token; null for anything forged, tampered or malformed.</summary>
    public string? Verify(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength || !token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var body = token[Prefix.Length..];
        if (_key is null)
        {
            try
            {
                var id = _protector.Unprotect(body);
                return IsId(id) ? id : null;
            }
            catch (CryptographicException)
            {
                return null;
            }
        }

        var dot = body.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            return null;
        }

        var visitorId = body[..dot];
        var given = Encoding.ASCII.GetBytes(body[(dot + 1)..]);
        var expected = Encoding.ASCII.GetBytes(Signature(visitorId));
        return IsId(visitorId) && CryptographicOperations.FixedTimeEquals(given, expected) ? visitorId : null;
    }

    /// <summary>The key a visitor's vote is counted under, beside "telegram:…" and "teams:…".</summary>
    public static string VoterKey(string visitorId) => "web:" + visitorId;

    private string Signature(string visitorId) =>
        Base64Url(HMACSHA256.HashData(_key!, Encoding.ASCII.GetBytes(Prefix + visitorId)));

    private static bool IsId(string id) => id.Length == 32 && id.All(char.IsAsciiHexDigitLower);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
