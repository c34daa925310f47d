namespace Humas.Bot.FakePlatforms.Telegram;

/// <summary>What the fake knows of one chat: its message ids, current message contents and rate window.</summary>
internal sealed class ChatState(long chatId, RateLimiter.Window window)
{
    private readonly Dictionary<int, string> _messages = [];
    private int _lastMessageId;

    public long ChatId { get; } = chatId;
    public RateLimiter.Window Window { get; } = window;
    public volatile bool Blocked;
    public long? MigratedTo;

    /// <summary>Set by <see cref="FakeTelegramServer.SetChat"/>: a channel, a title, a public @username.</summary>
    public string? TypeOverride;
    public string? Title;
    public string? Username;

    public string Type => TypeOverride ?? (ChatId > 0 ? "private" : ChatId <= -1_000_000_000_000 ? "supergroup" : "group");

    public int Add(string content)
    {
        lock (_messages)
        {
            var id = ++_lastMessageId;
            _messages[id] = content;
            return id;
        }
    }

    /// <summary>Null when edited; otherwise Telegram's description of why not.</summary>
    public string? Edit(int messageId, Func<string, string> change)
    {
        lock (_messages)
        {
            if (!_messages.TryGetValue(messageId, out var current))
            {
                return "Bad Request: message to edit not found";
            }

            var next = change(current);
            if (next == current)
            {
                return "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";
            }

            _messages[messageId] = next;
            return null;
        }
    }

    public bool Delete(int messageId)
    {
        lock (_messages)
        {
            return _messages.Remove(messageId);
        }
    }
}
