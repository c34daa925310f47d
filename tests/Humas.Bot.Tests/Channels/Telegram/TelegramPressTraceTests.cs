using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using Humas.Bot.Channels.Telegram.Updates;
using Humas.Bot.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Channels.Telegram;

/// <summary>
/// A button press reaches the bot as a webhook request, is stored in the inbox and answered later by the leader's
/// inbox worker: the stored traceparent makes the answer part of the request's trace. An ActivityListener records
/// the handling span; the fake Bot API records the traceparent header each call came with.
/// </summary>
public sealed class TelegramPressTraceTests
{
    private const string Secret = "press-trace-secret";

    [Fact]
    public async Task A_press_and_its_answer_share_one_trace_across_the_inbox()
    {
        var handled = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "Humas.Bot.Conversations" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (a.OperationName == "conversations.inbound")
                {
                    handled.Enqueue(a);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        await using var h = await TelegramBotHarness.StartAsync(settings: new()
        {
            ["Telegram:Mode"] = "Webhook",
            ["Telegram:WebhookSecret"] = Secret,
        });
        using var client = h.App.CreateClient();
        var trace = ActivityTraceId.CreateRandom();
        var press = TelegramBotHarness.CallbackQuery("trace-1", 1801, "set:lang:en", chatId: 1801);
        press["update_id"] = 9001;
        using var request = new HttpRequestMessage(HttpMethod.Post, TelegramWebhookEndpoint.Path)
        {
            Content = new StringContent(press.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(TelegramWebhookEndpoint.SecretHeader, Secret);
        // Telegram's own request carries no trace; one set here stands for the trace the webhook request begins.
        request.Headers.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");

        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Eventually.UntilAsync(() => h.Fake.RequestsFor("answerCallbackQuery").Any(r => r.CallbackQueryId == "trace-1"), "the answer");
        var reply = await h.ReplyAsync(1801);
        await Eventually.UntilAsync(() => handled.Any(a => a.TraceId == trace), "the handling span");

        using var db = h.Db();
        var row = await db.Set<TelegramInboxItem>().AsNoTracking().SingleAsync(i => i.UpdateId == 9001);
        Assert.Contains(trace.ToHexString(), row.TraceParent, StringComparison.Ordinal);
        var span = Assert.Single(handled, a => a.TraceId == trace);
        Assert.Equal("Telegram", span.GetTagItem("humas.inbox"));
        Assert.Equal("Handled", span.GetTagItem("humas.outcome"));
        // The answer to the press and the reply it triggers went out inside the handling span, so under the request.
        var answer = h.Fake.RequestsFor("answerCallbackQuery").Single(r => r.CallbackQueryId == "trace-1");
        Assert.Equal(trace.ToHexString(), TraceIdOf(answer.TraceParent));
        Assert.Equal(trace.ToHexString(), TraceIdOf(reply.TraceParent));
    }

    private static string? TraceIdOf(string? traceParent) => traceParent?.Split('-') is [_, var id, _, _] ? id : null;
}
