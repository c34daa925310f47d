using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Humas.Bot.FakePlatforms.Telegram;

/// <summary>
/// A real Kestrel server on 127.0.0.1 speaking the Telegram Bot API: <c>/bot{token}/{method}</c> and
/// <c>/file/bot{token}/{path}</c>. It records every request, assigns message ids per chat, and on demand
/// enforces Telegram's rate limits, rejects wrong shapes, answers for blocked and migrated chats, and
/// injects gateway errors, timeouts and connection resets. Start it with <see cref="StartAsync"/>.
/// </summary>
public sealed partial class FakeTelegramServer : IAsyncDisposable
{
    private WebApplication _app = null!;
    private readonly RateLimiter _limiter;
    private readonly FaultInjector _faults;
    private readonly UpdateQueue _updates;
    private readonly ConcurrentDictionary<long, ChatState> _chats = new();
    private readonly ConcurrentQueue<RecordedRequest> _log = new();
    private readonly ConcurrentDictionary<string, (int Status, string Body)> _overrides = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, FakeFile> _filesById = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FakeFile> _filesByPath = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(long ChatId, long UserId), string> _memberStatus = new();
    private readonly string _botPrefix;
    private readonly string _filePrefix;
    private readonly long _botId;

    private FakeTelegramServer(FakeTelegramOptions options)
    {
        Options = options;
        _limiter = new RateLimiter(options);
        _faults = new FaultInjector(options);
        _updates = new UpdateQueue(options.Time);
        _botPrefix = "/bot" + options.Token + "/";
        _filePrefix = "/file/bot" + options.Token + "/";
        var colon = options.Token.IndexOf(':', StringComparison.Ordinal);
        _botId = long.TryParse(colon > 0 ? options.Token[..colon] : "", NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 1;
    }

    private readonly List<FakeTelegramServer> _otherBots = [];

    public FakeTelegramOptions Options { get; }

    /// <summary><c>http://127.0.0.1:{port}</c>: the value for <c>Telegram:ApiBaseUrl</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    public string Token => Options.Token;

    public FakeCounters Counters { get; } = new();

    /// <summary>The URL set with setWebhook, or null.</summary>
    public string? WebhookUrl { get; private set; }

    /// <summary>A snapshot of every request so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => _log.ToArray();

    public int PendingUpdates => _updates.PendingCount;

    /// <summary>True while a getUpdates long poll is held open (tests wait for it instead of sleeping).</summary>
    public bool IsHoldingPoll => _updates.IsHoldingPoll;

    public static async Task<FakeTelegramServer> StartAsync(FakeTelegramOptions? options = null, CancellationToken ct = default)
    {
        options ??= new FakeTelegramOptions();
        var server = new FakeTelegramServer(options);
        (server._app, server.BaseUrl) = await KestrelLoopback.StartAsync(options.Latency.Wrap(server.HandleAsync, options.Time), options.Port, ct).ConfigureAwait(false);
        return server;
    }

    /// <summary>Every request for <paramref name="method"/> (case-insensitive).</summary>
    public IReadOnlyList<RecordedRequest> RequestsFor(string method) =>
        _log.Where(r => string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase)).ToArray();

    /// <summary>Sends to this chat get 403 "bot was blocked by the user" from now on.</summary>
    /// <summary>
    /// Serves <paramref name="other"/>'s token at this server's address too (as api.telegram.org serves every bot):
    /// its requests are answered by <paramref name="other"/>, which need not be started. For a service with several bots.
    /// </summary>
    public void AlsoServe(FakeTelegramServer other) => _otherBots.Add(other);

        public void Block(long chatId) => Chat(chatId).Blocked = true;

    public void Unblock(long chatId) => Chat(chatId).Blocked = false;

    /// <summary>The group became a supergroup: sends get 400 with migrate_to_chat_id.</summary>
    public void Migrate(long chatId, long newChatId) => Chat(chatId).MigratedTo = newChatId;

    /// <summary>Queues an update for getUpdates; update_id is assigned when absent. Returns the id.</summary>
    public long PushUpdate(string updateJson) => _updates.Enqueue(updateJson);

    /// <summary>
    /// Describes a chat as Telegram would: its type ("channel" for a -100… id that is a channel, not a
    /// supergroup), title and public @username (without the @), which getChat then also accepts as chat_id.
    /// </summary>
    public void SetChat(long chatId, string type, string title, string? username = null)
    {
        var chat = Chat(chatId);
        chat.TypeOverride = type;
        chat.Title = title;
        chat.Username = username;
    }

    /// <summary>What getChatMember answers for this user in this chat; "member" unless set.</summary>
    public void SetChatMemberStatus(long chatId, long userId, string status) => _memberStatus[(chatId, userId)] = status;

    /// <summary>Makes a file available to getFile and the download URL.</summary>
    public void AddFile(string fileId, byte[] content, string? filePath = null)
    {
        var file = new FakeFile(fileId, filePath ?? $"documents/{fileId}.bin", content);
        _filesById[fileId] = file;
        _filesByPath[file.Path] = file;
    }

    /// <summary>Answers <paramref name="method"/> with exactly this status and body until cleared (emulator quirks, odd replies).</summary>
    public void SetResponse(string method, int status, string body) => _overrides[method] = (status, body);

    public void ClearResponse(string method) => _overrides.TryRemove(method, out _);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private ChatState Chat(long chatId) =>
        _chats.GetOrAdd(chatId, static (id, options) => new ChatState(id, RateLimiter.ForChat(options, id)), Options);

    private void Record(
        string method, BotParameters? parameters, DateTimeOffset received, int status, int? messageId = null, string? traceParent = null, DateTimeOffset? answeredAt = null)
    {
        var markup = parameters?.GetJson("reply_markup");
        _log.Enqueue(new RecordedRequest(
            method,
            parameters?.GetLong("chat_id"),
            parameters?.GetString("text") ?? parameters?.GetString("caption"),
            markup is { } m ? FakeReply.Readable(m) : null,
            received,
            status,
            messageId ?? (int?)parameters?.GetLong("message_id"))
        {
            LanguageCode = parameters?.GetString("language_code"),
            CallbackQueryId = parameters?.GetString("callback_query_id"),
            AllowedUpdates = parameters?.GetJson("allowed_updates") is { ValueKind: System.Text.Json.JsonValueKind.Array } kinds
                ? kinds.EnumerateArray().Select(k => k.ToString()).ToArray()
                : null,
            MessageThreadId = (int?)parameters?.GetLong("message_thread_id"),
            TraceParent = string.IsNullOrEmpty(traceParent) ? null : traceParent,
            AnsweredAt = answeredAt,
        });
    }

    private sealed record FakeFile(string Id, string Path, byte[] Content);
}
