using Humas.Bot.Channels.Telegram;
using Humas.Bot.Channels.Telegram.Updates;
using Humas.Bot.Conversations.Inbound;
using Humas.Bot.Storage;
using Humas.Bot.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Moq;

namespace Humas.Bot.Tests.Conversations.Inbox;

/// <summary>
/// Outcomes of items finished at the same time are written in group commits: each row gets exactly its own outcome
/// (done or a failed attempt, its attempts, its error), and no other row is touched, not even another bot's update
/// with the same update_id.
/// </summary>
public abstract class InboxOutcomeTests : IDisposable
{
    private readonly TestDatabase _database;
    private readonly SqliteWriteGate _gate = new();
    private readonly TelegramInbox _inbox;

    protected InboxOutcomeTests(DatabaseKind kind)
    {
        _database = new TestDatabase(kind: kind);
        _inbox = new TelegramInbox(_database, _gate, Mock.Of<IInboundArrivals>(), Options.Create(new TelegramOptions { Token = "1:test" }), TimeProvider.System);
    }

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Outcomes_recorded_together_each_land_on_their_own_row_only()
    {
        await _inbox.AddAsync([.. Enumerable.Range(1, 90).Select(i => ((long)i, Message(chat: i)))], default);
        // Another bot's updates: 201 is finished like the shared bot's 30, and its 30 must stay pending (no cross matching).
        await _inbox.AddAsync("other", [(30, Message(chat: 30)), (201, Message(chat: 31))], default);
        // The two 30s' neighbour 201 first, so they are most likely in one commit (a cross match would show there).
        var items = (await _inbox.PendingAsync(200, [], default)).Where(i => i.Account.Length == 0 || i.UpdateId == 201)
            .OrderBy(i => i.UpdateId is 30 or 201 ? 0 : 1).ToList();
        Assert.Equal(91, items.Count);

        Task[] recorded;
        // Held at the gate on SQLite, so the outcomes queue up and are written together.
        await using (var db = _database.CreateDbContext())
        using (await _gate.EnterAsync(db, default))
        {
            recorded = [.. items.Select(item => (item.UpdateId % 3) switch
            {
                0 => _inbox.CompleteAsync(item, 1, null, default),
                1 => _inbox.CompleteAsync(item, 5, "gave up " + item.UpdateId, default),
                _ => _inbox.RecordFailureAsync(item, 2, "failed once", default),
            })];
        }

        await Task.WhenAll(recorded);
        await using var check = _database.CreateDbContext();
        var rows = await check.Set<TelegramInboxItem>().AsNoTracking().ToListAsync();
        foreach (var row in rows.Where(r => r.Account.Length == 0 || r.UpdateId == 201))
        {
            var expected = (row.UpdateId % 3) switch
            {
                0 => (true, 1, (string?)null),
                1 => (true, 5, "gave up " + row.UpdateId),
                _ => (false, 2, "failed once"),
            };
            Assert.Equal(expected, (row.ProcessedAt is not null, row.Attempts, row.LastError));
        }

        var other = rows.Single(r => r.Account == "other" && r.UpdateId == 30);
        Assert.Equal((null, 0, null), (other.ProcessedAt, other.Attempts, other.LastError));

    }

    [Fact]
    public async Task Outcomes_recorded_from_many_threads_at_once_all_land()
    {
        await _inbox.AddAsync([.. Enumerable.Range(1, 200).Select(i => ((long)i, Message(chat: i % 40)))], default);
        var items = await _inbox.PendingAsync(200, [], default);

        await Task.WhenAll(items.Select(item => Task.Run(() => _inbox.CompleteAsync(item, 1, null, default))));

        Assert.Empty(await _inbox.PendingAsync(200, [], default));
    }

    private static string Message(long chat) =>
        $$$"""{"message":{"message_id":1,"date":1700000000,"chat":{"id":{{{chat}}},"type":"private"},"text":"hi"}}""";
}

public sealed class InboxOutcomeTestsOnSqlite() : InboxOutcomeTests(DatabaseKind.Sqlite);

public sealed class InboxOutcomeTestsOnPostgres() : InboxOutcomeTests(DatabaseKind.Postgres);
