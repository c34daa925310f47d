namespace Humas.Bot.Storage;

/// <summary>
/// Fits names and titles that platforms send without a limit we can rely on into their columns. PostgreSQL
/// refuses a value longer than the column; SQLite would silently keep it. Used only for display text, where
/// a clipped value is still right; ids are refused instead.
/// </summary>
public static class ColumnText
{
    public static string? Clip(string? text, int max)
    {
        if (text is null || text.Length <= max)
        {
            return text;
        }

        // Never cut a surrogate pair in half.
        return text[..(char.IsHighSurrogate(text[max - 1]) ? max - 1 : max)];
    }
}
