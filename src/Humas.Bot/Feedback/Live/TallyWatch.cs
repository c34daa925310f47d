using System.Threading.Channels;
using Humas.Bot.Feedback.Model;
using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Feedback.Live;

/// <summary>
/// Tallies of the articles someone is watching (a ministry page with the widget open), pushed to the watchers
/// when they change. One loop per instance reads, every <see cref="PollInterval"/>, the change counter each vote
/// bumps (<see cref="ReactionRefresh.Generation"/>) for all watched articles in one query, and the tallies of the
/// ones that changed: the database work grows with the number of articles watched, not with the number of open
/// pages, and votes cast on any instance are seen. Each watcher keeps only the newest tally of each article it has
/// not read yet.
/// </summary>
public sealed partial class TallyWatch(IDbContextFactory<HumasDbContext> factory, IReactionService reactions, TimeProvider time, ILogger<TallyWatch> log)
    : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);
    private const int Chunk = 500;
    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, HashSet<Watcher>> _watchers = [];
    private readonly Dictionary<Guid, long> _seen = [];

    /// <summary>
    /// One page's view of the tallies of the articles it shows (one stream, however many blocks); dispose it when the
    /// page goes away. It keeps the newest unread tally of each article, so a busy article never hides another's change.
    /// </summary>
    public sealed class Watcher : IDisposable
    {
        private readonly TallyWatch _owner;
        private readonly Lock _lock = new();
        private readonly Dictionary<Guid, ReactionTally> _unread = [];

        // Wakes the reader; it carries no tally, so one pending wake-up is enough however many articles changed.
        private readonly Channel<bool> _wake =
            Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

        internal Watcher(TallyWatch owner, IReadOnlyList<Guid> articleIds)
        {
            _owner = owner;
            ArticleIds = articleIds;
            Reader = new NewestPerArticle(this);
        }

        /// <summary>The articles watched; changed only under the owner's lock.</summary>
        public IReadOnlyList<Guid> ArticleIds { get; internal set; }

        /// <summary>The next tallies that differ from the ones before, as the loop sees them: at most one per article.</summary>
        public ChannelReader<ReactionTally> Reader { get; }

        public void Dispose() => _owner.Leave(this);

        /// <summary>Stops watching the articles not in <paramref name="articleIds"/> (ones found not to exist, say).</summary>
        public void Keep(IReadOnlyCollection<Guid> articleIds) => _owner.Narrow(this, articleIds);

        internal void Offer(ReactionTally tally)
        {
            lock (_lock)
            {
                _unread[tally.ArticleId] = tally;
                _wake.Writer.TryWrite(true);
            }
        }

        internal void Complete() => _wake.Writer.TryComplete();

        private bool TryTake(out ReactionTally tally)
        {
            lock (_lock)
            {
                foreach (var (id, unread) in _unread)
                {
                    _unread.Remove(id);
                    tally = unread;
                    return true;
                }

                // Nothing left: the wake-up is spent, so the next wait lasts until the next change.
                _wake.Reader.TryRead(out _);
                tally = null!;
                return false;
            }
        }

        private sealed class NewestPerArticle(Watcher watcher) : ChannelReader<ReactionTally>
        {
            public override bool TryRead([System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out ReactionTally item) => watcher.TryTake(out item);

            public override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default) =>
                watcher._wake.Reader.WaitToReadAsync(cancellationToken);

            public override Task Completion => watcher._wake.Reader.Completion;
        }
    }

    public int Watched
    {
        get
        {
            lock (_lock)
            {
                return _watchers.Count;
            }
        }
    }

    public Watcher Watch(Guid articleId) => Watch([articleId]);

    /// <summary>One watcher for several articles (duplicates count once).</summary>
    public Watcher Watch(IEnumerable<Guid> articleIds)
    {
        var watcher = new Watcher(this, [.. articleIds.Distinct()]);
        lock (_lock)
        {
            foreach (var articleId in watcher.ArticleIds)
            {
                if (!_watchers.TryGetValue(articleId, out var set))
                {
                    _watchers[articleId] = set = [];
                }

                set.Add(watcher);
            }
        }

        return watcher;
    }

    private void Leave(Watcher watcher)
    {
        Narrow(watcher, []);
        watcher.Complete();
    }

    private void Narrow(Watcher watcher, IReadOnlyCollection<Guid> keep)
    {
        lock (_lock)
        {
            foreach (var articleId in watcher.ArticleIds.Where(id => !keep.Contains(id)))
            {
                if (_watchers.TryGetValue(articleId, out var set) && set.Remove(watcher) && set.Count == 0)
                {
                    _watchers.Remove(articleId);
                    _seen.Remove(articleId);
                }
            }

            watcher.ArticleIds = [.. watcher.ArticleIds.Where(keep.Contains)];
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PollAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Watchers keep what they have; the next round tries again.
                LogReadFailed(e);
            }

            try
            {
                await Task.Delay(PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One round: the watched articles whose counter moved get their new tally pushed.</summary>
    public async Task PollAsync(CancellationToken ct)
    {
        List<Guid> watched;
        lock (_lock)
        {
            watched = [.. _watchers.Keys];
        }

        foreach (var chunk in watched.Chunk(Chunk))
        {
            var ids = chunk.ToList();
            Dictionary<Guid, long> generations;
            await using (var db = await factory.CreateDbContextAsync(ct))
            {
                generations = await db.Set<ReactionRefresh>().AsNoTracking().Where(r => ids.Contains(r.ArticleId))
                    .ToDictionaryAsync(r => r.ArticleId, r => r.Generation, ct);
            }

            var changed = new List<Guid>();
            foreach (var id in ids)
            {
                var generation = generations.GetValueOrDefault(id);
                lock (_lock)
                {
                    // An article seen for the first time is pushed once: its watchers may have read it just before a vote.
                    if (!_seen.TryGetValue(id, out var before) || before != generation)
                    {
                        changed.Add(id);
                        if (_watchers.ContainsKey(id))
                        {
                            _seen[id] = generation;
                        }
                    }
                }
            }

            // The chunk's changed tallies in one read, as a stream's first ones are (an article gone is left out).
            if (changed.Count > 0)
            {
                foreach (var tally in await reactions.GetTalliesAsync(changed, ct))
                {
                    Publish(tally);
                }
            }
        }
    }

    private void Publish(ReactionTally tally)
    {
        Watcher[] targets;
        lock (_lock)
        {
            targets = _watchers.TryGetValue(tally.ArticleId, out var set) ? [.. set] : [];
        }

        foreach (var watcher in targets)
        {
            watcher.Offer(tally);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the watched tallies failed")]
    private partial void LogReadFailed(Exception exception);
}
