namespace Humas.Bot.Feedback;

/// <summary>
/// The arithmetic of one group commit of presses, apart from the SQL: given the votes and articles read in the
/// transaction, applies the presses in order in memory (so one reader's presses in one batch toggle as they would
/// one after another), and says what to write (each reader's vote row once, each tally row once with the sum of its
/// changes, each article's refresh mark once) and, once the tallies are read back after the writes, which tally each
/// press saw: the one after it, found by taking the later presses' changes back off.
/// </summary>
internal sealed class VoteBatch
{
    private readonly List<Step> _steps = [];
    private readonly Dictionary<(Guid ArticleId, string VoterKey), VoterState> _voters = [];
    private readonly SortedDictionary<(Guid ArticleId, int OptionId), int> _deltas = [];
    private readonly SortedSet<Guid> _changed = [];
    private readonly List<(string PressId, Guid ArticleId)> _countedPresses = [];

    /// <param name="existingArticles">The batch's articles that exist; presses on others count nothing and get null.</param>
    /// <param name="votes">The current votes of the batch's readers (more are harmless).</param>
    /// <param name="countedBefore">Those of the presses' ids already counted: such a press changes nothing.</param>
    public VoteBatch(IReadOnlyList<VotePress> presses, IReadOnlySet<Guid> existingArticles, IEnumerable<VoteRow> votes, IReadOnlySet<string> countedBefore)
    {
        var counted = new HashSet<string>(countedBefore, StringComparer.Ordinal);
        foreach (var vote in votes)
        {
            _voters[(vote.ArticleId, vote.VoterKey)] = new VoterState(vote.Id, vote.OptionId);
        }

        foreach (var press in presses)
        {
            if (!existingArticles.Contains(press.ArticleId))
            {
                _steps.Add(new Step(press.ArticleId, null, null, null));
                continue;
            }

            var key = (press.ArticleId, press.VoterKey);
            if (!_voters.TryGetValue(key, out var voter))
            {
                _voters[key] = voter = new VoterState(null, null);
            }

            var current = voter.Current;
            if (press.PressId is { } pressId)
            {
                if (!counted.Add(pressId))
                {
                    // The same press again (counted before, or twice in this batch): it stays counted once.
                    _steps.Add(new Step(press.ArticleId, VoteChange.Unchanged, current, current));
                    continue;
                }

                _countedPresses.Add((pressId, press.ArticleId));
            }

            var wanted = press.Target(current);
            var change = (current, wanted) switch
            {
                (null, not null) => VoteChange.Added,
                (not null, null) => VoteChange.Withdrawn,
                (not null, not null) when current != wanted => VoteChange.Switched,
                _ => VoteChange.Unchanged,
            };

            if (change != VoteChange.Unchanged)
            {
                Count(press.ArticleId, current, -1);
                Count(press.ArticleId, wanted, +1);
                _changed.Add(press.ArticleId);
                voter.Removed |= wanted is null && voter.StoredId is not null;
                voter.Current = wanted;
            }

            _steps.Add(new Step(press.ArticleId, change, wanted, current));
        }
    }

    /// <summary>The articles of the batch that exist (the only ones whose tallies are read back).</summary>
    public IEnumerable<Guid> Articles => _steps.Where(s => s.Change is not null).Select(s => s.ArticleId).Distinct();

    /// <summary>Vote rows to delete: the stored row of a reader whose vote was withdrawn (maybe chosen again after).</summary>
    public IEnumerable<VoteRow> Deletes =>
        _voters.Where(v => v.Value is { StoredId: not null } s && (s.Removed || s.Current is null))
            .Select(v => new VoteRow(v.Value.StoredId!.Value, v.Key.ArticleId, v.Key.VoterKey, v.Value.StoredOption!.Value));

    /// <summary>Vote rows to insert: readers who end with a vote and have no stored row left.</summary>
    public IEnumerable<(Guid ArticleId, string VoterKey, int OptionId)> Inserts =>
        _voters.Where(v => v.Value is { Current: not null } s && (s.StoredId is null || s.Removed))
            .Select(v => (v.Key.ArticleId, v.Key.VoterKey, v.Value.Current!.Value));

    /// <summary>Stored vote rows kept and switched to another option: (the row as read, the new option).</summary>
    public IEnumerable<(VoteRow Row, int OptionId)> Switches =>
        _voters.Where(v => v.Value is { StoredId: not null, Removed: false, Current: not null } s && s.Current != s.StoredOption)
            .Select(v => (new VoteRow(v.Value.StoredId!.Value, v.Key.ArticleId, v.Key.VoterKey, v.Value.StoredOption!.Value), v.Value.Current!.Value));

    /// <summary>Each changed tally row once, with the sum of the batch's changes, in (article, option) order.</summary>
    public IEnumerable<(Guid ArticleId, int OptionId, int Delta)> TallyChanges =>
        _deltas.Where(d => d.Value != 0).Select(d => (d.Key.ArticleId, d.Key.OptionId, d.Value));

    /// <summary>The articles whose counters need a refresh (some press changed a vote), in order.</summary>
    public IEnumerable<Guid> RefreshMarks => _changed;

    /// <summary>The ids of the presses this batch counts (on an existing article, not counted before), to remember.</summary>
    public IReadOnlyList<(string PressId, Guid ArticleId)> CountedPresses => _countedPresses;

    /// <summary>
    /// Each press's outcome, in press order, from <paramref name="finalCounts"/> (every article's counts read after
    /// the writes): a press sees the counts after it, that is the final counts less what later presses changed.
    /// </summary>
    public IReadOnlyList<(VoteChange Change, int? OptionId, int[] Counts)?> Outcomes(IReadOnlyDictionary<Guid, int[]> finalCounts)
    {
        var running = finalCounts.ToDictionary(c => c.Key, c => (int[])c.Value.Clone());
        var outcomes = new (VoteChange, int?, int[])?[_steps.Count];
        for (var i = _steps.Count - 1; i >= 0; i--)
        {
            var step = _steps[i];
            if (step.Change is not { } change)
            {
                continue;
            }

            var counts = running[step.ArticleId];
            outcomes[i] = (change, step.Wanted, (int[])counts.Clone());
            if (change != VoteChange.Unchanged)
            {
                Uncount(counts, step.Wanted, +1);
                Uncount(counts, step.Before, -1);
            }
        }

        return outcomes;
    }

    private void Count(Guid articleId, int? optionId, int delta)
    {
        if (optionId is { } option)
        {
            _deltas[(articleId, option)] = _deltas.GetValueOrDefault((articleId, option)) + delta;
        }
    }

    private static void Uncount(int[] counts, int? optionId, int delta)
    {
        if (optionId is { } option)
        {
            counts[option - 1] -= delta;
        }
    }

    /// <param name="Change">Null when the article does not exist.</param>
    /// <param name="Wanted">The reader's vote after the press.</param>
    /// <param name="Before">The reader's vote before the press.</param>
    private sealed record Step(Guid ArticleId, VoteChange? Change, int? Wanted, int? Before);

    /// <summary>One reader's vote on one article: as stored (<see cref="StoredId"/>, null if none) and as the batch left it.</summary>
    private sealed class VoterState(long? storedId, int? storedOption)
    {
        public long? StoredId { get; } = storedId;
        public int? StoredOption { get; } = storedOption;
        public int? Current { get; set; } = storedOption;

        /// <summary>The stored row was withdrawn by a press (a later press may have voted again: that is a new row).</summary>
        public bool Removed { get; set; }
    }
}

/// <summary>
/// One press waiting for its group commit: <see cref="Target"/> turns the reader's current vote into the wanted one;
/// <see cref="PressId"/>, when there is one, is counted once (a <see cref="Feedback.CountedPresses.Key"/>).
/// </summary>
internal sealed record VotePress(Guid ArticleId, string VoterKey, Func<int?, int?> Target, string? PressId = null, bool HandedAgainUntilDone = false);

internal sealed record VoteRow(long Id, Guid ArticleId, string VoterKey, int OptionId);
