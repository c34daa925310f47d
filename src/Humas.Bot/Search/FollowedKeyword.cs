namespace Humas.Bot.Search;

/// <summary>
/// A word or phrase a reader follows ("bansos", "banjir Jakarta"), kept as its <see cref="TextWords"/> joined by
/// single spaces ("banjir jakarta"): that form is what is stored, compared and shown back. An article matches
/// when the phrase's words stand next to each other, in order, in its title, summary or body — whole words only,
/// so "bansos" does not match "bansosnya" and "banjir jakarta" does not match "banjir di jakarta".
/// </summary>
public static class FollowedKeyword
{
    /// <summary>Longest keyword, in characters of its stored form.</summary>
    public const int MaxLength = 50;

    /// <summary>Most keywords one conversation follows; with categories and institutions a reader's list stays readable.</summary>
    public const int MaxPerConversation = 20;

    /// <summary>The stored form of <paramref name="input"/>, or null when it holds no word or is longer than <see cref="MaxLength"/>.</summary>
    public static string? Normalize(string? input)
    {
        var normal = string.Join(' ', TextWords.Split(input));
        return normal.Length is 0 or > MaxLength ? null : normal;
    }
}
