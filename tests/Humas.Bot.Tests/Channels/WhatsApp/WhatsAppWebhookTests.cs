using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Humas.Bot.Channels.WhatsApp.Webhook;
using Humas.Bot.FakePlatforms.WhatsApp;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Channels.WhatsApp;

/// <summary>The webhook's doors: Meta's handshake, the signature, the durable and de-duplicated inbox, odd bodies.</summary>
public sealed class WhatsAppWebhookTests : IAsyncLifetime
{
    private WhatsAppHarness _h = null!;

    public async Task InitializeAsync() => _h = await WhatsAppHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task The_handshake_echoes_the_challenge_only_for_the_verify_token()
    {
        using var ok = await _h.Http.GetAsync("/api/whatsapp/webhook?hub.mode=subscribe&hub.verify_token=fake-verify-token&hub.challenge=1158201444");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("text/plain", ok.Content.Headers.ContentType?.MediaType);
        Assert.Equal("1158201444", await ok.Content.ReadAsStringAsync());

        using var wrong = await _h.Http.GetAsync("/api/whatsapp/webhook?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444");
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        using var mode = await _h.Http.GetAsync("/api/whatsapp/webhook?hub.mode=unsubscribe&hub.verify_token=fake-verify-token&hub.challenge=1");
        Assert.Equal(HttpStatusCode.Forbidden, mode.StatusCode);
    }

    [Fact]
    public async Task Unsigned_forged_and_resigned_bodies_are_refused_and_nothing_is_stored()
    {
        var body = FakeCloudApi.Serialize(_h.Fake.Text("6281200000001", "langganan"));
        foreach (var signature in new[] { "", "sha256=" + new string('0', 64), "sha1=abc", _h.Fake.Sign(Encoding.UTF8.GetBytes("{}")), "sha256=zz" })
        {
            using var request = _h.Fake.WebhookBytes(body, signature);
            using var response = await _h.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        // Signed over the bytes Meta sent: the same JSON re-serialised (emoji unescaped) no longer matches.
        var emoji = FakeCloudApi.Serialize(_h.Fake.Text("6281200000001", "Halo 👋 a/b"));
        var reserialised = Encoding.UTF8.GetBytes(JsonNode.Parse(emoji)!.ToJsonString());
        using (var request = _h.Fake.WebhookBytes(reserialised, _h.Fake.Sign(emoji)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await _h.Http.SendAsync(request)).StatusCode);
        }

        await using var db = _h.Db();
        Assert.Equal(0, await db.Set<WhatsAppInboxItem>().CountAsync());

        // The escaped original, correctly signed, is accepted.
        using (var request = _h.Fake.WebhookBytes(emoji))
        {
            Assert.Equal(HttpStatusCode.OK, (await _h.Http.SendAsync(request)).StatusCode);
        }

        Assert.Equal(1, await db.Set<WhatsAppInboxItem>().CountAsync());
    }

    [Fact]
    public async Task A_message_delivered_twice_is_stored_and_answered_once()
    {
        var body = _h.Fake.Text("6281200000002", "halo", id: "wamid.DUPLICATE1");
        await _h.PostHandledAsync(body);
        await _h.PostHandledAsync(body);

        await using var db = _h.Db();
        Assert.Equal(1, await db.Set<WhatsAppInboxItem>().CountAsync(i => i.Key == "wamid.DUPLICATE1"));
        // The welcome and its subscription list went out once (the mark-read calls are not sends).
        var sends = _h.Fake.SendsTo("6281200000002");
        Assert.Equal(2, sends.Count);
        Assert.Single(sends, s => s.Text?.StartsWith("Selamat datang", StringComparison.Ordinal) == true);
    }

    public static TheoryData<string> MalformedButSigned() =>
    [
        "",
        "not json",
        "[]",
        "{\"object\":\"whatsapp_business_account\",\"entry\":\"x\"}",
        "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"changes\":[{\"field\":\"messages\",\"value\":null}]}]}",
        "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"changes\":[{\"field\":\"messages\",\"value\":{\"metadata\":{\"phone_number_id\":\"106540352242922\"},\"messages\":[{\"id\":5,\"from\":\"62812\"}]}}]}]}",
        "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"changes\":[{\"field\":\"messages\",\"value\":{\"metadata\":{\"phone_number_id\":\"106540352242922\"},\"messages\":[{\"id\":\"wamid.M1\",\"from\":\"6281234567\",\"timestamp\":\"99999999999999999999\",\"type\":\"text\",\"text\":null}]}}]}]}",
        "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"changes\":[{\"field\":\"messages\",\"value\":{\"metadata\":{\"phone_number_id\":\"106540352242922\"},\"messages\":[{\"id\":\"wamid.M2\",\"from\":\"6281234567\",\"timestamp\":\"1\",\"type\":\"interactive\",\"interactive\":{\"type\":\"list_reply\",\"list_reply\":{\"id\":7}}}]}}]}]}",
        "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"changes\":[{\"field\":\"messages\",\"value\":{\"metadata\":{\"phone_number_id\":\"106540352242922\"},\"messages\":[{\"id\":\"wamid.M3\",\"from\":\"6281234567\",\"type\":\"location\",\"location\":{\"latitude\":\"north\",\"longitude\":1e400}}]}}]}]}",
        "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"changes\":[{\"field\":\"messages\",\"value\":{\"metadata\":{\"phone_number_id\":\"106540352242922\"},\"statuses\":[{\"id\":\"wamid.S1\",\"status\":\"read\",\"recipient_id\":\"6281234567\",\"errors\":[{\"code\":\"x\"}]}]}}]}]}",
        "{\"object\":\"whatsapp_business_account\",\"object\":\"page\"}",
        "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"changes\":[{\"field\":\"messages\",\"value\":{\"metadata\":{\"phone_number_id\":\"999\"},\"messages\":[{\"id\":\"wamid.OTHER\",\"from\":\"6281234567\",\"type\":\"text\",\"text\":{\"body\":\"x\"}}]}}]}]}",
        new string('[', 5000) + new string(']', 5000),
    ];

    [Theory]
    [MemberData(nameof(MalformedButSigned))]
    public async Task A_malformed_but_signed_body_never_gets_a_5xx_and_never_stalls_the_inbox(string body)
    {
        using var request = _h.Fake.WebhookBytes(Encoding.UTF8.GetBytes(body));
        using var response = await _h.Http.SendAsync(request);
        Assert.True((int)response.StatusCode is 200 or 400, $"{(int)response.StatusCode} for {body[..Math.Min(body.Length, 80)]}");

        // Whatever was stored is handled or set aside, and a good message after it is still answered.
        await _h.PostHandledAsync(_h.Fake.Text("6281200000003", "bantuan"));
        await _h.WaitForSendAsync("6281200000003", s => s.Text?.Contains("usulan", StringComparison.Ordinal) == true, "the help text");
        await using var db = _h.Db();
        Assert.Equal(0, await db.Set<WhatsAppInboxItem>().CountAsync(i => i.Key == "wamid.OTHER"));
    }

    [Fact]
    public async Task Invalid_utf8_in_a_signed_body_is_refused_or_set_aside_never_a_5xx()
    {
        foreach (var (field, id) in new[] { ("halo", "wamid.UTF8TEXT"), ("6281200000005", "wamid.UTF8FROM") })
        {
            var body = FakeCloudApi.Serialize(_h.Fake.Text("6281200000005", "halo", id));
            body[Encoding.ASCII.GetString(body).IndexOf(field, StringComparison.Ordinal)] = 0xC0;
            using var request = _h.Fake.WebhookBytes(body);
            using var response = await _h.Http.SendAsync(request);
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{response.StatusCode} with invalid UTF-8 in {field}");
        }

        await _h.PostHandledAsync(_h.Fake.Text("6281200000006", "halo"));
        await using var db = _h.Db();
        // Stored ones were handled (the bad byte read as U+FFFD) or set aside; none waits or failed in a handler.
        Assert.All(await db.Set<WhatsAppInboxItem>().Where(i => i.Key.StartsWith("wamid.UTF8")).ToListAsync(), i =>
        {
            Assert.NotNull(i.ProcessedAt);
            Assert.True(i.LastError is null || i.LastError.StartsWith("unreadable:", StringComparison.Ordinal), i.LastError);
        });
    }

    [Fact]
    public async Task An_item_not_of_the_Cloud_API_shape_is_set_aside_with_its_reason()
    {
        var body = FakeCloudApi.Envelope(new JsonObject
        {
            ["messages"] = new JsonArray(new JsonObject { ["id"] = "wamid.ODD", ["from"] = "6281200000004", ["timestamp"] = "1714510003", ["type"] = "text", ["text"] = new JsonObject { ["body"] = 42 } }),
        });
        await _h.PostHandledAsync(body);
        await using var db = _h.Db();
        var item = await db.Set<WhatsAppInboxItem>().SingleAsync(i => i.Key == "wamid.ODD");
        Assert.StartsWith("unreadable:", item.LastError, StringComparison.Ordinal);
    }
}
