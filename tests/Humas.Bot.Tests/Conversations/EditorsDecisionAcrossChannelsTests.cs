using System.Collections.Concurrent;
using System.Text.Json;
using Humas.Bot.Channels.Teams.Activities;
using Humas.Bot.Channels.Teams.Connector;
using Humas.Bot.Channels.Telegram.Updates;
using Humas.Bot.Conversations.Inbox;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tests.Channels.Loopback;
using Humas.Bot.Tests.Support;
using Humas.Bot.Tips.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Humas.Bot.Tests.Conversations;

/// <summary>
/// A Telegram editor's Terima and a Teams editor's Tolak are mapped by their adapters (a callback_query, an
/// Action.Submit) to the same core event and decided by the same core code: both tips change state through the
/// tips core and both chats are told with the core's one sentence, differing only in how each platform
/// acknowledges a press (Telegram: a toast and the post rewritten; Teams: a line in the thread).
/// </summary>
public sealed class EditorsDecisionAcrossChannelsTests : IDisposable
{
    private const long TelegramEditors = -1_001_500;
    private const string TeamsEditors = "19:redaksi@thread.tacv2";
    private readonly RecordingGateway _gateway = new();
    private readonly HumasAppFactory _app;

    public EditorsDecisionAcrossChannelsTests() => _app = new(
        new()
        {
            ["Telegram:EditorsChatId"] = TelegramEditors.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Teams:EditorsConversationId"] = TeamsEditors,
        },
        services =>
        {
            services.AddLoopbackChannel();
            services.AddSingleton<IChannelGateway>(_gateway);
        });

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_Telegram_and_a_Teams_editors_decision_go_through_the_same_core_code()
    {
        var fromTelegram = await SubmitTipAsync("kontributor-1");
        var fromTeams = await SubmitTipAsync("kontributor-2");

        using (var scope = _app.Services.CreateScope())
        {
            var update = $$"""
                {"update_id": 1, "callback_query": {"id": "cb-1", "chat_instance": "1", "data": "e:accept:{{fromTelegram}}",
                  "from": {"id": 7001, "is_bot": false, "first_name": "Sari", "username": "sari", "language_code": "id"},
                  "message": {"message_id": 77, "date": 1764720000, "text": "Usulan baru",
                    "chat": {"id": {{TelegramEditors}}, "type": "supergroup", "title": "Redaksi"} } } }
                """;
            Assert.True(TelegramUpdateReader.TryRead(update, out var parsed, out var error), error);
            var telegram = (TelegramUpdateHandler)scope.ServiceProvider.GetRequiredService<IInboxHandler<TelegramInboxItem>>();
            await telegram.HandleAsync(parsed!, CancellationToken.None);

            var submit = new Activity
            {
                Type = Activity.Message,
                Id = "act-1",
                ServiceUrl = "https://smba.trafficmanager.net/apac/",
                Conversation = new ConversationAccount { Id = TeamsEditors + ";messageid=123", ConversationType = "channel", TenantId = "tenant-1" },
                From = new ChannelAccount { Id = "29:budi", Name = "Budi", AadObjectId = "aad-budi" },
                Recipient = new ChannelAccount { Id = "28:humas" },
                ReplyToId = "123",
                Value = JsonDocument.Parse($$"""{"humas": "e:decline:{{fromTeams}}"}""").RootElement,
            };
            await scope.ServiceProvider.GetRequiredService<TeamsActivityHandler>().HandleAsync(submit, "", CancellationToken.None);
        }

        await using var db = _app.CreateDbContext();
        var accepted = await db.Set<Tip>().SingleAsync(t => t.Id == fromTelegram);
        var declined = await db.Set<Tip>().SingleAsync(t => t.Id == fromTeams);
        Assert.Equal((TipState.Accepted, "Sari (@sari)"), (accepted.State, accepted.DecidedBy));
        Assert.Equal((TipState.Declined, "Budi"), (declined.State, declined.DecidedBy));

        // Telegram: the toast at Interactive, and the tip's post rewritten with the core's status line.
        var toast = Assert.Single(_gateway.Calls, c => c.Operation == "answer");
        Assert.Equal(("telegram", "cb-1", "Usulan diterima; pengirim sudah dikabari."), (toast.To.Channel, toast.MessageId, toast.Text));
        var edit = Assert.Single(_gateway.Calls, c => c.Operation == "edit");
        Assert.Equal(("telegram", "-1001500", "77"), (edit.To.Channel, edit.To.ExternalId, edit.MessageId));
        Assert.Equal("Usulan baru\n\nStatus: diterima oleh Sari (@sari)", edit.Text);

        // Teams: no toast, so one line in the thread of the post, at Reply, says the same.
        var line = Assert.Single(_gateway.Calls, c => c.Operation == "send" && c.To.Channel == "teams");
        Assert.Equal(TeamsEditors + ";messageid=123", line.To.ExternalId);
        Assert.Equal(SendPriority.Reply, line.Priority);
        Assert.Equal("Status: ditolak oleh Budi\nUsulan ditolak; pengirim sudah dikabari.", line.Text);
    }

    /// <summary>A tip submitted through the test channel (its own contributor), decided above by the editors of the two platforms.</summary>
    private async Task<long> SubmitTipAsync(string user)
    {
        var ct = CancellationToken.None;
        using (var scope = _app.Services.CreateScope())
        {
            var inbound = scope.ServiceProvider.GetRequiredService<LoopbackInbound>();
            var chat = LoopbackInbound.Private(user);
            await inbound.ReceiveAsync(user, "/usulan", ct);
            await inbound.ReceiveAsync(user, "Jalan berlubang di depan pasar", ct);
            await inbound.PressAsync(chat, user, "t:done", ct);
            await inbound.PressAsync(chat, user, "t:skip", ct);
            await inbound.PressAsync(chat, user, "t:send", ct);
        }

        await using var db = _app.CreateDbContext();
        return await db.Set<Tip>().Where(t => t.UserExternalId == user).Select(t => t.Id).SingleAsync(ct);
    }

    /// <summary>Stands in for the one gateway: records every call (the platforms are not configured here) and reports success.</summary>
    private sealed class RecordingGateway : IChannelGateway
    {
        private int _next;

        public sealed record Call(string Operation, ConversationAddress To, string? MessageId, string? Text, SendPriority Priority);

        public ConcurrentQueue<Call> Calls { get; } = new();

        public IDeliveryChannel? Channel(string channel) => null;

        public Task<GatewayResult> TrySendAsync(ConversationAddress to, OutboundMessage message, SendPriority priority, TimeSpan maxWait, DateTime? startBy, CancellationToken ct) =>
            SendAsync(to, message, priority, ct);

        public Task<GatewayResult> SendAsync(ConversationAddress to, OutboundMessage message, SendPriority priority, CancellationToken ct)
        {
            var id = "m" + Interlocked.Increment(ref _next);
            if (to.Channel != LoopbackChannel.ChannelName)
            {
                Calls.Enqueue(new Call("send", to, id, TextOf(message), priority));
            }

            return Task.FromResult<GatewayResult>(new GatewayResult.Done(new SentMessage(id)));
        }

        public Task<GatewayResult> EditAsync(ConversationAddress to, string messageId, OutboundMessage message, SendPriority priority, CancellationToken ct)
        {
            Calls.Enqueue(new Call("edit", to, messageId, TextOf(message), priority));
            return Task.FromResult<GatewayResult>(new GatewayResult.Done());
        }

        public Task<GatewayResult> DeleteAsync(ConversationAddress to, string messageId, SendPriority priority, CancellationToken ct) =>
            Task.FromResult<GatewayResult>(new GatewayResult.Done());

        public Task<GatewayResult> AnswerAsync(ConversationAddress at, string answerId, string? text, CancellationToken ct)
        {
            Calls.Enqueue(new Call("answer", at, answerId, text, SendPriority.Interactive));
            return Task.FromResult<GatewayResult>(new GatewayResult.Done());
        }

        public Task<bool> MayManageAsync(ConversationAddress at, string userId, CancellationToken ct) => Task.FromResult(false);

        private static string? TextOf(OutboundMessage message) => message switch
        {
            ReplyMessage reply => reply.Text,
            TextMessage text => text.Text,
            PromptMessage prompt => prompt.Text,
            _ => null,
        };
    }
}
