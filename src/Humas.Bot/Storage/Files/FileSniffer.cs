using System.Text;

namespace Humas.Bot.Storage.Files;

/// <summary>
/// A file's media type from its first bytes, never from what the browser or sender claims: a script named
/// photo.jpg stays what it is. Knows the types the service accepts; null for anything else.
/// </summary>
public static class FileSniffer
{
    /// <summary>Bytes the detection looks at.</summary>
    public const int HeadLength = 512;

    public static string? Detect(ReadOnlySpan<byte> head, string? claimed = null)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return "image/jpeg";
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "image/png";
        }

        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8))
        {
            return "image/gif";
        }

        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return "image/webp";
        }

        if (head.StartsWith("%PDF-"u8))
        {
            return "application/pdf";
        }

        if (head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8))
        {
            // ISO media: M4A is audio, the rest (isom, mp41, mp42, avc1, …) video.
            return head[8..11].SequenceEqual("M4A"u8) ? "audio/mp4" : "video/mp4";
        }

        if (head.StartsWith("OggS"u8))
        {
            return "audio/ogg";
        }

        if (head.StartsWith("ID3"u8) || (head.Length >= 2 && head[0] == 0xFF && (head[1] & 0xE0) == 0xE0))
        {
            return "audio/mpeg";
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]))
        {
            return "application/msword";
        }

        if (head.StartsWith("PK\u0003\u0004"u8))
        {
            // A ZIP: Word's .docx is one, but so is any archive; only a ZIP that names a Word part is taken as one.
            return head.IndexOf("word/"u8) >= 0 || head.IndexOf("[Content_Types].xml"u8) >= 0 && claimed == WordDocx ? WordDocx : null;
        }

        return IsText(head) ? "text/plain" : null;
    }

    private const string WordDocx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    /// <summary>UTF-8 without NUL or other control characters than tab and line breaks (a cut last character is fine).</summary>
    private static bool IsText(ReadOnlySpan<byte> head)
    {
        if (head.Length == 0)
        {
            return false;
        }

        foreach (var b in head)
        {
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r'))
            {
                return false;
            }
        }

        var decoder = new UTF8Encoding(false, true).GetDecoder();
        try
        {
            var chars = new char[head.Length];
            decoder.Convert(head, chars, flush: false, out _, out _, out _);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
