using Humas.Bot.Host;
using Humas.Bot.Institutions;
using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Subscriptions;

/// <summary>
/// Records moved chats and keeps <see cref="ChatMoves"/> filled: read at start (before the service takes any update)
/// and again every <see cref="RefreshInterval"/>, so a move another instance recorded is followed here within that;
/// one recorded here is followed at once. The one place a move is recorded, whoever noticed it (the platform's
/// service message, through the router; a send refused with the new id, through the dispatcher): the institutions'
/// stored editors' chats follow it (<see cref="InstitutionChatMoves"/>; absent only from a host without institutions,
/// such as a delivery-only test host) and the channels' watchers are told of it.
/// </summary>
public sealed class ChatMoveStore(
    ChatMoves moves,
    IDbContextFactory<HumasDbContext> factory,
    SqliteWriteGate sqliteWriter,
    IEnumerable<IChatMoveWatcher> watchers,
    TimeProvider time,
    ILogger<ChatMoveStore> log,
    InstitutionChatMoves? institutionChats = null)
    : RecurringWorker(time, log)
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(30);

    private readonly TimeProvider _time = time;

    /// <summary>Set by <see cref="StartAsync"/>'s read, so the first round, which the worker runs at once, does not read again.</summary>
    private bool _readAtStart;

    protected override TimeSpan Interval => RefreshInterval;

    protected override string Activity => "reading moved chats";

    /// <summary>
    /// Records that the chat <paramref name="from"/> is now <paramref name="to"/>: one upsert, so Telegram's two updates
    /// of one upgrade, even in two instances at once, leave one row (the newest move wins). Then the institutions'
    /// stored editors' chats follow it, every time (idempotent, and it completes a first attempt that failed after the
    /// row was written); the watchers hear of it only when the row is new or changed, so a redelivered update repeats
    /// no warning.
    /// </summary>
    public async Task RecordAsync(ConversationAddress from, string to, CancellationToken ct)
    {
        int written;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            using var gate = await sqliteWriter.EnterAsync(db, ct);
            var now = _time.GetUtcNow().UtcDateTime;
            written = await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "ChatMoves" ("Channel", "FromExternalId", "ToExternalId", "MovedAt") VALUES ({from.Channel}, {from.ExternalId}, {to}, {now})
                ON CONFLICT ("Channel", "FromExternalId") DO UPDATE SET "ToExternalId" = excluded."ToExternalId", "MovedAt" = excluded."MovedAt"
                WHERE "ChatMoves"."ToExternalId" <> excluded."ToExternalId"
                """, ct);
        }

        await LoadAsync(ct);
        // Told before the stored chats are followed: when that fails, the event is handled again and finds the row
        // written (no second warning), while following again is harmless.
        if (written > 0)
        {
            foreach (var watcher in watchers)
            {
                watcher.Moved(from, to);
            }
        }

        if (institutionChats is not null)
        {
            await institutionChats.FollowAsync(from.Channel, from.Account, from.ExternalId, to, ct);
        }
    }

    /// <summary>Read before the host starts the other services, so the first update already sees every move.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        _readAtStart = true;
        await base.StartAsync(cancellationToken);
    }

    protected override Task RunOnceAsync(CancellationToken cancellationToken)
    {
        if (_readAtStart)
        {
            _readAtStart = false;
            return Task.CompletedTask;
        }

        return LoadAsync(cancellationToken);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.Set<ChatMove>().AsNoTracking().Select(m => new { m.Channel, m.FromExternalId, m.ToExternalId }).ToListAsync(ct);
        moves.Replace(rows.Select(m => (m.Channel, m.FromExternalId, m.ToExternalId)));
    }
}
