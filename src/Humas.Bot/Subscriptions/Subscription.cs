namespace Humas.Bot.Subscriptions;

public enum SubscriptionTarget
{
    /// <summary>Every announced article.</summary>
    All,
    Institution,
    Category,

    /// <summary>A word or phrase (Search.FollowedKeyword's stored form) matched on title, summary and body.</summary>
    Keyword,
}

/// <summary>One thing a conversation follows. <see cref="Value"/> is the institution id, category name or keyword, "" for All.</summary>
public sealed class Subscription
{
    public long Id { get; set; }
    public long ConversationId { get; set; }
    public SubscriptionTarget Target { get; set; }
    public string Value { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}
