using Humas.Bot.Channels.Teams;
using Humas.Bot.Channels.Teams.Connector;
using Humas.Bot.Tests.Support;
using Humas.Bot.Tips.Attachments;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Humas.Bot.Tests.Channels.Teams;

/// <summary>Where the Teams client may connect and where the bot's token may go.</summary>
public sealed class TeamsOutboundTests
{
    [Theory]
    [InlineData("https://evil.trafficmanager.net/amer/")]
    [InlineData("https://smba.trafficmanager.net.evil.example/amer/")]
    [InlineData("https://botframework.com.evil.example/")]
    [InlineData("http://smba.trafficmanager.net/amer/")]
    public async Task The_bot_token_is_never_sent_to_a_service_url_outside_bot_framework(string serviceUrl)
    {
        await using var h = await TeamsHarness.StartAsync();
        var connector = h.App.Services.GetRequiredService<ConnectorClient>();

        var refused = await Assert.ThrowsAsync<TeamsConnectorException>(() =>
            connector.SendAsync(h.App.Services.GetRequiredService<TeamsApps>().Shared, serviceUrl, "a:chat-rina", Activity.FromText("halo"), CancellationToken.None));

        Assert.Equal("ServiceUrlNotAllowed", refused.Code);
        Assert.Equal(0, h.Identity.TokenRequests);
    }

    [Theory]
    [InlineData("https://smba.trafficmanager.net/amer/", true)]
    [InlineData("https://smba.infra.gcc.teams.microsoft.com/gcc", true)]
    [InlineData("https://smba.infra.gov.teams.microsoft.us/gcch", true)]
    [InlineData("https://europe.webchat.botframework.com/", true)]
    [InlineData("https://evil.trafficmanager.net/", false)]
    [InlineData("https://teams.microsoft.com.evil.example/", false)]
    public void Token_hosts_are_bot_framework_and_teams_hosts(string url, bool allowed) =>
        Assert.Equal(allowed, TeamsOptions.MayReceiveToken(new Uri(url)));

    [Fact]
    public async Task An_attachment_link_to_a_private_address_is_refused_unless_teams_may_use_private_networks()
    {
        var requests = 0;
        await using var files = await LoopbackServer.StartAsync(app => app.MapGet("/file", () =>
        {
            Interlocked.Increment(ref requests);
            return Results.Bytes([1, 2, 3], "image/png");
        }));
        await using var h = await TeamsHarness.StartAsync(new() { ["Teams:AllowPrivateNetworks"] = "false" });
        var fetcher = h.App.Services.GetServices<ITipAttachmentFetcher>().Single(f => f.Channel == "teams");

        var error = await Assert.ThrowsAsync<TipFetchException>(() =>
            fetcher.FetchAsync(files.Url("file").ToString(), 1024, new MemoryStream(), CancellationToken.None));

        Assert.False(error.Transient);
        Assert.Contains("address 127.0.0.1 is not allowed", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, requests);
    }
}
