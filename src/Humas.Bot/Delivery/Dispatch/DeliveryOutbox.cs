using Humas.Bot.Delivery.Model;
using Humas.Bot.Storage;
using Humas.Bot.Subscriptions;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Humas.Bot.Delivery.Dispatch;

/// <summary>
/// Leasing and completing outbox rows. A lease is a row in state Sending with an owner and an expiry; when a
/// worker dies, its rows become leasable again once the expiry passes, so nothing waits on a dead process.
/// Every completion is conditional on still holding the lease, so a worker that was too slow cannot
/// overwrite the result of the worker that took the row over.
/// </summary>
internal static class DeliveryOutbox
{
    /// <param name="sqliteWriter">
    /// Held only around the one write: the reads before and after it need no turn at SQLite's single writer, so results
    /// waiting for their commit are not kept waiting by them.
    /// </param>
    /// <param name="expired">
    /// Whether to look for expired leases too. The index cannot narrow them down by expiry, so the look reads every row
    /// in state Sending, and on PostgreSQL also every outdated version of one still in the index until vacuum removes
    /// it (about 30,000 of them, 5 ms, half of each lease's time in a 20,000-reader broadcast); the dispatcher
    /// therefore looks only about once a second, which delays taking over a dead worker's rows by at most that.
    /// </param>
    public static async Task<List<long>> LeaseAsync(
        HumasDbContext db, SqliteWriteGate sqliteWriter, string owner, DateTime now, TimeSpan lease, int max, bool expired,
        CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
        {
            return await LeaseSkippingLockedAsync(db, owner, now, lease, max, expired, ct);
        }

        var deliveries = db.Set<DeliveryRecord>();
        // Three index range scans on (State, NextAttemptAt) instead of one OR, which would scan and sort the whole queue.
        var candidates = expired
            ? await deliveries.Where(d => d.State == DeliveryState.Sending && d.LeaseExpiresAt <= now)
                .OrderBy(d => d.Id).Select(d => d.Id).Take(max).ToListAsync(ct)
            : [];
        foreach (var state in new[] { DeliveryState.Pending, DeliveryState.Retrying })
        {
            if (candidates.Count >= max)
            {
                break;
            }

            candidates.AddRange(await deliveries.Where(d => d.State == state && d.NextAttemptAt <= now)
                .OrderBy(d => d.NextAttemptAt).ThenBy(d => d.Id).Select(d => d.Id).Take(max - candidates.Count).ToListAsync(ct));
        }

        if (candidates.Count == 0)
        {
            return candidates;
        }

        var expires = now + lease;
        await db.Database.OpenConnectionAsync(ct);
        using (await sqliteWriter.EnterAsync(db, ct))
        await using (var command = db.Database.GetDbConnection().CreateCommand())
        {
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = SqliteLeaseStatement;
            Add(command, "@ids", JsonList(candidates));
            Add(command, "@sending", nameof(DeliveryState.Sending));
            Add(command, "@pending", nameof(DeliveryState.Pending));
            Add(command, "@retrying", nameof(DeliveryState.Retrying));
            Add(command, "@owner", owner);
            Add(command, "@expires", expires);
            Add(command, "@now", now);
            // The lease's commit does not wait for the disk (SqliteRelaxedCommit): it held the one writer about 2 ms
            // a lease, beside the results' commits, which do wait and take it to disk with them.
            var leased = new List<long>(candidates.Count);
            await using (await SqliteRelaxedCommit.EnterAsync(db, ct))
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    leased.Add(reader.GetInt64(0));
                }
            }

            return leased;
        }
    }

    /// <summary>
    /// PostgreSQL, several instances: one statement picks due rows with <c>FOR UPDATE SKIP LOCKED</c> and leases
    /// them, so concurrent dispatchers (in this or other instances) each take different rows instead of
    /// queueing on the same ones; the lease conditions are checked again on the locked rows. The same three
    /// index range scans as on SQLite (expired leases, pending, retrying), each stopping at <paramref name="max"/>.
    /// Rows due at the same instant (a fan-out's) are taken in the index's order, about the order they were written:
    /// ordered by id as well, each lease read and sorted every row due at that instant (2,500 of them, 1-2 ms, in a
    /// 20,000-reader broadcast), because the index does not hold the id in order.
    /// </summary>
    private static async Task<List<long>> LeaseSkippingLockedAsync(
        HumasDbContext db, string owner, DateTime now, TimeSpan lease, int max, bool expired, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = """
                WITH "expired" AS (
                  SELECT "Id" FROM "Deliveries" WHERE @expired AND "State" = @sending AND "LeaseExpiresAt" <= @now
                  ORDER BY "Id" LIMIT @max FOR UPDATE SKIP LOCKED),
                "pending" AS (
                  SELECT "Id" FROM "Deliveries" WHERE "State" = @pending AND "NextAttemptAt" <= @now
                  ORDER BY "NextAttemptAt" LIMIT @max FOR UPDATE SKIP LOCKED),
                "retrying" AS (
                  SELECT "Id" FROM "Deliveries" WHERE "State" = @retrying AND "NextAttemptAt" <= @now
                  ORDER BY "NextAttemptAt" LIMIT @max FOR UPDATE SKIP LOCKED),
                "chosen" AS (
                  SELECT "Id" FROM "expired" UNION ALL SELECT "Id" FROM "pending" UNION ALL SELECT "Id" FROM "retrying" LIMIT @max)
                UPDATE "Deliveries" AS "d" SET "State" = @sending, "LeaseOwner" = @owner, "LeaseExpiresAt" = @expires, "UpdatedAt" = @now
                FROM "chosen" WHERE "d"."Id" = "chosen"."Id"
                  AND ((("d"."State" = @pending OR "d"."State" = @retrying) AND "d"."NextAttemptAt" <= @now)
                       OR ("d"."State" = @sending AND "d"."LeaseExpiresAt" <= @now))
                RETURNING "d"."Id"
                """;
            Add(command, "@sending", nameof(DeliveryState.Sending));
            Add(command, "@pending", nameof(DeliveryState.Pending));
            Add(command, "@retrying", nameof(DeliveryState.Retrying));
            Add(command, "@owner", owner);
            Add(command, "@expires", now + lease);
            Add(command, "@now", now);
            Add(command, "@max", max);
            Add(command, "@expired", expired);
            var leased = new List<long>(max);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                leased.Add(reader.GetInt64(0));
            }

            return leased;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// SQLite's lease of the candidates, a JSON array of ids in <c>@ids</c>, hand-written like <see cref="MarkSentAsync"/>
    /// (the LINQ ExecuteUpdate, a 64-value IN list and four setters, cost more to build and run). The state test is
    /// repeated so that a row another dispatcher leased in between is left alone. Its state columns carry a unary
    /// <c>+</c>, which keeps SQLite from using the (State, NextAttemptAt) index for them: without it SQLite, having no
    /// statistics, answered the OR of the states with that index and read every due row of the queue to find the ids it
    /// was given (about 11 ms a lease with 50,000 waiting, more as the queue grows, all of it holding the one writer);
    /// with it SQLite looks the ids up by primary key. The ids are one parameter, not one each: the driver finds each
    /// parameter's place by its name in a list, tens of thousands of name comparisons for a lease of 256 ids. It returns
    /// the ids it leased, so no read after it has to find them.
    /// </summary>
    internal const string SqliteLeaseStatement = """
        UPDATE "Deliveries" SET "State" = @sending, "LeaseOwner" = @owner, "LeaseExpiresAt" = @expires, "UpdatedAt" = @now
        WHERE "Id" IN (SELECT "value" FROM json_each(@ids))
          AND (((+"State" = @pending OR +"State" = @retrying) AND "NextAttemptAt" <= @now)
               OR (+"State" = @sending AND "LeaseExpiresAt" <= @now))
        RETURNING "Id"
        """;

    /// <summary>Ids as a JSON array, for SQLite's <c>json_each</c>.</summary>
    internal static string JsonList(IReadOnlyList<long> ids) =>
        "[" + string.Join(",", ids.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]";

    /// <summary>PostgreSQL's statement for a group of sends (see <see cref="MarkSentAsync"/>).</summary>
    internal const string PostgresMarkSentStatement = """
        UPDATE "Deliveries" AS "d" SET "State" = @sent, "MessageId" = "v"."messageId", "SentRevision" = "v"."revision",
          "Attempts" = "d"."Attempts" + 1, "SentAt" = @now, "LastError" = NULL, "LeaseOwner" = NULL,
          "LeaseExpiresAt" = NULL, "UpdatedAt" = @now
        FROM unnest(@ids, @owners, @messageIds, @revisions) AS "v"("id", "owner", "messageId", "revision")
        WHERE "d"."Id" = "v"."id" AND "d"."LeaseOwner" = "v"."owner" AND ("d"."State" = @sending) IS TRUE
        """;

    /// <summary>
    /// The common case, successful sends, hand-written: at thousands of sends a second the per-call cost of
    /// translating a LINQ update would be the bottleneck. Each row is written only while its lease is still held.
    /// On PostgreSQL the whole group is one statement over arrays (a statement per row was a round trip, a parse
    /// and an execution each, which made one instance about half as fast as SQLite); on SQLite, in process, one
    /// prepared statement is run per row. PostgreSQL's state test is written <c>(…) IS TRUE</c>, which no index can
    /// answer, so the rows are found by primary key (or, in a table the planner takes to be small, by reading it): as a
    /// plain comparison the planner answered it with the (State, NextAttemptAt) index, whose Sending range also holds
    /// every outdated version of a row sent since the last vacuum (17,000 entries and 2-3 ms a group in a 20,000-reader
    /// broadcast; the table's statistics, taken before the broadcast, thought it held 8).
    /// </summary>
    public static async Task MarkSentAsync(HumasDbContext db, IReadOnlyList<(long Id, string Owner, DispatchOutcome.Sent Sent)> rows, DateTime now, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }

        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        Add(command, "@sent", nameof(DeliveryState.Sent));
        Add(command, "@sending", nameof(DeliveryState.Sending));
        Add(command, "@now", now);
        if (db.Database.IsNpgsql())
        {
            command.CommandText = PostgresMarkSentStatement;
            Add(command, "@ids", rows.Select(r => r.Id).ToArray());
            Add(command, "@owners", rows.Select(r => r.Owner).ToArray());
            Add(command, "@messageIds", rows.Select(r => r.Sent.MessageId).ToArray());
            Add(command, "@revisions", rows.Select(r => r.Sent.Revision).ToArray());
            await command.ExecuteNonQueryAsync(ct);
            return;
        }

        command.CommandText = """
            UPDATE "Deliveries" SET "State" = @sent, "MessageId" = @messageId, "SentRevision" = @revision,
              "Attempts" = "Attempts" + 1, "SentAt" = @now, "LastError" = NULL, "LeaseOwner" = NULL,
              "LeaseExpiresAt" = NULL, "UpdatedAt" = @now
            WHERE "Id" = @id AND "LeaseOwner" = @owner AND "State" = @sending
            """;
        var id = Add(command, "@id", 0L);
        var owner = Add(command, "@owner", "");
        var messageId = Add(command, "@messageId", "");
        var revision = Add(command, "@revision", 0);
        foreach (var row in rows)
        {
            id.Value = row.Id;
            owner.Value = row.Owner;
            messageId.Value = row.Sent.MessageId;
            revision.Value = row.Sent.Revision;
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private static DbParameter Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    public static async Task ApplyAsync(
        HumasDbContext db, DeliveryRecord row, string owner, DispatchOutcome outcome, DateTime now, CancellationToken ct)
    {
        var mine = db.Set<DeliveryRecord>().Where(d => d.Id == row.Id && d.LeaseOwner == owner && d.State == DeliveryState.Sending);
        switch (outcome)
        {
            case DispatchOutcome.Sent s:
                await mine.ExecuteUpdateAsync(u => u
                    .SetProperty(d => d.State, DeliveryState.Sent)
                    .SetProperty(d => d.MessageId, s.MessageId)
                    .SetProperty(d => d.SentRevision, s.Revision)
                    .SetProperty(d => d.Attempts, d => d.Attempts + 1)
                    .SetProperty(d => d.SentAt, now)
                    .SetProperty(d => d.LastError, (string?)null)
                    .SetProperty(d => d.LeaseOwner, (string?)null)
                    .SetProperty(d => d.LeaseExpiresAt, (DateTime?)null)
                    .SetProperty(d => d.UpdatedAt, now), ct);
                break;
            case DispatchOutcome.Deferred deferred:
                var state = row.Attempts > 0 ? DeliveryState.Retrying : DeliveryState.Pending;
                var reason = deferred.Reason ?? row.LastError;
                await mine.ExecuteUpdateAsync(u => u
                    .SetProperty(d => d.State, state)
                    .SetProperty(d => d.NextAttemptAt, deferred.Until)
                    .SetProperty(d => d.LastError, Clip(reason))
                    .SetProperty(d => d.LeaseOwner, (string?)null)
                    .SetProperty(d => d.LeaseExpiresAt, (DateTime?)null)
                    .SetProperty(d => d.UpdatedAt, now), ct);
                break;
            case DispatchOutcome.Retry retry:
                await mine.ExecuteUpdateAsync(u => u
                    .SetProperty(d => d.State, DeliveryState.Retrying)
                    .SetProperty(d => d.Attempts, d => d.Attempts + 1)
                    .SetProperty(d => d.NextAttemptAt, retry.Until)
                    .SetProperty(d => d.LastError, Clip(retry.Reason))
                    .SetProperty(d => d.LeaseOwner, (string?)null)
                    .SetProperty(d => d.LeaseExpiresAt, (DateTime?)null)
                    .SetProperty(d => d.UpdatedAt, now), ct);
                break;
            case DispatchOutcome.GaveUp gaveUp:
                await Finish(mine, DeliveryState.GaveUp, gaveUp.Reason, attempted: true, now, ct);
                break;
            case DispatchOutcome.Skipped skipped:
                await Finish(mine, DeliveryState.Skipped, skipped.Reason, attempted: false, now, ct);
                break;
            case DispatchOutcome.Gone gone:
                if (await Finish(mine, DeliveryState.Skipped, $"recipient gone: {gone.Reason}", attempted: true, now, ct) > 0)
                {
                    await db.DeactivateConversationAsync(row.ConversationId, ConversationStatus.Blocked, gone.Reason, now, ct);
                    await SkipQueuedAsync(db, row.ConversationId, $"recipient gone: {gone.Reason}", now, ct);
                }

                break;
            case DispatchOutcome.Moved moved:
                // The conversation moves to the new id; when one already lives there, a notice (a new tip, a
                // contributor's answer: no copy of it is at the new id) goes to that one, and the rest is skipped.
                long? target = await db.MoveConversationAsync(row.ConversationId, moved.NewExternalId, now, ct) ? row.ConversationId
                    : row.Kind == DeliveryKind.Notice ? await MovedToAsync(db, row.ConversationId, moved.NewExternalId, ct)
                    : null;
                if (target is not { } to)
                {
                    await Finish(mine, DeliveryState.Skipped, $"moved to {moved.NewExternalId}, which has its own delivery", attempted: true, now, ct);
                    await SkipQueuedAsync(db, row.ConversationId, $"recipient gone: moved to {moved.NewExternalId}, which already exists", now, ct);
                    break;
                }

                // Send again at once, to the new id; the attempt at the old id counts.
                await mine.ExecuteUpdateAsync(u => u
                    .SetProperty(d => d.ConversationId, to)
                    .SetProperty(d => d.State, DeliveryState.Pending)
                    .SetProperty(d => d.Attempts, d => d.Attempts + 1)
                    .SetProperty(d => d.NextAttemptAt, now)
                    .SetProperty(d => d.LastError, Clip($"moved to {moved.NewExternalId}: {moved.Reason}"))
                    .SetProperty(d => d.LeaseOwner, (string?)null)
                    .SetProperty(d => d.LeaseExpiresAt, (DateTime?)null)
                    .SetProperty(d => d.UpdatedAt, now), ct);
                if (to != row.ConversationId)
                {
                    // The old id's other queued notices follow it there at once.
                    await db.Set<DeliveryRecord>()
                        .Where(d => d.ConversationId == row.ConversationId && d.Kind == DeliveryKind.Notice && Queued.Contains(d.State))
                        .ExecuteUpdateAsync(u => u.SetProperty(d => d.ConversationId, to).SetProperty(d => d.UpdatedAt, now), ct);
                    await SkipQueuedAsync(db, row.ConversationId, $"recipient gone: moved to {moved.NewExternalId}, which already exists", now, ct);
                }

                break;
            default:
                throw new InvalidOperationException($"Unknown outcome {outcome}");
        }
    }

    private static readonly DeliveryState[] Queued = [DeliveryState.Pending, DeliveryState.Retrying];

    /// <summary>The conversation that already lives at <paramref name="newExternalId"/>, on the same channel and account as <paramref name="conversationId"/>.</summary>
    private static async Task<long> MovedToAsync(HumasDbContext db, long conversationId, string newExternalId, CancellationToken ct)
    {
        var old = await db.Set<Conversation>().Where(c => c.Id == conversationId).Select(c => new { c.Channel, c.Account }).SingleAsync(ct);
        return await db.Set<Conversation>()
            .Where(c => c.Channel == old.Channel && c.Account == old.Account && c.ExternalId == newExternalId)
            .Select(c => c.Id).SingleAsync(ct);
    }

    /// <summary>The conversation is gone: what is queued for it is skipped with the reason, in the same transaction.</summary>
    private static Task<int> SkipQueuedAsync(HumasDbContext db, long conversationId, string reason, DateTime now, CancellationToken ct) =>
        db.Set<DeliveryRecord>()
            .Where(d => d.ConversationId == conversationId && Queued.Contains(d.State))
            .ExecuteUpdateAsync(u => u
                .SetProperty(d => d.State, DeliveryState.Skipped)
                .SetProperty(d => d.LastError, Clip(reason))
                .SetProperty(d => d.LeaseOwner, (string?)null)
                .SetProperty(d => d.LeaseExpiresAt, (DateTime?)null)
                .SetProperty(d => d.UpdatedAt, now), ct);

    private static Task<int> Finish(IQueryable<DeliveryRecord> mine, DeliveryState state, string reason, bool attempted, DateTime now, CancellationToken ct)
    {
        var increment = attempted ? 1 : 0;
        return mine.ExecuteUpdateAsync(u => u
            .SetProperty(d => d.State, state)
            .SetProperty(d => d.Attempts, d => d.Attempts + increment)
            .SetProperty(d => d.LastError, Clip(reason))
            .SetProperty(d => d.LeaseOwner, (string?)null)
            .SetProperty(d => d.LeaseExpiresAt, (DateTime?)null)
            .SetProperty(d => d.UpdatedAt, now), ct);
    }

    private static string? Clip(string? text) => text is { Length: > 1000 } ? text[..1000] : text;

    public static Task<int> QueueDepthAsync(HumasDbContext db, CancellationToken ct) =>
        db.Set<DeliveryRecord>().CountAsync(d => d.State == DeliveryState.Pending || d.State == DeliveryState.Retrying || d.State == DeliveryState.Sending, ct);
}
