namespace Humas.Bot.FakePlatforms.Telegram;

/// <summary>
/// Telegram's limits as exact sliding windows: bot-wide N per second, one private chat M per second, one
/// group K per minute. A request is counted only when every window has room, so a rejected request costs
/// nothing. Locks: one per chat, then the bot-wide one, always in that order.
/// </summary>
internal sealed class RateLimiter(FakeTelegramOptions options)
{
    private readonly TimeProvider _time = options.Time;
    private readonly Window? _bot = options.BotPerSecond > 0 ? new Window(options.BotPerSecond, TimeSpan.FromSeconds(1)) : null;

    public static Window ForChat(FakeTelegramOptions options, long chatId) => chatId > 0
        ? new Window(Math.Max(1, options.PrivateChatPerSecond), TimeSpan.FromSeconds(1))
        : new Window(Math.Max(1, options.GroupPerMinute), TimeSpan.FromMinutes(1));

    /// <summary>Null when allowed (and counted); otherwise the seconds to wait.</summary>
    public int? TryAcquire(Window chat)
    {
        var now = _time.GetTimestamp();
        lock (chat)
        {
            var chatWait = chat.WaitTicks(now, _time.TimestampFrequency);
            if (chatWait > 0)
            {
                return Seconds(chatWait);
            }

            if (_bot is not null)
            {
                lock (_bot)
                {
                    var botWait = _bot.WaitTicks(now, _time.TimestampFrequency);
                    if (botWait > 0)
                    {
                        return Seconds(botWait);
                    }

                    _bot.Add(now);
                }
            }

            chat.Add(now);
            return null;
        }

        int Seconds(long ticks) => (int)Math.Max(1, Math.Ceiling(ticks / (double)_time.TimestampFrequency));
    }

    /// <summary>The last <c>capacity</c> accepted timestamps in a ring; full and the oldest inside the window = wait.</summary>
    internal sealed class Window(int capacity, TimeSpan length)
    {
        private readonly long[] _stamps = new long[capacity];
        private int _next;
        private int _count;

        public long WaitTicks(long now, long frequency)
        {
            if (_count < _stamps.Length)
            {
                return 0;
            }

            var windowTicks = (long)(length.TotalSeconds * frequency);
            var oldest = _stamps[_next];
            return Math.Max(0, oldest + windowTicks - now);
        }

        public void Add(long now)
        {
            _stamps[_next] = now;
            _next = (_next + 1) % _stamps.Length;
            _count = Math.Min(_count + 1, _stamps.Length);
        }
    }
}
