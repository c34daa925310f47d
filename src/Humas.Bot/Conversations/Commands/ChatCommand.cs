namespace Humas.Bot.Conversations.Commands;

public enum CommandName
{
    Unknown,
    Start,
    Subscribe,
    Stop,
    Settings,
    Latest,
    Search,
    Tip,
    Cancel,
    Status,
    Register,
    Top,
    Help,
}

/// <summary>
/// A slash command as any channel writes it: "/word[@addressee] argument". <see cref="Word"/> is what the
/// reader typed (lowercased), <see cref="Name"/> what it means in either language.
/// </summary>
public sealed record ChatCommand(CommandName Name, string Word, string Argument, string? AddressedTo)
{
    /// <summary>Null when <paramref name="text"/> is not a command.</summary>
    public static ChatCommand? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text[0] != '/' || text.Length < 2 || char.IsWhiteSpace(text[1]))
        {
            return null;
        }

        var end = text.AsSpan().IndexOfAny(" \t\r\n");
        var token = end < 0 ? text[1..] : text[1..end];
        var argument = end < 0 ? "" : text[end..].Trim();
        string? addressee = null;
        var at = token.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            addressee = token[(at + 1)..];
            token = token[..at];
        }

        var word = token.ToLowerInvariant();
        return new ChatCommand(CommandCatalog.Resolve(word), word, argument, addressee);
    }
}
