namespace Humas.Bot.Search;

/// <summary>
/// One article's words, read once, asked for many keywords: each word's positions are indexed, so a keyword costs
/// a dictionary lookup of its first word plus a comparison of the following words at each place that word
/// occurs — never a scan of the text, never a regular expression. The fan-out asks it for every distinct keyword
/// any reader follows, once per article, however many readers follow each.
/// </summary>
public sealed class KeywordMatcher
{
    private readonly List<string> _words = [];
    private readonly Dictionary<string, List<int>> _positions = new(StringComparer.Ordinal);

    /// <param name="texts">The article's title, summary and body; a phrase never spans two of them.</param>
    public KeywordMatcher(params string?[] texts)
    {
        foreach (var text in texts)
        {
            foreach (var word in TextWords.Split(text))
            {
                if (!_positions.TryGetValue(word, out var at))
                {
                    _positions[word] = at = [];
                }

                at.Add(_words.Count);
                _words.Add(word);
            }

            // A boundary no word can equal, so that a phrase cannot run from the title into the summary.
            _words.Add("");
        }
    }

    /// <summary>True when <paramref name="keyword"/> (in <see cref="FollowedKeyword"/>'s stored form) occurs as whole words.</summary>
    public bool Matches(string keyword)
    {
        var words = keyword.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0 || !_positions.TryGetValue(words[0], out var starts))
        {
            return false;
        }

        foreach (var start in starts)
        {
            var i = 1;
            while (i < words.Length && start + i < _words.Count && string.Equals(_words[start + i], words[i], StringComparison.Ordinal))
            {
                i++;
            }

            if (i == words.Length)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The keywords among <paramref name="keywords"/> that occur.</summary>
    public IReadOnlyList<string> Matching(IEnumerable<string> keywords) => keywords.Where(Matches).ToList();
}
