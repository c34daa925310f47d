using System.Net;
using System.Net.Http.Json;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Humas.Bot.Tests.Channels.Loopback;

/// <summary>
/// A channel that lives outside the service (in this test folder) plugs into the unchanged service with one
/// <c>AddLoopbackChannel()</c>: a reader's command gets the core's reply through the gateway, the reader is
/// subscribed, and a published article is broadcast to them by the core's dispatcher.
/// </summary>
public sealed class LoopbackChannelTests : IDisposable
{
    private const string Key = "cms-key-loopback";
    private readonly HumasAppFactory _app = new(new() { ["Publishing:ApiKeys:0"] = Key }, services => services.AddLoopbackChannel());

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_new_channel_is_one_folder_and_one_registration()
    {
        using var client = _app.CreateClient();
        var loopback = _app.Services.GetRequiredService<LoopbackChannel>();
        Assert.Same(loopback, _app.Services.GetRequiredService<IChannelGateway>().Channel(LoopbackChannel.ChannelName));

        using (var scope = _app.Services.CreateScope())
        {
            var outcome = await scope.ServiceProvider.GetRequiredService<LoopbackInbound>().ReceiveAsync("reader-1", "/start", CancellationToken.None);
            Assert.NotEmpty(outcome.Sent);
        }

        var reply = Assert.Single(loopback.Platform, p => p.Message is ReplyMessage);
        Assert.Equal("reader-1", reply.To.ExternalId);
        await using (var db = _app.CreateDbContext())
        {
            var conversation = await db.Set<Conversation>().SingleAsync(c => c.Channel == LoopbackChannel.ChannelName);
            Assert.True(await db.Set<Subscription>().AnyAsync(s => s.ConversationId == conversation.Id), "/start subscribed the reader");
        }

        using var publish = new HttpRequestMessage(HttpMethod.Post, "/api/articles")
        {
            Content = JsonContent.Create(new
            {
                institution = "kominfo", title = "Sosialisasi layanan publik", url = $"https://www.kominfo.go.id/berita/{Guid.NewGuid():N}",
                publishedAt = DateTimeOffset.UtcNow.ToString("O"),
            }),
        };
        publish.Headers.Add("X-Api-Key", Key);
        Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(publish)).StatusCode);

        await Eventually.UntilAsync(
            () => loopback.Platform.Any(p => p.Message is ArticleMessage && p.To.ExternalId == "reader-1"), "the article broadcast to reader-1", TimeSpan.FromSeconds(120));

        var article = Assert.Single(loopback.Platform, p => p.Message is ArticleMessage);
        Assert.Equal("Sosialisasi layanan publik", ((ArticleMessage)article.Message!).Title);
    }
}
