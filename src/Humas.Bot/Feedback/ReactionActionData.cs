using System.Buffers.Text;

namespace Humas.Bot.Feedback;

/// <summary>
/// The action data of a reaction button on any channel (Telegram callback_data, a Teams card action's
/// data): "r1:{article id, base64url}:{option}", 27 bytes, well inside Telegram's 64. The "r1" version
/// lets a later format coexist with buttons already sent.
/// </summary>
public static class ReactionActionData
{
    public const string Prefix = "r1:";

    public static string Encode(Guid articleId, int option)
    {
        Span<byte> bytes = stackalloc byte[16];
        articleId.TryWriteBytes(bytes);
        return $"{Prefix}{Base64Url.EncodeToString(bytes)}:{option}";
    }

    public static bool TryDecode(string? data, out Guid articleId, out int option)
    {
        articleId = Guid.Empty;
        option = 0;
        if (data is null || !data.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = data.AsSpan(Prefix.Length);
        var colon = rest.IndexOf(':');
        Span<byte> bytes = stackalloc byte[18];
        // IsValid first: TryDecodeFromChars throws, rather than returning false, on characters outside the alphabet.
        if (colon < 0
            || !Base64Url.IsValid(rest[..colon], out var length) || length != 16
            || !Base64Url.TryDecodeFromChars(rest[..colon], bytes, out var written) || written != 16
            || !int.TryParse(rest[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out option)
            || option is < 1 or > 5)
        {
            option = 0;
            return false;
        }

        articleId = new Guid(bytes[..16]);
        return true;
    }
}
