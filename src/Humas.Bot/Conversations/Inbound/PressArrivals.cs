using System.Collections.Concurrent;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Feedback;

namespace Humas.Bot.Conversations.Inbound;

/// <summary>
/// A reaction press answered as it arrives, before its vote is counted. An adapter with a durable inbox hands every
/// event here as it takes it in (<see cref="Arrived"/>); the vote itself is counted later, in the press's turn in the
/// inbox (once this answer has read the reader's stored vote, <see cref="ReadAsync"/>), and <see cref="VotePresses"/>
/// then does not answer again. So the reader's toast does
/// not wait behind the inbox's backlog (a broadcast's counter edits, other chats' presses).
/// <para>
/// The toast names the outcome the press will have given the reader's stored vote (chosen, switched, withdrawn).
/// Not answered here, so that the inbox answers with the real outcome: a press whose reader has an earlier press on
/// the same article not counted yet (a double tap: the stored vote would give the wrong outcome), a press on an
/// article that is gone, an old button, and any press beyond <see cref="MaxWaiting"/> waiting for one of the
/// <see cref="MaxInFlight"/> answers that may be on their way at once, or beyond <see cref="MaxRemembered"/>
/// remembered ones. What this process answered is remembered for
/// <see cref="Remembered"/>; a press counted by another instance (the leader) is answered there a second time,
/// which the platform refuses harmlessly.
/// </para>
/// Hand-made: it is a per-key memory with expiry and an in-flight bound, which no framework part offers together.
/// </summary>
public sealed partial class PressArrivals(
    IReactionService reactions,
    IChannelGateway gateway,
    VoteTexts voteTexts,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<PressArrivals> log) : IInboundArrivals
{
    /// <summary>Answers on their way at once (each holds a connection to the platform); later presses wait for a slot.</summary>
    public const int MaxInFlight = 256;

    /// <summary>
    /// Presses waiting for a slot, in arrival order; beyond this a press is answered in its turn in the inbox. A burst
    /// (a stall of a second or two at a thousand presses a second) waits here and is answered as the slots free up,
    /// instead of behind the whole inbox backlog: falling back at once made 1% and more of the presses in some
    /// PostgreSQL `votes` benchmark runs wait 2-4 s for their answer.
    /// </summary>
    public const int MaxWaiting = 10_000;

    /// <summary>Readers' presses waiting to be counted, remembered at once; beyond this none is answered here.</summary>
    public const int MaxRemembered = 100_000;

    /// <summary>How long an answered press is remembered (its vote is normally counted within seconds).</summary>
    public static readonly TimeSpan Remembered = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, Answer> _answers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(Guid Article, string Voter), Waiting> _waiting = new();
    private readonly SemaphoreSlim _inFlight = new(MaxInFlight, MaxInFlight);
    private long _nextSweep;
    private int _remembered;
    private int _pending; // answers on their way or waiting for a slot

    /// <summary>An event the adapter is storing; only reaction presses with an answer id are acted on. Returns the answer's way, done once it is given or given up.</summary>
    public Task Arrived(InboundEvent e)
    {
        if (e is not ButtonPressed { AnswerId: { } answerId } press
            || !VotePresses.IsVote(press.Payload)
            || !ReactionActionData.TryDecode(press.Payload, out var articleId, out var optionId))
        {
            return Task.CompletedTask;
        }

        var now = time.GetUtcNow();
        Sweep(now);
        if (Volatile.Read(ref _remembered) >= MaxRemembered)
        {
            return Task.CompletedTask;
        }

        var key = Key(press.Conversation.Channel, answerId);
        var voter = (articleId, VotePresses.VoterKey(press.Conversation.Channel, press.From.UserId));
        if (!Remember(voter, new Waiting(key, now)))
        {
            return Task.CompletedTask;
        }

        if (Interlocked.Increment(ref _pending) > MaxInFlight + MaxWaiting)
        {
            Interlocked.Decrement(ref _pending);
            return Task.CompletedTask;
        }

        var answer = new Answer(now);
        if (!_answers.TryAdd(key, answer))
        {
            Interlocked.Decrement(ref _pending);
            return Task.CompletedTask;
        }

        _ = AnswerAsync(press, articleId, optionId, voter.Item2, answer);
        return answer.Done.Task;
    }

    /// <summary>
    /// For the inbox's turn of <paramref name="press"/>: true when it was answered on arrival (the caller does not
    /// answer again), false when the caller must answer. Waits for an answer still on its way.
    /// </summary>
    public async Task<bool> AnsweredAsync(ButtonPressed press, CancellationToken ct)
    {
        if (press.AnswerId is not { } answerId || !_answers.TryRemove(Key(press.Conversation.Channel, answerId), out var answer))
        {
            return false;
        }

        return await answer.Done.Task.WaitAsync(ct);
    }

    /// <summary>
    /// For the inbox's turn of <paramref name="press"/>, before it counts the vote: done once the answer on arrival (if
    /// any) has read the reader's stored vote, which its toast foresees the outcome from. Counted before that read, the
    /// press would be foreseen from its own vote (a first choice toasted as withdrawn). Does not wait for the answer itself.
    /// </summary>
    public Task ReadAsync(ButtonPressed press, CancellationToken ct) =>
        press.AnswerId is { } answerId && _answers.TryGetValue(Key(press.Conversation.Channel, answerId), out var answer)
            ? answer.Read.Task.WaitAsync(ct)
            : Task.CompletedTask;

    /// <summary>The inbox has counted <paramref name="press"/>: a later press of the same reader may be answered on arrival again.</summary>
    public void Counted(ButtonPressed press, Guid articleId)
    {
        if (press.AnswerId is { } answerId)
        {
            var voter = (articleId, VotePresses.VoterKey(press.Conversation.Channel, press.From.UserId));
            if (_waiting.TryGetValue(voter, out var waiting) && waiting.AnswerKey == Key(press.Conversation.Channel, answerId)
                && _waiting.TryRemove(KeyValuePair.Create(voter, waiting)))
            {
                Interlocked.Decrement(ref _remembered);
            }
        }
    }

    private async Task AnswerAsync(ButtonPressed press, Guid articleId, int optionId, string voter, Answer answer)
    {
        var answered = false;
        var slot = false;
        try
        {
            var ct = lifetime.ApplicationStopping;
            // SemaphoreSlim hands freed slots to its waiters in the order they came: first pressed, first answered.
            await _inFlight.WaitAsync(ct);
            slot = true;
            var lang = Localization.Languages.Normalize(press.From.Language);
            // A read, not a write: on SQLite it does not wait for the write gate.
            var stored = await reactions.GetReaderVoteAsync(articleId, voter, ct);
            answer.Read.TrySetResult();
            if (stored is not null)
            {
                var text = voteTexts.Foreseen(stored.OptionId, optionId, lang);
                answered = (await gateway.AnswerAsync(press.Conversation, press.AnswerId!, text, ct)).Succeeded;
            }
        }
        catch (Exception e)
        {
            // Best effort: the inbox answers a press not answered here.
            LogAnswerFailed(e, press.AnswerId);
        }
        finally
        {
            if (slot)
            {
                _inFlight.Release();
            }

            Interlocked.Decrement(ref _pending);
            answer.Read.TrySetResult();
            answer.Done.TrySetResult(answered);
        }
    }

    /// <summary>Records <paramref name="waiting"/> as the reader's latest press; false when an earlier one is still waiting to be counted.</summary>
    private bool Remember((Guid, string) voter, Waiting waiting)
    {
        while (true)
        {
            if (_waiting.TryAdd(voter, waiting))
            {
                Interlocked.Increment(ref _remembered);
                return true;
            }

            if (_waiting.TryGetValue(voter, out var earlier) && _waiting.TryUpdate(voter, waiting, earlier))
            {
                return false;
            }
        }
    }

    /// <summary>Forgets, once a minute, what is older than <see cref="Remembered"/> (presses counted by another instance).</summary>
    private void Sweep(DateTimeOffset now)
    {
        var due = Interlocked.Read(ref _nextSweep);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextSweep, now.UtcTicks + TimeSpan.TicksPerMinute, due) != due)
        {
            return;
        }

        var before = now - Remembered;
        foreach (var (key, answer) in _answers.Where(a => a.Value.At < before))
        {
            _answers.TryRemove(KeyValuePair.Create(key, answer));
        }

        foreach (var (key, waiting) in _waiting.Where(w => w.Value.At < before))
        {
            if (_waiting.TryRemove(KeyValuePair.Create(key, waiting)))
            {
                Interlocked.Decrement(ref _remembered);
            }
        }
    }

    private static string Key(string channel, string answerId) => channel + ":" + answerId;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Answering press {AnswerId} on arrival failed; its turn in the inbox answers it")]
    private partial void LogAnswerFailed(Exception exception, string? answerId);

    private sealed record Waiting(string AnswerKey, DateTimeOffset At);

    private sealed class Answer(DateTimeOffset at)
    {
        public DateTimeOffset At { get; } = at;

        /// <summary>The reader's stored vote has been read (or will not be).</summary>
        public TaskCompletionSource Read { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<bool> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
