using Humas.Bot.Channels.Teams;
using Humas.Bot.Channels.Teams.Auth;
using Humas.Bot.Channels.Teams.Connector;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.FakePlatforms.Teams;
using Humas.Bot.Subscriptions;

namespace Humas.Bot.Tests.Channels.Teams;

/// <summary>The Connector client and the "teams" delivery channel against the fake connector: calls, token, error meanings.</summary>
public sealed class TeamsConnectorTests : IAsyncLifetime
{
    private const string Chat = "a:chat-rina";
    private TeamsHarness _h = null!;
    private TeamsDeliveryChannel _channel = null!;
    private ConversationAddress _to = null!;

    public async Task InitializeAsync()
    {
        _h = await TeamsHarness.StartAsync();
        _channel = _h.App.Services.GetRequiredService<TeamsDeliveryChannel>();
        _to = new ConversationAddress("teams", Chat, ConversationKind.Private, new TeamsReference(_h.Connector.ServiceUrl, TeamsHarness.Tenant).ToChannelData());
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private TeamsApp National => _h.App.Services.GetRequiredService<TeamsApps>().Shared;

    [Fact]
    public async Task Send_update_and_delete_reach_the_connector_with_one_cached_token()
    {
        Assert.True(_channel.IsEnabled);
        var sent = await _channel.SendAsync(_to, new TextMessage("Halo", "id"), default);
        await _channel.EditAsync(_to, sent.MessageId, new TextMessage("Halo lagi", "id"), default);
        await _channel.DeleteAsync(_to, sent.MessageId, default);

        var calls = _h.Connector.CallsTo(Chat);
        Assert.Equal(["SEND", "UPDATE", "DELETE"], calls.Select(c => c.Method));
        Assert.All(calls, c => Assert.Equal(200, c.Status));
        Assert.Equal(sent.MessageId, calls[1].ActivityId);
        Assert.Equal("Halo lagi", calls[1].Text);
        Assert.Equal(1, _h.Identity.TokenRequests);
    }

    [Fact]
    public async Task Reply_and_a_proactive_one_to_one_chat_use_the_documented_routes()
    {
        var connector = _h.App.Services.GetRequiredService<ConnectorClient>();
        var created = await connector.CreateConversationAsync(National, _h.Connector.ServiceUrl, "29:new-user", TeamsHarness.Tenant, null, default);
        var reply = await connector.ReplyAsync(National, _h.Connector.ServiceUrl, created.Id!, "1000", Activity.FromText("balasan"), default);

        Assert.StartsWith("a:fake-", created.Id, StringComparison.Ordinal);
        Assert.NotNull(reply.Id);
        var create = Assert.Single(_h.Connector.Calls, c => c.Method == "CREATE");
        Assert.Equal("29:new-user", create.Body!["members"]![0]!["id"]!.GetValue<string>());
        Assert.Equal("28:" + _h.Identity.AppId, create.Body!["bot"]!["id"]!.GetValue<string>());
        Assert.Equal(TeamsHarness.Tenant, create.Body!["channelData"]!["tenant"]!["id"]!.GetValue<string>());
        var replied = Assert.Single(_h.Connector.CallsTo(created.Id!), c => c.Method == "REPLY");
        Assert.Equal("1000", replied.Body!["replyToId"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_renewed_token_is_fetched_only_when_the_cached_one_nears_expiry()
    {
        var tokens = _h.App.Services.GetRequiredService<ConnectorTokenProvider>();
        var first = await tokens.GetTokenAsync(National, default);
        var again = await tokens.GetTokenAsync(National, default);
        tokens.Forget(National);
        var renewed = await tokens.GetTokenAsync(National, default);

        Assert.Equal(first, again);
        Assert.NotEqual(first, renewed);
        Assert.Equal(2, _h.Identity.TokenRequests);
    }

    [Fact]
    public async Task A_blocked_reader_an_uninstalled_app_and_a_vanished_conversation_are_recipient_gone()
    {
        _h.Connector.Block(Chat);
        var blocked = await Assert.ThrowsAsync<TeamsConnectorException>(() => _channel.SendAsync(_to, new TextMessage("x", "id"), default));
        _h.Connector.Inject("a:other", new ConnectorFault(403, "BotNotInConversationRoster"));
        var roster = await Assert.ThrowsAsync<TeamsConnectorException>(() => _channel.SendAsync(_to with { ExternalId = "a:other" }, new TextMessage("x", "id"), default));
        _h.Connector.Remove("a:gone");
        var gone = await Assert.ThrowsAsync<TeamsConnectorException>(() => _channel.SendAsync(_to with { ExternalId = "a:gone" }, new TextMessage("x", "id"), default));

        Assert.IsType<DeliveryFailure.RecipientGone>(_channel.Classify(blocked));
        Assert.Equal("MessageWritesBlocked", blocked.SubCode);
        Assert.NotNull(blocked.CorrelationId);
        Assert.IsType<DeliveryFailure.RecipientGone>(_channel.Classify(roster));
        Assert.IsType<DeliveryFailure.RecipientGone>(_channel.Classify(gone));
    }

    [Fact]
    public async Task Throttling_waits_for_Retry_After()
    {
        _h.Connector.Inject(Chat, new ConnectorFault(429, "Throttled", null, 7));

        var e = await Assert.ThrowsAsync<TeamsConnectorException>(() => _channel.SendAsync(_to, new TextMessage("x", "id"), default));

        var wait = Assert.IsType<DeliveryFailure.RetryAfter>(_channel.Classify(e));
        Assert.Equal(TimeSpan.FromSeconds(7), wait.Delay);
    }

    [Fact]
    public void Refused_credentials_pause_the_app_for_the_configured_time()
    {
        var refused = new TeamsTokenException("invalid_client", System.Net.HttpStatusCode.Unauthorized) { Rejected = true };

        var byDefault = Assert.IsType<DeliveryFailure.RetryAfter>(_channel.Classify(refused));
        var configured = Assert.IsType<DeliveryFailure.RetryAfter>(TeamsFailureClassifier.Classify(refused, TimeSpan.FromSeconds(7)));

        Assert.Equal((RateLimitScope.Bot, TimeSpan.FromSeconds(60)), (byDefault.Scope, byDefault.Delay));
        Assert.Equal((RateLimitScope.Bot, TimeSpan.FromSeconds(7)), (configured.Scope, configured.Delay));
        Assert.IsType<DeliveryFailure.Transient>(_channel.Classify(new TeamsTokenException("timed out")));
    }

    [Theory]
    [InlineData(412, "PreconditionFailed")]
    [InlineData(502, "BadGateway")]
    [InlineData(503, "ServiceUnavailable")]
    [InlineData(504, "GatewayTimeout")]
    public async Task Concurrency_conflicts_and_gateway_errors_are_retried(int status, string code)
    {
        _h.Connector.Inject(Chat, new ConnectorFault(status, code));

        var e = await Assert.ThrowsAsync<TeamsConnectorException>(() => _channel.SendAsync(_to, new TextMessage("x", "id"), default));

        Assert.IsType<DeliveryFailure.Transient>(_channel.Classify(e));
    }

    [Fact]
    public async Task The_fake_enforces_the_per_conversation_windows_with_429_and_Retry_After()
    {
        var connector = _h.App.Services.GetRequiredService<ConnectorClient>();
        int sent = 0, throttled = 0;
        for (var i = 0; i < 61; i++)
        {
            try
            {
                await connector.SendAsync(National, _h.Connector.ServiceUrl, "a:burst", Activity.FromText("x"), default);
                sent++;
            }
            catch (TeamsConnectorException e) when (e.RetryAfter is not null)
            {
                throttled++;
            }
        }

        // 61 immediate sends: whatever the machine's speed, 60/30s is exceeded (and 7/1s long before).
        Assert.True(sent <= 60 && throttled > 0, $"{sent} sent, {throttled} throttled");
        Assert.Equal(throttled, _h.Connector.Throttled);
    }

    [Fact]
    public void A_single_tenant_bot_paces_itself_below_the_tenant_rate_and_keeps_the_conversation_windows()
    {
        var limits = _channel.RateLimits;
        var multiTenant = TeamsDeliveryChannel.Limits(50, tenantId: null);

        Assert.Equal(48, Assert.Single(limits.Bot).Count);
        Assert.Equal(50, Assert.Single(limits.PerTenant).Count);
        Assert.Equal([7, 8, 60, 1800], limits.ForConversation(ConversationKind.Private).Select(r => r.Count));
        Assert.Empty(multiTenant.Bot);
    }
}
