using System.Text;
using System.Text.RegularExpressions;

namespace Humas.Bot.Ingestion.Feeds;

/// <summary>
/// Turns feed bytes into text before XML parsing, because real feeds often declare an encoding that
/// does not match their bytes (a CMS template saying ISO-8859-1 around UTF-8 content is common).
/// Order of trust: a byte order mark; then UTF-16 recognised from the first bytes; then the XML
/// declaration, except that a legacy single-byte declaration loses to bytes that are valid UTF-8 with
/// non-ASCII characters (genuine Latin-1 text almost never forms valid multi-byte UTF-8); a declaration
/// that is impossible for the bytes (UTF-16/32 over ASCII-compatible bytes) or unknown is ignored.
/// UTF-8 is the default, and bytes that are not valid UTF-8 fall back to windows-1252 so nothing crashes.
/// </summary>
internal static partial class FeedTextDecoder
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Decode(byte[] body) => TrimLeadingJunk(DecodeBytes(body));

    /// <summary>
    /// Text carried inside a feed as bytes (base64 payloads): UTF-8 when the bytes are valid UTF-8, else
    /// windows-1252; null when they are not text at all (NUL or other control characters: an image).
    /// </summary>
    public static string? DecodeFragment(byte[] bytes)
    {
        var text = TryDecodeUtf8(bytes) ?? LegacyFallback().GetString(bytes);
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        return text.Any(c => char.IsControl(c) && c is not ('\t' or '\r' or '\n')) ? null : text;
    }

    /// <summary>
    /// Blank lines printed by server-side includes before the XML declaration, and a second byte order
    /// mark from a template saved with one, make a document that XML parsers refuse; neither means anything.
    /// </summary>
    private static string TrimLeadingJunk(string text)
    {
        var start = 0;
        while (start < text.Length && (char.IsWhiteSpace(text[start]) || text[start] == '\uFEFF'))
        {
            start++;
        }

        return start == 0 ? text : text[start..];
    }

    private static string DecodeBytes(byte[] body)
    {
        if (TryDecodeWithByteOrderMark(body, out var text))
        {
            return text;
        }

        if (body.Length >= 2 && body[0] == (byte)'<' && body[1] == 0)
        {
            return Decode(new UnicodeEncoding(bigEndian: false, byteOrderMark: false), body);
        }

        if (body.Length >= 2 && body[0] == 0 && body[1] == (byte)'<')
        {
            return Decode(new UnicodeEncoding(bigEndian: true, byteOrderMark: false), body);
        }

        var declared = FindDeclaredEncoding(body);
        var utf8 = TryDecodeUtf8(body);

        if (declared is null || declared.CodePage == Encoding.UTF8.CodePage || !IsAsciiCompatible(declared))
        {
            return utf8 ?? LegacyFallback().GetString(body);
        }

        if (utf8 is not null && ContainsNonAscii(body))
        {
            return utf8;
        }

        return Decode(declared, body);
    }

    private static bool TryDecodeWithByteOrderMark(byte[] body, out string text)
    {
        Encoding? encoding = body switch
        {
            [0xEF, 0xBB, 0xBF, ..] => Encoding.UTF8,
            [0xFF, 0xFE, 0x00, 0x00, ..] => new UTF32Encoding(bigEndian: false, byteOrderMark: true),
            [0x00, 0x00, 0xFE, 0xFF, ..] => new UTF32Encoding(bigEndian: true, byteOrderMark: true),
            [0xFF, 0xFE, ..] => Encoding.Unicode,
            [0xFE, 0xFF, ..] => Encoding.BigEndianUnicode,
            _ => null,
        };
        if (encoding is null)
        {
            text = "";
            return false;
        }

        var preamble = encoding.Preamble.Length;
        text = encoding.GetString(body, preamble, body.Length - preamble);
        return true;
    }

    private static Encoding? FindDeclaredEncoding(byte[] body)
    {
        // The declaration is ASCII in every ASCII-compatible encoding, so Latin-1 reads it faithfully.
        var head = Encoding.Latin1.GetString(body, 0, Math.Min(body.Length, 256));
        var match = DeclarationPattern().Match(head);
        if (!match.Success)
        {
            return null;
        }

        var name = match.Groups["name"].Value;
        try
        {
            return Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            // Windows code pages are not built in; asking the provider directly avoids registering it globally.
            return CodePagesEncodingProvider.Instance.GetEncoding(name);
        }
    }

    private static string? TryDecodeUtf8(byte[] body)
    {
        try
        {
            return StrictUtf8.GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static bool IsAsciiCompatible(Encoding encoding) =>
        encoding.GetByteCount("<?xml") == 5;

    private static bool ContainsNonAscii(byte[] body) => body.AsSpan().IndexOfAnyExceptInRange((byte)0, (byte)0x7F) >= 0;

    private static string Decode(Encoding encoding, byte[] body) => encoding.GetString(body);

    private static Encoding LegacyFallback() =>
        CodePagesEncodingProvider.Instance.GetEncoding(1252) ?? Encoding.Latin1;

    [GeneratedRegex("""^\s*<\?xml[^>]*?\sencoding\s*=\s*["'](?<name>[A-Za-z0-9._:\-]+)["']""")]
    private static partial Regex DeclarationPattern();
}
