using System.Text.RegularExpressions;

namespace Humas.Bot.Institutions;

/// <summary>What makes an institution's id, name and hosts valid, wherever they come from (configuration, dashboard).</summary>
public static partial class InstitutionRules
{
    public const int MaxNameLength = 200;
    public const int MaxHosts = 20;

    public static bool IsId(string? id) => id is not null && IdRegex().IsMatch(id);

    public static bool IsName(string? name) => !string.IsNullOrWhiteSpace(name) && name.Trim().Length <= MaxNameLength;

    /// <summary>A DNS host name (no scheme, path or port), at most 253 characters.</summary>
    public static bool IsHost(string? host)
    {
        var bare = host?.Trim().TrimEnd('.') ?? "";
        return bare.Length is > 0 and <= 253 && bare.Contains('.', StringComparison.Ordinal)
            && Uri.CheckHostName(bare) == UriHostNameType.Dns;
    }

    /// <summary>Hosts typed one per line or separated by commas or spaces, normalized, duplicates dropped.</summary>
    public static IReadOnlyList<string> ParseHosts(string? text) =>
        (text ?? "").Split([',', ' ', '\n', '\r', '\t', ';'], StringSplitOptions.RemoveEmptyEntries)
            .Select(InstitutionHost.Normalize).Distinct(StringComparer.Ordinal).ToList();

    [GeneratedRegex(InstitutionConfig.IdPattern)]
    private static partial Regex IdRegex();
}
