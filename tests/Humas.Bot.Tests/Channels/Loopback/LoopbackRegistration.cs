using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using Humas.Bot.Conversations.Commands;
using Humas.Bot.Conversations.Inbound;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Host;
using Humas.Bot.Subscriptions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

// A whole messaging channel in one folder of the tests, written only against the core's seam: it shows that a
// new messenger is one folder and one AddXxx(), with no edit to the core. Its "platform" is a list in memory.
namespace Humas.Bot.Tests.Channels.Loopback;

public static class LoopbackRegistration
{
    /// <summary>The loopback channel: its options (section <c>Loopback</c>), its gateway adapter and its inbound side.</summary>
    public static IServiceCollection AddLoopbackChannel(this IServiceCollection services)
    {
        services.AddValidatedOptions(LoopbackOptions.Section, new LoopbackOptionsValidator());
        services.AddChannelStartupNotice<LoopbackOptions>();
        services.AddSingleton<LoopbackChannel>();
        services.AddSingleton<IDeliveryChannel>(sp => sp.GetRequiredService<LoopbackChannel>());
        services.AddChatCommands();
        services.AddScoped<LoopbackInbound>();
        services.AddSingleton<Humas.Bot.Subscriptions.IInstitutionEditorsChats, LoopbackEditorsChats>();
        return services;
    }
}

/// <summary>The channel's own limits, declared in its own section as every channel does.</summary>
public sealed class LoopbackOptions : IChannelStartupFacts
{
    public const string Section = "Loopback";

    [Range(1, 1000)]
    public int PerSecond { get; set; } = 100;

    /// <summary>The group where editors decide tips; none when empty.</summary>
    public string? EditorsChat { get; set; }

    /// <summary>Institutions' own editors' groups (<c>Loopback:InstitutionEditorsChats:kemensos</c>), as a real channel's <c>Institutions:N:...</c>.</summary>
    public Dictionary<string, string> InstitutionEditorsChats { get; set; } = [];

    string IChannelStartupFacts.ChannelName => Section;

    bool IChannelStartupFacts.Enabled => true;

    string IChannelStartupFacts.OnFacts => $"{PerSecond} sends/s, in memory";

    string IChannelStartupFacts.OffFacts => "never";
}

/// <summary>Generated at build time from the attributes above, as every channel's options validator is.</summary>
[OptionsValidator]
public sealed partial class LoopbackOptionsValidator : IValidateOptions<LoopbackOptions>;

/// <summary>The gateway adapter: the only code that "calls the platform" (appends to <see cref="Platform"/>).</summary>
public sealed class LoopbackChannel(IOptions<LoopbackOptions> options) : IDeliveryChannel
{
    public const string ChannelName = "loopback";
    private int _nextId;

    public sealed record Posted(string Operation, ConversationAddress To, OutboundMessage? Message, string MessageId);

    public ConcurrentQueue<Posted> Platform { get; } = new();

    public string Name => ChannelName;

    public ChannelRateLimits RateLimits { get; } = new(
        [Rate.PerSecond(options.Value.PerSecond)],
        new Dictionary<ConversationKind, IReadOnlyList<Rate>>(),
        []);

    public int MaxMessageLength => 4096;

    public Task<SentMessage> SendAsync(ConversationAddress to, OutboundMessage message, CancellationToken ct)
    {
        var id = $"lb{Interlocked.Increment(ref _nextId)}";
        Platform.Enqueue(new Posted("send", to, message, id));
        return Task.FromResult(new SentMessage(id));
    }

    public Task EditAsync(ConversationAddress to, string messageId, OutboundMessage message, CancellationToken ct)
    {
        Platform.Enqueue(new Posted("edit", to, message, messageId));
        return Task.CompletedTask;
    }

    public Task DeleteAsync(ConversationAddress to, string messageId, CancellationToken ct)
    {
        Platform.Enqueue(new Posted("delete", to, null, messageId));
        return Task.CompletedTask;
    }

    /// <summary>A press acknowledged with a toast: recorded with the answer id as the message id and the toast as text.</summary>
    public Task AnswerAsync(ConversationAddress at, string answerId, string? text, CancellationToken ct)
    {
        Platform.Enqueue(new Posted("answer", at, text is null ? null : new TextMessage(text, "id"), answerId));
        return Task.CompletedTask;
    }

    /// <summary>Everyone may manage the loopback's groups except users named "guest…".</summary>
    public Task<bool> MayManageAsync(ConversationAddress at, string userId, CancellationToken ct) =>
        Task.FromResult(!userId.StartsWith("guest", StringComparison.Ordinal));

    public DeliveryFailure Classify(Exception error) => new DeliveryFailure.Transient(error.Message);
}

/// <summary>
/// The inbound side: maps "a user wrote text / pressed a button / sent a file" to the core's events and hands them to
/// the one router, as the Telegram, Teams and web adapters do. The router's replies come back through the gateway
/// (into <see cref="LoopbackChannel.Platform"/>).
/// </summary>
public sealed class LoopbackInbound(InboundRouter router)
{
    /// <summary>A user writes in their private chat: a command or text.</summary>
    public Task<InboundOutcome> ReceiveAsync(string userId, string text, CancellationToken ct) =>
        ReceiveAsync(Private(userId), userId, text, ct);

    public async Task<InboundOutcome> ReceiveAsync(ConversationAddress at, string userId, string text, CancellationToken ct, QuotedMessage? quoting = null)
    {
        InboundEvent e = ChatCommand.Parse(text) is { } command
            ? new CommandReceived(at, User(userId), null, command.Word, command.Argument)
            : new TextReceived(at, User(userId), null, text) { Quoting = quoting };
        return await router.HandleAsync(e, ct);
    }

    /// <summary>A user presses a button; <paramref name="answerId"/> when this "platform" acknowledges presses with a toast.</summary>
    public Task<InboundOutcome> PressAsync(ConversationAddress at, string userId, string payload, CancellationToken ct, string? answerId = null, string? messageId = null, string? messageText = null, string? input = null) =>
        router.HandleAsync(new ButtonPressed(at, User(userId), messageId, payload, answerId) { MessageText = messageText, Input = input }, ct);

    public Task<InboundOutcome> FileAsync(string userId, string fileId, CancellationToken ct) =>
        router.HandleAsync(new AttachmentReceived(Private(userId), User(userId), null, AttachmentKind.Photo, fileId, "foto.jpg", "image/jpeg", 1000), ct);

    public Task<InboundOutcome> LocationAsync(string userId, double latitude, double longitude, CancellationToken ct) =>
        router.HandleAsync(new LocationReceived(Private(userId), User(userId), null, latitude, longitude), ct);

    public static ConversationAddress Private(string userId) => new(LoopbackChannel.ChannelName, userId, ConversationKind.Private);

    public static ConversationAddress Group(string groupId) => new(LoopbackChannel.ChannelName, groupId, ConversationKind.Group);

    private static Sender User(string userId) => new(userId, "Pengguna " + userId, "id");
}

/// <summary>The loopback's editors' chats (<c>Loopback:EditorsChat</c> and institutions' own), where new tips are posted with Terima / Tolak / Balas.</summary>
public sealed class LoopbackEditorsChats(IOptions<LoopbackOptions> options) : Humas.Bot.Subscriptions.InstitutionEditorsChats
{
    public override string Channel => LoopbackChannel.ChannelName;

    protected override ConversationAddress? Global => options.Value.EditorsChat is { Length: > 0 } id ? LoopbackInbound.Group(id) : null;

    protected override IEnumerable<(string InstitutionId, ConversationAddress Chat)> Own =>
        options.Value.InstitutionEditorsChats.Select(p => (p.Key, LoopbackInbound.Group(p.Value)));
}
