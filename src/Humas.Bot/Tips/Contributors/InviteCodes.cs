using System.Security.Cryptography;
using Humas.Bot.Host;

namespace Humas.Bot.Tips.Contributors;

/// <summary>
/// Invite codes like <c>K7QX2-M9RTD</c>: 10 symbols of Crockford's base32 (no I, L, O, U) from a CSPRNG,
/// 50 bits, so guessing is hopeless; typed case-insensitively, with or without the dash.
/// </summary>
public static class InviteCodes
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string New()
    {
        Span<char> code = stackalloc char[10];
        for (var i = 0; i < code.Length; i++)
        {
            code[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return $"{code[..5]}-{code[5..]}";
    }

    /// <summary>What is stored: the SHA-256 of the normalized code, hex.</summary>
    public static string Hash(string code)
    {
        var normalized = new string(code.Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant).ToArray())
            .Replace('O', '0').Replace('I', '1').Replace('L', '1');
        return TextDigest.Sha256Hex(normalized);
    }
}
