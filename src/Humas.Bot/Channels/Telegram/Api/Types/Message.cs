namespace Humas.Bot.Channels.Telegram.Api.Types;

/// <summary>
/// A message. Telegram's MaybeInaccessibleMessage is this same shape: a message the bot can no longer
/// read arrives with only chat, message_id and date 0, see <see cref="IsInaccessible"/>.
/// </summary>
public sealed record Message
{
    public int MessageId { get; init; }
    public DateTimeOffset Date { get; init; }
    public DateTimeOffset? EditDate { get; init; }
    public required Chat Chat { get; init; }
    public User? From { get; init; }
    public string? Text { get; init; }
    public string? Caption { get; init; }
    public IReadOnlyList<MessageEntity>? Entities { get; init; }
    public IReadOnlyList<MessageEntity>? CaptionEntities { get; init; }
    public IReadOnlyList<PhotoSize>? Photo { get; init; }
    public Document? Document { get; init; }
    public Voice? Voice { get; init; }
    public Video? Video { get; init; }
    public Location? Location { get; init; }
    public Contact? Contact { get; init; }
    public long? MigrateToChatId { get; init; }
    public long? MigrateFromChatId { get; init; }
    public Message? ReplyToMessage { get; init; }
    public InlineKeyboardMarkup? ReplyMarkup { get; init; }

    public bool IsInaccessible => Date == DateTimeOffset.UnixEpoch;
}

public sealed record MessageEntity(string Type, int Offset, int Length)
{
    public string? Url { get; init; }
    public User? User { get; init; }
    public string? Language { get; init; }
}

public sealed record PhotoSize(string FileId, string FileUniqueId, int Width, int Height)
{
    public long? FileSize { get; init; }
}

public sealed record Document(string FileId, string FileUniqueId)
{
    public string? FileName { get; init; }
    public string? MimeType { get; init; }
    public long? FileSize { get; init; }
}

public sealed record Voice(string FileId, string FileUniqueId, int Duration)
{
    public string? MimeType { get; init; }
    public long? FileSize { get; init; }
}

public sealed record Location(double Latitude, double Longitude)
{
    public double? HorizontalAccuracy { get; init; }
}

public sealed record Contact(string PhoneNumber, string FirstName)
{
    public string? LastName { get; init; }
    public long? UserId { get; init; }
}

public sealed record Video(string FileId, string FileUniqueId)
{
    public string? FileName { get; init; }
    public string? MimeType { get; init; }
    public long? FileSize { get; init; }
}
