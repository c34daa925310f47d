using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using Humas.Bot.Conversations.Commands;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Host;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tips;
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
        services.AddValidatedOptions<LoopbackOptions>(LoopbackOptions.Section);
        services.AddSingleton<LoopbackChannel>();
        services.AddSingleton<IDeliveryChannel>(sp => sp.GetRequiredService<LoopbackChannel>());
        services.AddChatCommands();
        services.AddScoped<LoopbackInbound>();
        return services;
    }
}

/// <summary>The channel's own limits, declared in its own section as every channel does.</summary>
public sealed class LoopbackOptions
{
    public const string Section = "Loopback";

    [Range(1, 1000)]
    public int PerSecond { get; set; } = 100;
}

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

    public DeliveryFailure Classify(Exception error) => new DeliveryFailure.Transient(error.Message);
}

/// <summary>
/// The inbound side: maps "a user wrote text" to the core (the conversation, the command core) and sends the
/// core's replies back through the one gateway, as the Telegram and Teams adapters do.
/// </summary>
public sealed class LoopbackInbound(SubscriptionService subscriptions, CommandService commands, IChannelGateway gateway)
{
    public async Task<IReadOnlyList<ChatReply>> ReceiveAsync(string userId, string text, CancellationToken ct)
    {
        var conversation = await subscriptions.EnsureConversationAsync(
            new ConversationAddress(LoopbackChannel.ChannelName, userId, ConversationKind.Private), title: null, language: "id", ct);
        var context = new CommandContext(
            conversation,
            new TipAuthor(LoopbackChannel.ChannelName, userId, userId, DisplayName: null, conversation.Language),
            _ => Task.FromResult(true));
        var replies = ChatCommand.Parse(text) is { } command
            ? await commands.HandleAsync(command, context, ct)
            : await commands.MessageAsync(null, context, ct);
        foreach (var reply in replies)
        {
            await gateway.SendAsync(conversation.Address, reply.ToMessage(conversation.Language), SendPriority.Reply, ct);
        }

        return replies;
    }
}
