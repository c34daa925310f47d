using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Humas.Bot.Channels.Telegram.Updates;
using Humas.Bot.Conversations.Inbox;
using Humas.Bot.Feedback;
using Humas.Bot.Feedback.Model;
using Humas.Bot.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Humas.Bot.Tests.Channels.Telegram;

/// <summary>
/// In Webhook mode a reaction press's answer rides in the webhook's 200 (Telegram runs the answerCallbackQuery given
/// there), so the Bot API sees no request for it; the vote is counted in the press's turn as always. What is not
/// answered on arrival, and every answer with the option off, goes as a request of its own.
/// </summary>
public sealed class TelegramWebhookReplyTests
{
    private const string Secret = "reply-secret";
    private const long Reader = 7101;

    [Fact]
    public async Task A_reaction_press_is_answered_in_its_webhook_response_and_counted_once()
    {
        await using var h = await StartAsync();
        var article = await h.PublishedArticleAsync();
        using var client = h.App.CreateClient();

        var response = await PostAsync(client, Press("cb-reply", article, 2), 9101);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("answerCallbackQuery", body.GetProperty("method").GetString());
        Assert.Equal("cb-reply", body.GetProperty("callback_query_id").GetString());
        Assert.StartsWith("Terima kasih! Pilihan anda:", body.GetProperty("text").GetString(), StringComparison.Ordinal);

        await h.WaitUntilHandledAsync(1);
        Assert.Equal(1, await VotesAsync(h));
        Assert.Empty(h.AnswersTo("cb-reply"));
        Assert.Equal(0, h.App.Services.GetRequiredService<TelegramWebhookReplies>().OpenCount);
    }

    [Fact]
    public async Task With_webhook_replies_off_the_answer_is_a_request_of_its_own()
    {
        await using var h = await StartAsync(replies: false);
        var article = await h.PublishedArticleAsync();
        using var client = h.App.CreateClient();

        var response = await PostAsync(client, Press("cb-off", article, 2), 9102);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsStringAsync());
        await Eventually.UntilAsync(() => h.AnswersTo("cb-off").Count > 0, "the answer by request");
        await h.WaitUntilHandledAsync(1);
        Assert.StartsWith("Terima kasih! Pilihan anda:", Assert.Single(h.AnswersTo("cb-off")).Text, StringComparison.Ordinal);
        Assert.Equal(1, await VotesAsync(h));
    }

    [Fact]
    public async Task A_press_not_answered_on_arrival_gets_a_plain_200_and_its_answer_by_request_in_its_turn()
    {
        // The press's turn is held until the webhook has answered: a turn that came within the webhook's wait would
        // offer its answer to the reply still open, and the 200 would carry it (the service allows that).
        var turn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var h = await StartAsync(services: s => s.AddScoped<IInboxHandler<TelegramInboxItem>>(
            sp => new HeldTurns(ActivatorUtilities.CreateInstance<TelegramUpdateHandler>(sp), turn.Task)));
        using var client = h.App.CreateClient();

        // An article that is gone: nothing is foreseen on arrival, the press's turn answers what it found.
        var response = await PostAsync(client, Press("cb-gone", Guid.NewGuid(), 1), 9103);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsStringAsync());
        turn.SetResult();
        await h.WaitUntilHandledAsync(1);
        await Eventually.UntilAsync(() => h.AnswersTo("cb-gone").Count > 0, "the answer in the press's turn");
        Assert.Equal("Artikel ini tidak ditemukan lagi.", Assert.Single(h.AnswersTo("cb-gone")).Text);
    }

    [Fact]
    public async Task A_callback_query_of_the_wrong_shape_is_stored_and_acknowledged_without_a_reply()
    {
        await using var h = await StartAsync();
        using var client = h.App.CreateClient();

        // A numeric id is not Telegram's shape: no reply is opened for it, and the stored update is set aside in its turn.
        var response = await PostAsync(client, new JsonObject { ["callback_query"] = new JsonObject { ["id"] = 5, ["data"] = "x" } }, 9104);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsStringAsync());
        await h.WaitUntilHandledAsync(1);
        Assert.Equal(0, h.App.Services.GetRequiredService<TelegramWebhookReplies>().OpenCount);
    }

    private static async Task<TelegramBotHarness> StartAsync(bool replies = true, Action<IServiceCollection>? services = null)
    {
        var h = await TelegramBotHarness.StartAsync(services, settings: new()
        {
            ["Telegram:Mode"] = "Webhook",
            ["Telegram:WebhookSecret"] = Secret,
            ["Telegram:WebhookReplies"] = replies ? "true" : "false",
        });
        // A busy machine may take longer than the service's 100 ms to read the reader's vote; the wait still ends the
        // moment the answer is offered or the arrival is over without one, so only a wrong wait can make these slow.
        h.App.Services.GetRequiredService<TelegramWebhookReplies>().Patience = TimeSpan.FromSeconds(60);
        return h;
    }

    /// <summary>The inbox's handler, each turn waiting for <paramref name="turn"/> first.</summary>
    private sealed class HeldTurns(IInboxHandler<TelegramInboxItem> inner, Task turn) : IInboxHandler<TelegramInboxItem>
    {
        public async Task<string?> HandleAsync(TelegramInboxItem item, CancellationToken ct)
        {
            await turn.WaitAsync(ct);
            return await inner.HandleAsync(item, ct);
        }
    }

    private static JsonObject Press(string id, Guid article, int option) =>
        TelegramBotHarness.CallbackQuery(id, Reader, ReactionActionData.Encode(article, option), chatId: Reader);

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, JsonObject update, long updateId)
    {
        update["update_id"] = updateId;
        using var request = new HttpRequestMessage(HttpMethod.Post, TelegramWebhookEndpoint.Path)
        {
            Content = new StringContent(update.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(TelegramWebhookEndpoint.SecretHeader, Secret);
        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private static async Task<int> VotesAsync(TelegramBotHarness h)
    {
        await using var db = h.Db();
        return await db.Set<Vote>().CountAsync(v => v.VoterKey == $"telegram:{Reader}");
    }
}
