using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Humas.Bot.Channels.Telegram.Reactions;

/// <summary>
/// How often one reaction was given under one delivered copy of an article: Telegram's own emoji reactions,
/// a second signal kept apart from the five-option votes. Only messages the service delivered are counted.
/// </summary>
public sealed class TelegramReactionCount
{
    public long ChatId { get; set; }
    public int MessageId { get; set; }

    /// <summary>The emoji; "custom:{id}" for a custom emoji, "paid" for Telegram Stars.</summary>
    public required string Reaction { get; set; }
    public int Count { get; set; }

    /// <summary>The article the message carries, so a report sums its copies without a join.</summary>
    public Guid ArticleId { get; set; }
    public DateTime UpdatedAt { get; set; }
}

internal sealed class TelegramReactionCountMapping : IEntityTypeConfiguration<TelegramReactionCount>
{
    public const int MaxReactionLength = 64;

    public void Configure(EntityTypeBuilder<TelegramReactionCount> b)
    {
        b.ToTable("TelegramReactions");
        b.HasKey(x => new { x.ChatId, x.MessageId, x.Reaction });
        b.Property(x => x.Reaction).HasMaxLength(MaxReactionLength);
        b.HasIndex(x => x.ArticleId);
    }
}
