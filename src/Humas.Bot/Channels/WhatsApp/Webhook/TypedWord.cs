namespace Humas.Bot.Channels.WhatsApp.Webhook;

/// <summary>
/// A message typed as one word, read the way a person types it on a phone: the keyboard capitalises the first letter,
/// some add a full stop or an exclamation mark, and a space slips in before or after. "Kirim.", "kirim!" and " KIRIM "
/// are all "kirim"; "kirim sekarang" is two words and stays text. The one reading of every word WhatsApp maps to a
/// button or a command, so a word a reader may type for one is never matched more strictly than another.
/// </summary>
public static class TypedWord
{
    /// <summary>
    /// The word in lower case, without the whitespace around it and the punctuation after it (. , ! ? ; : … and the
    /// like, any number of them); null when what is left is empty or holds whitespace (more than one word).
    /// </summary>
    public static string? Of(string text)
    {
        var word = text.AsSpan().Trim();
        var end = word.Length;
        while (end > 0 && (char.IsPunctuation(word[end - 1]) || char.IsWhiteSpace(word[end - 1])))
        {
            end--;
        }

        word = word[..end];
        foreach (var c in word)
        {
            if (char.IsWhiteSpace(c))
            {
                return null;
            }
        }

        return word.IsEmpty ? null : word.ToString().ToLowerInvariant();
    }
}
