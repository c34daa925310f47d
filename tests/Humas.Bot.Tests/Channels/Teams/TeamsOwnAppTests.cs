using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Humas.Bot.Alerts;
using Humas.Bot.Channels.Teams;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.FakePlatforms.Teams;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tips.Model;
using Humas.Bot.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Testing;

namespace Humas.Bot.Tests.Channels.Teams;

/// <summary>
/// An institution's own Teams app (<c>Institutions:1:Teams:AppId</c>, kemensos in appsettings.json) beside the national
/// one, through the real host, one local identity provider that knows both apps and one fake Bot Connector: its
/// activities arrive at <c>/api/messages/kemensos</c> with tokens for its app id only, its conversations are kemensos's
/// and follow kemensos, and everything sent to them carries its own token; a refused secret opens its own incident.
/// </summary>
public sealed class TeamsOwnAppTests
{
    private const string KemensosApp = "11111111-2222-3333-4444-0000000c0de5";
    private const string KemensosPassword = "kemensos-secret";
    private const string KemensosPath = "/api/messages/kemensos";
    private const string KemensosEditors = "19:redaksi-kemensos@thread.tacv2";

    private static async Task<TeamsHarness> StartAsync(
        Dictionary<string, string?>? settings = null, string password = KemensosPassword, Action<IServiceCollection>? services = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Institutions:1:Teams:AppId"] = KemensosApp,
            ["Institutions:1:Teams:AppPassword"] = password,
        };
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        var h = await TeamsHarness.StartAsync(all, services: services);
        h.Identity.AddApp(KemensosApp, KemensosPassword);
        return h;
    }

    /// <summary>The activity as Bot Framework sends it to kemensos's app: that bot is its recipient.</summary>
    private static JsonObject ToKemensos(JsonObject activity)
    {
        activity["recipient"] = new JsonObject { ["id"] = "28:" + KemensosApp, ["name"] = "Kemensos" };
        if (activity["membersAdded"] is JsonArray added)
        {
            added[0] = new JsonObject { ["id"] = "28:" + KemensosApp };
        }

        return activity;
    }

    private static string KemensosToken(TeamsHarness h) =>
        h.Identity.MintInbound(new InboundTokenSpec { Audience = KemensosApp, ServiceUrl = h.Connector.ServiceUrl });

    private static Task<HttpResponseMessage> PostToKemensosAsync(TeamsHarness h, JsonObject activity) =>
        h.PostAsync(ToKemensos(activity), KemensosToken(h), KemensosPath);

    [Fact]
    public async Task Installing_an_institutions_app_makes_a_conversation_of_that_institution_that_follows_it_answered_with_its_token()
    {
        await using var h = await StartAsync();
        var chat = TeamsHarness.PersonalConversation("ani");

        Assert.Equal(HttpStatusCode.OK, (await PostToKemensosAsync(h, h.Installed(chat, "ani"))).StatusCode);

        var welcome = await h.WaitForCallAsync(chat, c => c.Text?.Contains("Kementerian Sosial", StringComparison.Ordinal) == true, "the welcome naming kemensos");
        Assert.Equal(KemensosApp, welcome.AppId);
        Assert.All(h.Connector.CallsTo(chat), c => Assert.Equal(KemensosApp, c.AppId));
        await using var db = h.Db();
        var conversation = await db.Set<Conversation>().AsNoTracking().SingleAsync(c => c.Channel == "teams" && c.ExternalId == chat);
        Assert.Equal("kemensos", conversation.Account);
        var follow = Assert.Single(await db.Set<Subscription>().AsNoTracking().Where(s => s.ConversationId == conversation.Id).ToListAsync());
        Assert.Equal((SubscriptionTarget.Institution, "kemensos"), (follow.Target, follow.Value));
    }

    [Fact]
    public async Task Installing_an_institutions_app_in_a_team_follows_it_when_the_installer_may_manage_the_channel_and_not_for_a_guest()
    {
        await using var h = await StartAsync();
        const string general = "19:umum@thread.tacv2";
        const string guests = "19:tamu@thread.tacv2";
        h.Connector.SetRole("29:tamu", "guest");

        await PostToKemensosAsync(h, h.Installed(general, "ani", "channel"));
        await PostToKemensosAsync(h, h.Installed(guests, "tamu", "channel"));

        await h.WaitForCallAsync(general, c => c.Text?.Contains("Kementerian Sosial", StringComparison.Ordinal) == true, "the welcome naming kemensos in the team");
        await h.WaitForCallAsync(guests, c => c.Text is not null, "the answer to the guest");
        Assert.Contains(h.Connector.Calls, c => c.Method == "MEMBER" && c.AppId == KemensosApp);
        await using var db = h.Db();
        var team = await db.Set<Conversation>().AsNoTracking().SingleAsync(c => c.ExternalId == general);
        var guest = await db.Set<Conversation>().AsNoTracking().SingleAsync(c => c.ExternalId == guests);
        Assert.Equal(("kemensos", "kemensos"), (team.Account, guest.Account));
        Assert.Single(await db.Set<Subscription>().AsNoTracking().Where(s => s.ConversationId == team.Id && s.Value == "kemensos").ToListAsync());
        Assert.Empty(await db.Set<Subscription>().AsNoTracking().Where(s => s.ConversationId == guest.Id).ToListAsync());
    }

    [Fact]
    public async Task A_first_message_to_an_institutions_app_whose_install_was_never_seen_follows_it_and_is_answered_too()
    {
        await using var h = await StartAsync();
        var chat = TeamsHarness.PersonalConversation("eka");

        Assert.Equal(HttpStatusCode.OK, (await PostToKemensosAsync(h, h.Personal("eka", "terbaru"))).StatusCode);

        await h.WaitForCallAsync(chat, c => c.Text?.Contains("Kementerian Sosial", StringComparison.Ordinal) == true, "the welcome naming kemensos");
        await h.WaitForCallAsync(chat, c => c.Text?.Contains("Kementerian Sosial", StringComparison.Ordinal) != true, "the answer to the message itself");
        Assert.All(h.Connector.CallsTo(chat), c => Assert.Equal(KemensosApp, c.AppId));
        await using (var db = h.Db())
        {
            var conversation = await db.Set<Conversation>().AsNoTracking().SingleAsync(c => c.Channel == "teams" && c.ExternalId == chat);
            Assert.Equal("kemensos", conversation.Account);
            Assert.Single(await db.Set<Subscription>().AsNoTracking().Where(s => s.ConversationId == conversation.Id && s.Value == "kemensos").ToListAsync());
        }

        // Only the first: a later message is just answered.
        var before = h.Connector.CallsTo(chat).Count(c => c.Text?.Contains("Kementerian Sosial", StringComparison.Ordinal) == true);
        await PostToKemensosAsync(h, h.Personal("eka", "bantuan"));
        await TeamsHarness.WaitForAsync(() => h.Connector.CallsTo(chat).Count >= 3 ? "" : null, "the help");
        Assert.Equal(before, h.Connector.CallsTo(chat).Count(c => c.Text?.Contains("Kementerian Sosial", StringComparison.Ordinal) == true));
    }

    [Fact]
    public async Task A_token_for_another_app_is_refused_401_at_either_endpoint_with_nothing_stored_and_an_app_not_configured_is_404()
    {
        await using var h = await StartAsync();

        // The national app's token at kemensos's endpoint, kemensos's at the national one: each names the wrong audience.
        var national = await h.PostAsync(ToKemensos(h.Installed(TeamsHarness.PersonalConversation("budi"), "budi")), h.Token(), KemensosPath);
        var kemensos = await h.PostAsync(h.Installed(TeamsHarness.PersonalConversation("citra"), "citra"), KemensosToken(h));
        // setneg has no app of its own: its path is nobody's, whatever the token.
        var setneg = await h.PostAsync(h.Installed(TeamsHarness.PersonalConversation("dedi"), "dedi"), h.Token(), "/api/messages/setneg");

        Assert.Equal(HttpStatusCode.Unauthorized, national.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, kemensos.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, setneg.StatusCode);
        await using var db = h.Db();
        Assert.False(await db.Set<Conversation>().AnyAsync(c => c.Channel == "teams"));
        Assert.Empty(h.Connector.Calls);
    }

    [Fact]
    public async Task An_article_reaches_the_institutions_reader_through_its_app_and_the_national_reader_through_the_national_app()
    {
        await using var h = await StartAsync();
        var ani = TeamsHarness.PersonalConversation("ani");
        var budi = TeamsHarness.PersonalConversation("budi");
        await PostToKemensosAsync(h, h.Installed(ani, "ani"));
        await h.WaitForCallAsync(ani, c => c.Text?.Contains("Kementerian Sosial", StringComparison.Ordinal) == true, "kemensos's welcome");
        await h.PostAsync(h.Installed(budi, "budi"));
        await h.PostAsync(h.Submit(budi, "budi", "sub:all"));

        await PublishKemensosAsync(h);

        var toAni = await h.WaitForCallAsync(ani, c => c.Method == "SEND" && c.Cards.Any(), "the article card to kemensos's reader");
        var toBudi = await h.WaitForCallAsync(budi, c => c.Method == "SEND" && c.Cards.Any(), "the article card to the national reader");
        Assert.Equal(KemensosApp, toAni.AppId);
        Assert.Equal(h.Identity.AppId, toBudi.AppId);
        var channel = h.App.Services.GetRequiredService<TeamsDeliveryChannel>();
        // Its own limiter in the gateway, with Teams' whole limits (single-tenant: paced at 48 of the tenant's 50/s).
        Assert.Equal("kemensos", channel.SenderOf(new ConversationAddress("teams", ani, ConversationKind.Private) { Account = "kemensos" }));
        Assert.Equal(48, Assert.Single(channel.RateLimitsOf("kemensos").Bot).Count);
        Assert.Equal(50, Assert.Single(channel.RateLimitsOf("kemensos").PerTenant).Count);
    }

    [Fact]
    public async Task A_person_with_the_national_app_and_the_institutions_gets_an_article_once_through_the_institutions()
    {
        await using var h = await StartAsync();
        // One person (aad-ani) in two apps: Teams gives each app its own personal-chat id.
        const string aniNational = "a:national-ani";
        const string aniKemensos = "a:kemensos-ani";
        var budi = TeamsHarness.PersonalConversation("budi");
        await h.PostAsync(h.Installed(aniNational, "ani"));
        await h.PostAsync(h.Submit(aniNational, "ani", "sub:all"));
        await PostToKemensosAsync(h, h.Installed(aniKemensos, "ani"));
        await h.WaitForCallAsync(aniKemensos, c => c.Text?.Contains("Kementerian Sosial", StringComparison.Ordinal) == true, "kemensos's welcome");
        await h.PostAsync(h.Installed(budi, "budi"));
        await h.PostAsync(h.Submit(budi, "budi", "sub:all"));

        await PublishKemensosAsync(h);

        await h.WaitForCallAsync(aniKemensos, c => c.Method == "SEND" && c.Cards.Any(), "the article through kemensos's app");
        await h.WaitForCallAsync(budi, c => c.Method == "SEND" && c.Cards.Any(), "the article to the national-only reader");
        await using var db = h.Db();
        var ani = await db.Set<Conversation>().AsNoTracking().Where(c => c.ExternalId == aniNational || c.ExternalId == aniKemensos).ToListAsync();
        Assert.Equal(["aad-ani", "aad-ani"], ani.Select(c => c.PersonId));
        var planned = await db.Set<Humas.Bot.Delivery.Model.DeliveryRecord>().AsNoTracking().Select(d => d.ConversationId).ToListAsync();
        Assert.Equal(ani.Single(c => c.Account == "kemensos").Id, Assert.Single(planned, id => ani.Any(c => c.Id == id)));
        Assert.DoesNotContain(h.Connector.CallsTo(aniNational), c => c.Method == "SEND" && c.Cards.Any());
    }

    private static async Task PublishKemensosAsync(TeamsHarness h)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/articles")
        {
            Content = JsonContent.Create(new
            {
                institution = "kemensos",
                title = "Bansos Tahap Dua Disalurkan",
                url = "https://kemensos.go.id/bansos-tahap-dua",
                summary = "Penyaluran bansos tahap dua dimulai hari ini.",
                publishedAt = "2026-12-06T09:00:00+07:00",
            }),
        };
        request.Headers.Add("X-Api-Key", TeamsHarness.PublishKey);
        Assert.Equal(HttpStatusCode.Created, (await h.Http.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task A_tip_on_the_institutions_app_is_that_institutions_without_the_question_and_reaches_its_editors_through_its_app()
    {
        await using var h = await StartAsync(new()
        {
            ["Tips:AskInstitution"] = "Always",
            ["Institutions:1:Teams:EditorsConversationId"] = KemensosEditors,
        });
        var chat = TeamsHarness.PersonalConversation("warga");

        await PostToKemensosAsync(h, h.Personal("warga", "usulan"));
        var form = await h.WaitForCallAsync(chat, c => Actions(c).Contains("t:cancel"), "the tip question (no institution question first)");
        Assert.DoesNotContain(Actions(form), a => a.StartsWith("t:in:", StringComparison.Ordinal));
        Assert.Contains(form.Cards.Single()["body"]!.AsArray(), e => e!["type"]!.GetValue<string>() == "Input.Text");
        await PostToKemensosAsync(h, h.Submit(chat, "warga", "tipform", "personal", ("tipText", "Penyaluran bansos di desa kami tertunda dua minggu.")));
        var media = await h.WaitForCallAsync(chat, c => Actions(c).Any(a => a.StartsWith("t:done:", StringComparison.Ordinal)), "the request for attachments");
        await PostToKemensosAsync(h, h.Submit(chat, "warga", Actions(media).Single(a => a.StartsWith("t:done:", StringComparison.Ordinal))));
        await h.WaitForCallAsync(chat, c => Actions(c).Contains("t:skip"), "the contact question");
        await PostToKemensosAsync(h, h.Submit(chat, "warga", "t:skip"));
        var summary = await h.WaitForCallAsync(chat, c => Actions(c).Any(a => a.StartsWith("t:send:", StringComparison.Ordinal)), "the summary");
        await PostToKemensosAsync(h, h.Submit(chat, "warga", Actions(summary).Single(a => a.StartsWith("t:send:", StringComparison.Ordinal))));

        var tip = await TeamsHarness.WaitForAsync(() =>
        {
            using var db = h.Db();
            return db.Set<Tip>().AsNoTracking().SingleOrDefault();
        }, "the tip stored");
        Assert.Equal("kemensos", tip.InstitutionId);
        var posted = await h.WaitForCallAsync(KemensosEditors, c => c.Cards.Any(), "the tip in kemensos's editors' channel");
        Assert.Equal(KemensosApp, posted.AppId);
        Assert.All(h.Connector.CallsTo(chat), c => Assert.Equal(KemensosApp, c.AppId));
        Assert.Empty(h.Connector.CallsTo(TeamsHarness.EditorsChannel));
    }

    [Fact]
    public async Task A_refused_secret_of_the_institutions_app_opens_its_own_incident_and_pauses_only_that_app()
    {
        await using var h = await StartAsync(password: "an-old-secret");
        var ani = TeamsHarness.PersonalConversation("ani");
        var budi = TeamsHarness.PersonalConversation("budi");

        Assert.Equal(HttpStatusCode.OK, (await PostToKemensosAsync(h, h.Installed(ani, "ani"))).StatusCode);

        var incident = await TeamsHarness.WaitForAsync(() =>
        {
            using var db = h.Db();
            return db.Set<Incident>().AsNoTracking().SingleOrDefault(i => i.Key == "token:teams:kemensos" && i.ResolvedAt == null);
        }, "kemensos's credentials incident");
        Assert.Equal(IncidentKind.TokenRejected, incident.Kind);
        var channel = h.App.Services.GetRequiredService<TeamsDeliveryChannel>();
        var refused = await Assert.ThrowsAnyAsync<Exception>(() =>
            channel.SendAsync(new ConversationAddress("teams", ani, ConversationKind.Private) { Account = "kemensos" }, new TextMessage("Halo", "id"), default));
        Assert.Equal(RateLimitScope.Bot, Assert.IsType<DeliveryFailure.RetryAfter>(channel.Classify(refused)).Scope);
        Assert.DoesNotContain("an-old-secret", refused.Message, StringComparison.Ordinal);

        // The national app goes on: its reader is welcomed, and it has no incident.
        await h.PostAsync(h.Installed(budi, "budi"));
        await h.WaitForCallAsync(budi, c => c.Text is not null, "the national welcome");
        await using var check = h.Db();
        Assert.False(await check.Set<Incident>().AnyAsync(i => i.Key == "token:teams"));
        Assert.DoesNotContain(h.Connector.CallsTo(ani), c => c.Status == 200);
        var health = await h.Http.GetFromJsonAsync<JsonElement>("/healthz");
        var teams = health.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "teams");
        Assert.Equal("Degraded", teams.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Each_app_is_logged_ready_at_start_with_its_institution_and_endpoint_and_never_its_secret()
    {
        var logs = new FakeLoggerProvider();
        await using var h = await StartAsync(
            new() { ["Institutions:0:Teams:AppId"] = "app-setneg", ["Institutions:0:Teams:AppPassword"] = "setneg-secret", ["Institutions:0:Teams:TenantId"] = "tenant-setneg" },
            services: s => s.AddSingleton<ILoggerProvider>(logs));

        var ready = logs.Collector.GetSnapshot().Where(r => r.Category == "Humas.Bot.Channels.Teams.TeamsAppsNotice")
            .Select(r => r.Message).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(
            [
                $"Teams app {h.Identity.AppId} (national) ready: messaging endpoint /api/messages, tenant {TeamsHarness.Tenant} (its own), 50/s per tenant",
                $"Teams app {KemensosApp} (kemensos) ready: messaging endpoint /api/messages/kemensos, tenant {TeamsHarness.Tenant} (the national one), 50/s per tenant",
                "Teams app app-setneg (setneg) ready: messaging endpoint /api/messages/setneg, tenant tenant-setneg (its own), 50/s per tenant",
            ],
            ready);
        Assert.DoesNotContain(logs.Collector.Lines(), l => l.Contains(KemensosPassword, StringComparison.Ordinal) || l.Contains("setneg-secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_conversation_of_an_app_no_longer_configured_fails_clearly_and_never_goes_through_the_national_app()
    {
        // kemensos had an app; this configuration no longer names it.
        await using var h = await TeamsHarness.StartAsync();
        var channel = h.App.Services.GetRequiredService<TeamsDeliveryChannel>();
        var to = new ConversationAddress("teams", TeamsHarness.PersonalConversation("rina"), ConversationKind.Private,
            new TeamsReference(h.Connector.ServiceUrl, TeamsHarness.Tenant).ToChannelData()) { Account = "kemensos" };

        var e = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => channel.SendAsync(to, new TextMessage("Halo", "id"), default));

        Assert.Contains("Institutions:N:Teams:AppId", e.Message, StringComparison.Ordinal);
        Assert.Contains("kemensos", e.Message, StringComparison.Ordinal);
        Assert.IsType<DeliveryFailure.Transient>(channel.Classify(e));
        Assert.Empty(h.Connector.Calls);
    }

    private static IReadOnlyList<string> Actions(ConnectorCall call) =>
        call.Cards.SelectMany(c => c["body"]!.AsArray()).Where(e => e!["type"]!.GetValue<string>() == "ActionSet")
            .SelectMany(s => s!["actions"]!.AsArray()).Select(a => a!["data"]?["humas"]?.GetValue<string>() ?? "").ToList();
}
