using Humas.Bot.Delivery.Channels;
using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Subscriptions;

/// <summary>
/// What the chat adapters call when a reader subscribes, changes settings, blocks or returns. Every method
/// is idempotent so a platform's retried update does no harm.
/// </summary>
public sealed class SubscriptionService(IDbContextFactory<HumasDbContext> factory, TimeProvider time)
{
    private readonly KeyedLocks _addresses = new();

    /// <summary>Finds or creates the conversation for a platform address, refreshing its title and routing data.</summary>
    /// <remarks>
    /// Two requests from one new conversation may race to create it (Teams and web requests are handled in
    /// parallel). Inside this process they take turns per address, so the loser does not first break the unique
    /// address index (which EF Core logs as an error; the fault suite's fuzzer counts those). Another instance
    /// can still race: its insert breaks the index, and it then finds the winner's row.
    /// </remarks>
    public async Task<Conversation> EnsureConversationAsync(
        ConversationAddress address, string? title = null, string language = "id", CancellationToken ct = default) =>
        (await FindOrCreateConversationAsync(address, title, language, ct)).Conversation;

    /// <summary>As <see cref="EnsureConversationAsync"/>, and whether this call created the conversation (its first contact here).</summary>
    public async Task<(Conversation Conversation, bool Created)> FindOrCreateConversationAsync(
        ConversationAddress address, string? title = null, string language = "id", CancellationToken ct = default)
    {
        using var turn = await _addresses.AcquireAsync(address.Channel + "\n" + address.ExternalId, ct);
        try
        {
            return await FindOrCreateAsync(address, title, language, ct);
        }
        catch (DbUpdateException)
        {
            return await FindOrCreateAsync(address, title, language, ct);
        }
    }

    private async Task<(Conversation Conversation, bool Created)> FindOrCreateAsync(ConversationAddress address, string? title, string language, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var now = Now;
        // A platform's chat title has no limit we can rely on (the fault suite's fuzzer sent 100,000 characters);
        // the column keeps 200. PostgreSQL refuses a longer value, SQLite would silently keep it.
        title = ColumnText.Clip(title, MaxTitleLength);
        var conversation = await db.Set<Conversation>()
            .SingleOrDefaultAsync(c => c.Channel == address.Channel && c.ExternalId == address.ExternalId && c.Account == address.Account, ct);
        var created = conversation is null;
        if (conversation is null)
        {
            conversation = new Conversation
            {
                Channel = address.Channel,
                ExternalId = address.ExternalId,
                Kind = address.Kind,
                Language = language,
                Title = title,
                ChannelData = address.ChannelData,
                Account = address.Account,
                PersonId = address.PersonId,
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.Add(conversation);
        }
        else
        {
            conversation.Title = title ?? conversation.Title;
            conversation.ChannelData = address.ChannelData ?? conversation.ChannelData;
            conversation.PersonId = address.PersonId ?? conversation.PersonId;
            conversation.UpdatedAt = now;
        }

        await db.SaveChangesAsync(ct);
        return (conversation, created);
    }

    /// <summary>
    /// The longest platform ids the conversation, tip and vote columns keep (external, user and tenant ids).
    /// Teams' personal chat ids ("a:1…") run to about 150 characters and channel thread ids with
    /// ";messageid=…" longer still; 512 holds the longest seen with room, and anything longer is not a real id.
    /// </summary>
    public const int MaxIdLength = 512;

    public const int MaxTitleLength = 200;

    public async Task SubscribeAsync(long conversationId, SubscriptionTarget target, string? value = null, CancellationToken ct = default)
    {
        var normalized = target == SubscriptionTarget.All ? "" : (value ?? "").Trim();
        if (target != SubscriptionTarget.All && normalized.Length == 0)
        {
            throw new ArgumentException("An institution or category subscription needs a value.", nameof(value));
        }

        await using var db = await factory.CreateDbContextAsync(ct);
        var exists = await db.Set<Subscription>().AnyAsync(
            s => s.ConversationId == conversationId && s.Target == target && s.Value == normalized, ct);
        if (!exists)
        {
            db.Add(new Subscription { ConversationId = conversationId, Target = target, Value = normalized, CreatedAt = Now });
            await db.SaveChangesAsync(ct);
        }
    }

    /// <summary>Removes one subscription, or all of them when <paramref name="target"/> is null.</summary>
    public async Task<int> UnsubscribeAsync(long conversationId, SubscriptionTarget? target = null, string? value = null, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var query = db.Set<Subscription>().Where(s => s.ConversationId == conversationId);
        if (target is { } t)
        {
            var normalized = t == SubscriptionTarget.All ? "" : (value ?? "").Trim();
            query = query.Where(s => s.Target == t && s.Value == normalized);
        }

        return await query.ExecuteDeleteAsync(ct);
    }

    public async Task<IReadOnlyList<Subscription>> ListAsync(long conversationId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<Subscription>().AsNoTracking().Where(s => s.ConversationId == conversationId)
            .OrderBy(s => s.Id).ToListAsync(ct);
    }

    /// <summary>Instant, or a digest at <paramref name="digestHour"/> local time (weekly on <paramref name="digestDay"/>).</summary>
    public Task SetModeAsync(long conversationId, DeliveryMode mode, int digestHour = 7, DayOfWeek digestDay = DayOfWeek.Monday, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(digestHour);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(digestHour, 23);
        var now = Now;
        return UpdateAsync(conversationId, s => s
            .SetProperty(c => c.DeliveryMode, mode)
            .SetProperty(c => c.DigestHour, digestHour)
            .SetProperty(c => c.DigestDay, digestDay)
            // A new digest covers from now on, not everything since the conversation began.
            .SetProperty(c => c.LastDigestAt, c => c.LastDigestAt ?? now)
            .SetProperty(c => c.UpdatedAt, now), ct);
    }

    /// <summary>Sets quiet hours (local Jakarta time), or turns them off with null.</summary>
    public Task SetQuietHoursAsync(long conversationId, TimeOnly? start, TimeOnly? end, CancellationToken ct = default)
    {
        if (start.HasValue != end.HasValue || (start.HasValue && start == end))
        {
            throw new ArgumentException("Quiet hours need a start and a different end, or neither.");
        }

        int? startMinute = start is { } s ? s.Hour * 60 + s.Minute : null;
        int? endMinute = end is { } e ? e.Hour * 60 + e.Minute : null;
        var now = Now;
        return UpdateAsync(conversationId, u => u
            .SetProperty(c => c.QuietStartMinute, startMinute)
            .SetProperty(c => c.QuietEndMinute, endMinute)
            .SetProperty(c => c.UpdatedAt, now), ct);
    }

    public async Task SetLanguageAsync(long conversationId, string language, CancellationToken ct = default)
    {
        var now = Now;
        await UpdateAsync(conversationId, u => u.SetProperty(c => c.Language, language).SetProperty(c => c.UpdatedAt, now), ct);
    }

    /// <summary>The reader blocked the bot or the bot left: stop sending (the dispatcher skips what is queued as it comes due).</summary>
    public async Task DeactivateAsync(long conversationId, ConversationStatus status, string reason, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await db.InTransactionAsync(async () =>
        {
            await db.DeactivateConversationAsync(conversationId, status, reason, Now, ct);
            return 0;
        }, ct);
    }

    /// <summary>The reader unblocked or re-added the bot: deliver again from now on (skipped messages stay skipped).</summary>
    public async Task ReactivateAsync(long conversationId, CancellationToken ct = default)
    {
        var now = Now;
        await UpdateAsync(conversationId, u => u
            .SetProperty(c => c.Status, ConversationStatus.Active)
            .SetProperty(c => c.StatusReason, (string?)null)
            .SetProperty(c => c.UpdatedAt, now), ct);
    }

    /// <summary>The platform moved the conversation (Telegram group to supergroup): keep its subscriptions under the new id.</summary>
    public async Task<bool> MoveAsync(long conversationId, string newExternalId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.InTransactionAsync(() => db.MoveConversationAsync(conversationId, newExternalId, Now, ct), ct);
    }

    private async Task UpdateAsync(
        long conversationId,
        Action<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<Conversation>> setters,
        CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var updated = await db.Set<Conversation>().Where(c => c.Id == conversationId).ExecuteUpdateAsync(setters, ct);
        if (updated == 0)
        {
            throw new KeyNotFoundException($"Conversation {conversationId} does not exist.");
        }
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;
}
