using Humas.Bot.Delivery.Channels;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Institutions;
using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Subscriptions;

/// <summary>Where a channel or group stands, as the dashboard and the CLI show it.</summary>
public enum ChatConnectionState
{
    /// <summary>The bot may post there, but no institution is connected yet: nothing is sent.</summary>
    Waiting,

    /// <summary>Connected to institutions (or following all news): their articles are posted there.</summary>
    Connected,

    /// <summary>The bot was removed, lost its right to post, or the platform refused it; the note says which.</summary>
    Inactive,
}

/// <summary>A channel or group conversation with what it follows.</summary>
public sealed record ChatConnection(
    long ConversationId,
    string Channel,
    string ExternalId,
    ConversationKind Kind,
    string? Title,
    ConversationStatus Status,
    string? Note,
    bool FollowsAll,
    IReadOnlyList<string> Institutions,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    public ChatConnectionState State =>
        Status != ConversationStatus.Active ? ChatConnectionState.Inactive
        : FollowsAll || Institutions.Count > 0 ? ChatConnectionState.Connected
        : ChatConnectionState.Waiting;
}

/// <summary>
/// Channels and groups (a ministry's Telegram channel, a discussion group, a Teams channel) that an editor connects
/// to institutions, from the dashboard or a channel's CLI verb. A place appears when a channel adapter records the
/// bot's arrival there as a conversation; connecting is subscribing it to institutions, so fan-out and delivery
/// treat it like any reader. Channel-neutral: the adapters decide what may arrive and what is posted there.
/// </summary>
public sealed class ChatConnections(IDbContextFactory<HumasDbContext> factory, SubscriptionService subscriptions)
{
    /// <summary>At most this many rows in a list (newest first).</summary>
    public const int MaxListed = 500;

    private static readonly ConversationKind[] Places = [ConversationKind.Channel, ConversationKind.Group];

    /// <summary>Channels and groups of every channel, or of <paramref name="channel"/>, newest change first.</summary>
    public async Task<IReadOnlyList<ChatConnection>> ListAsync(string? channel, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var query = db.Set<Conversation>().AsNoTracking().Where(c => Places.Contains(c.Kind));
        if (!string.IsNullOrEmpty(channel))
        {
            query = query.Where(c => c.Channel == channel);
        }

        var conversations = await query.OrderByDescending(c => c.UpdatedAt).ThenByDescending(c => c.Id).Take(MaxListed).ToListAsync(ct);
        return await WithSubscriptionsAsync(db, conversations, ct);
    }

    /// <summary>The channel or group with this platform address, or null (also for a private chat).</summary>
    public async Task<ChatConnection?> FindAsync(string channel, string externalId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var conversation = await db.Set<Conversation>().AsNoTracking()
            .SingleOrDefaultAsync(c => c.Channel == channel && c.ExternalId == externalId && Places.Contains(c.Kind), ct);
        return conversation is null ? null : (await WithSubscriptionsAsync(db, [conversation], ct))[0];
    }

    public async Task<ChatConnection?> FindAsync(long conversationId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var conversation = await db.Set<Conversation>().AsNoTracking()
            .SingleOrDefaultAsync(c => c.Id == conversationId && Places.Contains(c.Kind), ct);
        return conversation is null ? null : (await WithSubscriptionsAsync(db, [conversation], ct))[0];
    }

    /// <summary>
    /// Connects the place to each institution (idempotent). Throws <see cref="ArgumentException"/> naming the first
    /// id that is not an institution, before connecting any. An inactive place stays inactive: the platform must
    /// let the bot post there again first.
    /// </summary>
    public async Task<ChatConnection> ConnectAsync(long conversationId, IReadOnlyCollection<string> institutionIds, CancellationToken ct)
    {
        var place = await FindAsync(conversationId, ct) ?? throw new KeyNotFoundException($"Conversation {conversationId} is not a channel or group.");
        var ids = institutionIds.Select(i => i.Trim()).Where(i => i.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
        {
            throw new ArgumentException("Name at least one institution.");
        }

        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            var known = await db.Set<Institution>().Where(i => ids.Contains(i.Id)).Select(i => i.Id).ToListAsync(ct);
            if (ids.FirstOrDefault(i => !known.Contains(i)) is { } unknown)
            {
                throw new ArgumentException($"'{unknown}' is not an institution (known: {string.Join(", ", await db.Set<Institution>().OrderBy(i => i.Id).Select(i => i.Id).ToListAsync(ct))}).");
            }
        }

        foreach (var id in ids)
        {
            await subscriptions.SubscribeAsync(place.ConversationId, SubscriptionTarget.Institution, id, ct);
        }

        return (await FindAsync(conversationId, ct))!;
    }

    /// <summary>Disconnects one institution, or everything the place follows when <paramref name="institutionId"/> is null.</summary>
    public async Task<int> DisconnectAsync(long conversationId, string? institutionId, CancellationToken ct)
    {
        _ = await FindAsync(conversationId, ct) ?? throw new KeyNotFoundException($"Conversation {conversationId} is not a channel or group.");
        await using var db = await factory.CreateDbContextAsync(ct);
        if (db.IsRestricted)
        {
            // An institution's editor disconnects the place from their own institutions only.
            var removed = 0;
            foreach (var id in db.ScopeInstitutions.Where(i => institutionId is null || i == institutionId))
            {
                removed += await subscriptions.UnsubscribeAsync(conversationId, SubscriptionTarget.Institution, id, ct);
            }

            return removed;
        }

        return institutionId is null
            ? await subscriptions.UnsubscribeAsync(conversationId, null, null, ct)
            : await subscriptions.UnsubscribeAsync(conversationId, SubscriptionTarget.Institution, institutionId, ct);
    }

    private static async Task<IReadOnlyList<ChatConnection>> WithSubscriptionsAsync(HumasDbContext db, List<Conversation> conversations, CancellationToken ct)
    {
        var ids = conversations.Select(c => c.Id).ToList();
        var follows = (await db.Set<Subscription>().AsNoTracking().Where(s => ids.Contains(s.ConversationId)).ToListAsync(ct))
            .ToLookup(s => s.ConversationId);
        return conversations.Select(c => new ChatConnection(
            c.Id,
            c.Channel,
            c.ExternalId,
            c.Kind,
            c.Title,
            c.Status,
            c.StatusReason,
            follows[c.Id].Any(s => s.Target == SubscriptionTarget.All),
            follows[c.Id].Where(s => s.Target == SubscriptionTarget.Institution).Select(s => s.Value).Order(StringComparer.Ordinal).ToList(),
            c.CreatedAt,
            c.UpdatedAt)).ToList();
    }
}
