using System.Security.Cryptography;
using System.Text;

namespace Humas.Bot.Host;

/// <summary>
/// The one form every stored digest of a text takes (invite codes, content fingerprints, long press ids): SHA-256 of
/// its UTF-8 bytes in lowercase hex. Rows written by one part are compared by another, so they must agree byte for byte.
/// </summary>
public static class TextDigest
{
    public static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
