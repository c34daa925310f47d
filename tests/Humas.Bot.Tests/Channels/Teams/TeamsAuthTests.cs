using System.Net;
using Humas.Bot.Channels.Teams;
using Humas.Bot.FakePlatforms.Teams;
using Humas.Bot.Subscriptions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Tests.Channels.Teams;

/// <summary>
/// POST /api/messages accepts only tokens Bot Framework would issue for this bot, this serviceUrl and this
/// channel (docs/TEAMS.md, Inbound); every other request is 401 and leaves no trace in the database.
/// </summary>
public sealed class TeamsAuthTests : IAsyncLifetime
{
    private TeamsHarness _h = null!;

    public async Task InitializeAsync() => _h = await TeamsHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_valid_token_is_accepted_and_the_conversation_reference_is_stored()
    {
        var response = await _h.PostAsync(_h.Installed(TeamsHarness.PersonalConversation("ani"), "ani"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var db = _h.Db();
        var conversation = await db.Set<Conversation>().SingleAsync();
        var reference = TeamsReference.Of(conversation.Address);
        Assert.Equal(("teams", "a:chat-ani", TeamsHarness.Tenant, _h.Connector.ServiceUrl), (conversation.Channel, conversation.ExternalId, reference.TenantId, reference.ServiceUrl));
    }

    public static TheoryData<string> BadTokens => new()
    {
        "wrong audience", "wrong issuer", "expired", "not yet valid", "unknown kid", "bad signature", "missing endorsement", "serviceUrl mismatch", "missing header", "not a JWT",
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task A_bad_token_is_refused_with_401_and_nothing_is_stored(string flaw)
    {
        _h.Identity.AddKey("webchat-only", ["webchat"]);
        _h.Identity.AddKey("never-published", ["msteams"], published: false);
        var activity = _h.Installed(TeamsHarness.PersonalConversation("budi"), "budi");
        var good = new InboundTokenSpec { Audience = _h.Identity.AppId, ServiceUrl = _h.Connector.ServiceUrl };
        var token = flaw switch
        {
            "wrong audience" => _h.Identity.MintInbound(good with { Audience = "someone-elses-app" }),
            "wrong issuer" => _h.Identity.MintInbound(good with { Issuer = "https://sts.windows.net/evil/" }),
            "expired" => _h.Identity.MintInbound(good with { NotBefore = DateTimeOffset.UtcNow.AddHours(-2), Expires = DateTimeOffset.UtcNow.AddMinutes(-6) }),
            "not yet valid" => _h.Identity.MintInbound(good with { NotBefore = DateTimeOffset.UtcNow.AddMinutes(6), Expires = DateTimeOffset.UtcNow.AddHours(1) }),
            "unknown kid" => _h.Identity.MintInbound(good with { Kid = "never-published" }),
            "bad signature" => _h.Identity.MintInbound(good with { WrongSignature = true }),
            "missing endorsement" => _h.Identity.MintInbound(good with { Kid = "webchat-only" }),
            "serviceUrl mismatch" => _h.Identity.MintInbound(good with { ServiceUrl = "https://smba.trafficmanager.net/amer/" }),
            "missing header" => "",
            _ => "not.a.jwt",
        };

        var response = await _h.PostAsync(activity, token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await using var db = _h.Db();
        Assert.False(await db.Set<Conversation>().AnyAsync());
        Assert.Empty(_h.Connector.Calls);
    }

    [Fact]
    public async Task Expiry_allows_five_minutes_of_clock_skew()
    {
        var token = _h.Identity.MintInbound(new InboundTokenSpec
        {
            Audience = _h.Identity.AppId, ServiceUrl = _h.Connector.ServiceUrl,
            NotBefore = DateTimeOffset.UtcNow.AddHours(-1), Expires = DateTimeOffset.UtcNow.AddMinutes(-3),
        });

        var response = await _h.PostAsync(_h.Installed(TeamsHarness.PersonalConversation("citra"), "citra"), token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_key_added_after_the_keys_were_cached_is_fetched_when_its_kid_first_appears()
    {
        Assert.Equal(HttpStatusCode.OK, (await _h.PostAsync(_h.Installed(TeamsHarness.PersonalConversation("dedi"), "dedi"))).StatusCode);
        var readsBefore = _h.Identity.MetadataReads;
        _h.Identity.AddKey("rotated", ["msteams"]);

        var token = _h.Identity.MintInbound(new InboundTokenSpec { Audience = _h.Identity.AppId, ServiceUrl = _h.Connector.ServiceUrl, Kid = "rotated" });
        var response = await _h.PostAsync(_h.Installed(TeamsHarness.PersonalConversation("eka"), "eka"), token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(readsBefore + 1, _h.Identity.MetadataReads);
    }

    [Fact]
    public async Task Known_keys_are_cached_between_requests()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await _h.PostAsync(_h.Installed(TeamsHarness.PersonalConversation("fajar" + i), "fajar" + i))).StatusCode);
        }

        Assert.Equal(1, _h.Identity.MetadataReads);
    }

    [Fact]
    public async Task A_malformed_activity_with_a_valid_token_is_400_not_500()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent("{\"type\": ", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new("Bearer", _h.Token());

        var response = await _h.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task An_oversized_activity_is_413_and_nothing_is_stored()
    {
        var activity = _h.Personal("besar", new string('x', 300 * 1024));

        var response = await _h.PostAsync(activity);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await using var db = _h.Db();
        Assert.False(await db.Set<Conversation>().AnyAsync());
    }

    [Fact]
    public async Task An_overlong_conversation_id_is_400_and_nothing_is_stored()
    {
        // Real ids run to a few hundred characters (TeamsLongIdTests); this one is past any real shape.
        var activity = _h.Activity("message", "a:" + new string('c', 600), "panjang", "langganan");

        var response = await _h.PostAsync(activity);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await using var db = _h.Db();
        Assert.False(await db.Set<Conversation>().AnyAsync());
    }

    [Fact]
    public async Task An_invoke_the_bot_does_not_know_is_a_4xx_not_a_server_error()
    {
        var activity = _h.Activity("invoke", TeamsHarness.PersonalConversation("ingin"), "ingin");
        activity["name"] = "task/fetch";

        var response = await _h.PostAsync(activity);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Two_first_activities_of_one_conversation_at_once_make_one_conversation()
    {
        var user = "serentak";
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _h.PostAsync(_h.Personal(user, "bantuan"))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        await using var db = _h.Db();
        Assert.Equal(1, await db.Set<Conversation>().CountAsync());
    }

    [Fact]
    public async Task With_Teams_off_the_endpoint_is_404()
    {
        using var app = new Support.HumasAppFactory();
        using var client = app.CreateClient();

        var response = await client.PostAsync("/api/messages", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("Teams:OpenIdMetadataUrl", "http://login.example.org/openid")]
    [InlineData("Teams:TokenEndpoint", "http://10.0.0.5/{TenantId}/token")]
    [InlineData("Teams:DefaultServiceUrl", "ftp://smba.example.org/")]
    public void Plain_http_is_refused_at_start_unless_the_host_is_loopback(string key, string value)
    {
        using var app = new Support.HumasAppFactory(new() { ["Teams:AppId"] = "app", ["Teams:AppPassword"] = "secret", ["Teams:TenantId"] = "t", [key] = value });

        var e = Assert.Throws<OptionsValidationException>(() => app.Services.GetRequiredService<IOptions<TeamsOptions>>().Value);

        Assert.Contains(e.Failures, f => f.StartsWith(key + ":", StringComparison.Ordinal));
    }

    [Fact]
    public void A_single_tenant_bot_needs_its_tenant_id()
    {
        var options = new TeamsOptions { AppId = "app", AppPassword = "secret" };

        var problems = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).ToList();

        Assert.Contains(problems, p => p.MemberNames.Contains(nameof(TeamsOptions.TenantId)));
        Assert.Equal("https://login.microsoftonline.com/t-1/oauth2/v2.0/token", new TeamsOptions { TenantId = "t-1" }.ResolvedTokenEndpoint);
    }
}
