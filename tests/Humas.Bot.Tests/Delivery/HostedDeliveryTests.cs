using Humas.Bot.Delivery.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Humas.Bot.Tests.Delivery;

public sealed class HostedDeliveryTests
{
    [Fact]
    public async Task The_running_service_fans_out_and_delivers_a_published_article()
    {
        await using var h = await DeliveryHarness.CreateAsync();
        await h.SubscriberAsync("a");
        await h.SubscriberAsync("b");
        var services = h.Services.GetServices<IHostedService>()
            .Where(s => s.GetType().Namespace?.StartsWith("Humas.Bot.Delivery", StringComparison.Ordinal) == true).ToList();
        Assert.Equal(4, services.Count); // fan-out, dispatcher, digests, recall/correction jobs
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        foreach (var service in services)
        {
            await service.StartAsync(stop.Token);
        }

        try
        {
            var (articleId, _) = await h.PublishAsync();
            // The services sleep on the test clock between rounds; move it until the article is out.
            while (h.Channel.Delivered.Count < 2)
            {
                stop.Token.ThrowIfCancellationRequested();
                h.Clock.Advance(TimeSpan.FromMilliseconds(500));
                await Task.Delay(10, stop.Token);
            }

            Assert.Equal(["a", "b"], h.Channel.Delivered.Select(c => c.To.ExternalId).Order());
            // Sent is recorded right after the send; give the pass a moment to commit it.
            while ((await h.DeliveriesAsync(articleId)).Any(d => d.State != DeliveryState.Sent))
            {
                await Task.Delay(10, stop.Token);
            }
        }
        finally
        {
            foreach (var service in services)
            {
                await service.StopAsync(CancellationToken.None);
            }
        }
    }
}
