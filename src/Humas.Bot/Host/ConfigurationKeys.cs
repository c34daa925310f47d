using System.Globalization;

namespace Humas.Bot.Host;

/// <summary>Configuration keys in validation failures: "Sources:0:Url: must be ...".</summary>
internal static class ConfigurationKeys
{
    public static string Join(string prefix, string member) =>
        prefix.Length == 0 ? member : member.Length == 0 ? prefix : $"{prefix}:{member}";

    public static string Join(string prefix, int index) => Join(prefix, index.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// Puts <paramref name="prefix"/> in front of one failure of a generated validator. Its failures read
    /// "Member: message" (ValidateOptionsResultBuilder's form for a result that names its member, which every
    /// attribute result does and every <see cref="System.ComponentModel.DataAnnotations.IValidatableObject"/> here
    /// must), and a member name has no space in it; anything else is taken as a message about the whole object.
    /// </summary>
    public static string Failure(string prefix, string failure)
    {
        var colon = failure.IndexOf(": ", StringComparison.Ordinal);
        var member = colon > 0 && !failure.AsSpan(0, colon).ContainsAny(' ', '\t') ? failure[..colon] : "";
        var message = member.Length == 0 ? failure : failure[(colon + 2)..];
        var key = Join(prefix, member);
        return key.Length == 0 ? message : $"{key}: {message}";
    }
}
