using System.Globalization;
using System.Text;

namespace Humas.Bot.Tips.Queue;

/// <summary>Editors' buttons under a tip in the editors' chat on any channel: <c>e:{action}:{tipId}</c> (at most 64 bytes, Telegram's limit).</summary>
public static class TipActionData
{
    public const string Prefix = "e:";
    public const int MaxBytes = 64;

    public static string? Encode(string action, long tipId)
    {
        var data = $"{Prefix}{action}:{tipId.ToString(CultureInfo.InvariantCulture)}";
        return Encoding.UTF8.GetByteCount(data) <= MaxBytes && !action.Contains(':', StringComparison.Ordinal) ? data : null;
    }

    public static bool TryDecode(string? data, out string action, out long tipId)
    {
        action = "";
        tipId = 0;
        if (data is null || !data.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = data[Prefix.Length..].Split(':');
        if (parts.Length != 2 || parts[0].Length == 0
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out tipId) || tipId <= 0)
        {
            return false;
        }

        action = parts[0];
        return true;
    }
}
