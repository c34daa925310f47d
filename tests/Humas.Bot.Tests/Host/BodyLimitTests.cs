using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Humas.Bot.Channels.Telegram.Updates;
using Humas.Bot.Channels.Web.Chat;
using Humas.Bot.Channels.Web.Visitors;
using Humas.Bot.Channels.WhatsApp.Webhook;
using Humas.Bot.Feedback;
using Humas.Bot.Publishing;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tests.Channels.Teams;
using Humas.Bot.Tests.Channels.Telegram;
using Humas.Bot.Tests.Channels.Web;
using Humas.Bot.Tests.Channels.WhatsApp;
using Humas.Bot.Tests.Support;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Host;

/// <summary>
/// Request bodies are the framework's: each endpoint that reads one names its limit as endpoint metadata, the
/// routing middleware hands it to the server, and Kestrel refuses a longer body. These run on Kestrel itself
/// (the in-memory TestServer has no body limit of its own), and each endpoint answers an oversized body with
/// its own short 413 and a malformed one with 400, storing nothing.
/// </summary>
public sealed class BodyLimitTests
{
    [Fact]
    public void Every_endpoint_that_reads_a_body_names_its_limit_as_endpoint_metadata()
    {
        using var web = new WebHost(new()
        {
            ["WhatsApp:MaxWebhookBytes"] = "3000",
            ["Teams:MaxActivityBytes"] = "5000",
        });
        var uploads = web.Get<WebUploads>().MaxBytes;

        var limits = web.Get<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains("POST") == true)
            .ToDictionary(e => e.RoutePattern.RawText!, e => e.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize);

        Assert.Equal(TelegramWebhookEndpoint.MaxBodyBytes, limits[TelegramWebhookEndpoint.Path]);
        Assert.Equal(3000, limits[WhatsAppWebhookEndpoint.Path]);
        Assert.Equal(5000, limits["/api/messages"]);
        Assert.Equal(WebRequests.MaxJsonBytes, limits["/api/articles/{id}/reactions"]);
        Assert.Equal(WebRequests.MaxJsonBytes, limits["/chat/api/send"]);
        Assert.Equal(WebRequests.MaxJsonBytes, limits["/chat/api/button"]);
        Assert.Equal(WebRequests.MaxJsonBytes, limits["/chat/api/react"]);
        Assert.Equal(uploads + ChatEndpoints.UploadEnvelopeBytes, limits["/chat/api/upload"]);
        Assert.Equal(PublishingApi.MaxRequestBytes, limits["/api/articles"]);
    }

    [Fact]
    public async Task The_web_json_endpoints_answer_an_oversized_body_413_and_a_malformed_one_400_on_kestrel()
    {
        using var web = new WebHost(kestrel: true);
        var article = await web.PublishAsync();
        var visitor = await web.NewVisitorAsync();
        var padding = new string('x', WebRequests.MaxJsonBytes);

        foreach (var chunked in new[] { false, true })
        {
            var vote = Json("{\"optionId\": 1, \"padding\": \"" + padding + "\"}", chunked);
            await WebHost.AssertProblemAsync(await web.SendAsync(HttpMethod.Post, $"/api/articles/{article}/reactions", visitor, vote), HttpStatusCode.RequestEntityTooLarge);
            var text = Json("{\"text\": \"" + padding + "\"}", chunked);
            var tooLarge = await web.SendAsync(HttpMethod.Post, "/chat/api/send", visitor, text);
            await WebHost.AssertProblemAsync(tooLarge, HttpStatusCode.RequestEntityTooLarge);
            Assert.Contains($"larger than {WebRequests.MaxJsonBytes} bytes", await tooLarge.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await WebHost.AssertProblemAsync(await web.SendAsync(HttpMethod.Post, $"/api/articles/{article}/reactions", visitor, Json("{\"optionId\": ")), HttpStatusCode.BadRequest);
        await WebHost.AssertProblemAsync(await web.SendAsync(HttpMethod.Post, "/chat/api/send", visitor, Json("[1, 2")), HttpStatusCode.BadRequest);
        Assert.Equal(0, (await web.Get<IReactionService>().GetTallyAsync(article, CancellationToken.None))!.Total);

        // Under the limit, the same endpoint takes the vote: the limit, not the endpoint, refused the others.
        var ok = await web.SendAsync(HttpMethod.Post, $"/api/articles/{article}/reactions", visitor, Json("{\"optionId\": 1}"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task The_publishing_api_answers_an_oversized_article_413_on_kestrel()
    {
        using var web = new WebHost(kestrel: true);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/articles")
        {
            Content = Json("{\"institution\": \"setneg\", \"title\": \"" + new string('x', (int)PublishingApi.MaxRequestBytes) + "\"}"),
        };
        request.Headers.Add("X-Api-Key", WebHost.ApiKey);

        using var response = await web.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_telegram_webhook_answers_an_oversized_update_413_and_a_malformed_one_400_on_kestrel()
    {
        const string secret = "webhook-secret-1";
        await using var h = await TelegramBotHarness.StartAsync(settings: new()
        {
            ["Telegram:Mode"] = "Webhook",
            ["Telegram:WebhookSecret"] = secret,
        }, kestrel: true);
        using var client = h.App.Client();

        HttpRequestMessage Post(string body, bool chunked = false)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, TelegramWebhookEndpoint.Path) { Content = Json(body, chunked) };
            request.Headers.Add(TelegramWebhookEndpoint.SecretHeader, secret);
            return request;
        }

        var huge = "{\"update_id\":6,\"x\":\"" + new string('a', TelegramWebhookEndpoint.MaxBodyBytes) + "\"}";
        foreach (var chunked in new[] { false, true })
        {
            using var response = await client.SendAsync(Post(huge, chunked));
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Contains($"over {TelegramWebhookEndpoint.MaxBodyBytes} bytes", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(Post("{\"update_id\": 5, \"message\": "))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(Post("null"))).StatusCode);
        // Well-formed JSON whose string holds a byte that is not UTF-8: the reader accepts the structure, so the
        // endpoint must refuse it when it takes the text (it was a 500 found by the fault suite's fuzzing).
        var notUtf8 = new HttpRequestMessage(HttpMethod.Post, TelegramWebhookEndpoint.Path)
        {
            Content = new ByteArrayContent([.. "{\"update_id\":8,\"x\":\"a"u8, 0xF4, .. "\"}"u8]),
        };
        notUtf8.Content.Headers.ContentType = new("application/json");
        notUtf8.Headers.Add(TelegramWebhookEndpoint.SecretHeader, secret);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(notUtf8)).StatusCode);
        Assert.Empty(h.Db().Set<TelegramInboxItem>().ToList());

        // The update is stored as Telegram sent it.
        const string update = "{\"update_id\":7,\"message\":{\"message_id\":1,\"date\":1714510000,\"chat\":{\"id\":42,\"type\":\"private\"},\"text\":\"halo \\ud83d\\udc4b\"}}";
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Post(update))).StatusCode);
        Assert.Equal(update, Assert.Single(h.Db().Set<TelegramInboxItem>().ToList()).Payload);
    }

    [Fact]
    public async Task The_whatsapp_webhook_answers_a_body_over_its_setting_413_and_stores_nothing_on_kestrel()
    {
        await using var h = await WhatsAppHarness.StartAsync(new() { ["WhatsApp:MaxWebhookBytes"] = "2048" }, kestrel: true);
        var body = Encoding.UTF8.GetBytes(new JsonObject { ["object"] = "whatsapp_business_account", ["padding"] = new string('x', 3000) }.ToJsonString());

        using (var request = h.Fake.WebhookBytes(body))
        {
            using var response = await h.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Contains("over 2048 bytes", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var request = h.Fake.WebhookBytes(body))
        {
            request.Content = Json(Encoding.UTF8.GetString(body), chunked: true);
            using var response = await h.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        }

        using (var request = h.Fake.WebhookBytes(Encoding.UTF8.GetBytes("{\"object\": ")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await h.Http.SendAsync(request)).StatusCode);
        }

        await using var db = h.Db();
        Assert.Equal(0, await db.Set<WhatsAppInboxItem>().CountAsync());
    }

    [Fact]
    public async Task The_teams_endpoint_answers_an_activity_over_its_setting_413_and_a_malformed_one_400_on_kestrel()
    {
        await using var h = await TeamsHarness.StartAsync(new() { ["Teams:MaxActivityBytes"] = "4096" }, kestrel: true);

        using var tooLarge = await h.PostAsync(h.Personal("besar", new string('x', 5000)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Contains("over 4096 bytes", await tooLarge.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var malformed = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = Json("{\"type\": ") };
        malformed.Headers.Authorization = new AuthenticationHeaderValue("Bearer", h.Token());
        Assert.Equal(HttpStatusCode.BadRequest, (await h.Http.SendAsync(malformed)).StatusCode);

        await using var db = h.Db();
        Assert.False(await db.Set<Conversation>().AnyAsync());
        Assert.Equal(HttpStatusCode.OK, (await h.PostAsync(h.Personal("kecil", "halo"))).StatusCode);
    }

    private static HttpContent Json(string json, bool chunked = false)
    {
        var content = new StringContent(json, Encoding.UTF8, "application/json");
        if (chunked)
        {
            // No Content-Length: the server can only count while it reads.
            var stream = new StreamContent(new NonSeekable(Encoding.UTF8.GetBytes(json)));
            stream.Headers.ContentType = content.Headers.ContentType;
            return stream;
        }

        return content;
    }

    /// <summary>A body whose length the client cannot compute, so it is sent chunked.</summary>
    private sealed class NonSeekable(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
