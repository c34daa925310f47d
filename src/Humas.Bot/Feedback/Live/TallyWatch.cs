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
/// pages, and votes cast on any instance are seen. Each watcher keeps only the newest tally it has not read yet.
/// </summary>
public sealed partial class TallyWatch(IDbContextFactory<HumasDbContext> factory, IReactionService reactions, TimeProvider time, ILogger<TallyWatch> log)
    : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);
    private const int Chunk = 500;
    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, HashSet<Watcher>> _watchers = [];
    private readonly Dictionary<Guid, long> _seen = [];

    /// <summary>One page's view of one article's tally; dispose it when the page goes away.</summary>
    public sealed class Watcher : IDisposable
    {
        private readonly TallyWatch _owner;

        internal Watcher(TallyWatch owner, Guid articleId)
        {
            _owner = owner;
            ArticleId = articleId;
        }

        public Guid ArticleId { get; }

        internal Channel<ReactionTally> Changes { get; } =
            Channel.CreateBounded<ReactionTally>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

        /// <summary>The next tally that differs from the one before, as the loop sees them.</summary>
        public ChannelReader<ReactionTally> Reader => Changes.Reader;

        public void Dispose() => _owner.Leave(this);
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

    public Watcher Watch(Guid articleId)
    {
        var watcher = new Watcher(this, articleId);
        lock (_lock)
        {
            if (!_watchers.TryGetValue(articleId, out var set))
            {
                _watchers[articleId] = set = [];
            }

            set.Add(watcher);
        }

        return watcher;
    }

    private void Leave(Watcher watcher)
    {
        lock (_lock)
        {
            if (_watchers.TryGetValue(watcher.ArticleId, out var set) && set.Remove(watcher) && set.Count == 0)
            {
                _watchers.Remove(watcher.ArticleId);
                _seen.Remove(watcher.ArticleId);
            }
        }

        watcher.Changes.Writer.TryComplete();
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

            foreach (var id in ids)
            {
                var generation = generations.GetValueOrDefault(id);
                bool changed;
                lock (_lock)
                {
                    // An article seen for the first time is pushed once: its watchers may have read it just before a vote.
                    changed = !_seen.TryGetValue(id, out var before) || before != generation;
                    if (changed && _watchers.ContainsKey(id))
                    {
                        _seen[id] = generation;
                    }
                }

                if (changed && await reactions.GetTallyAsync(id, ct) is { } tally)
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
            watcher.Changes.Writer.TryWrite(tally);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the watched tallies failed")]
    private partial void LogReadFailed(Exception exception);
}
