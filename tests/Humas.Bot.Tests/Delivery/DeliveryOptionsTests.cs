using Humas.Bot.Delivery;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Tests.Delivery;

public sealed class DeliveryOptionsTests
{
    [Fact]
    public async Task Defaults_follow_the_platforms_published_limits()
    {
        await using var h = await DeliveryHarness.CreateAsync();
        var o = new DeliveryOptions();
        Assert.Equal((64, 60, 8, 30, 1, 20, false, 1000, 50),
            (o.Concurrency, o.LeaseSeconds, o.MaxAttempts, o.Telegram.BotPerSecond, o.Telegram.PrivatePerSecond,
             o.Telegram.GroupPerMinute, o.Telegram.PaidBroadcast, o.Telegram.PaidBroadcastPerSecond, o.Teams.TenantPerSecond));
        Assert.Equal(30, o.Telegram.ToRateLimits().Bot.Single().Count);
        o.Telegram.PaidBroadcast = true;
        Assert.Equal(1000, o.Telegram.ToRateLimits().Bot.Single().Count);
        Assert.Equal(50, o.Teams.ToRateLimits().PerTenant.Single().Count);
        Assert.Equal(8, h.Get<IOptions<DeliveryOptions>>().Value.Concurrency);
    }

    [Theory]
    [InlineData("Delivery:Concurrency", "0")]
    [InlineData("Delivery:LeaseSeconds", "1")]
    [InlineData("Delivery:Telegram:PaidBroadcastPerSecond", "5000")]
    [InlineData("Delivery:Teams:TenantPerSecond", "0")]
    [InlineData("Delivery:BackoffCapSeconds", "0.5")] // below the 1 s base
    public async Task Bad_settings_are_refused_by_their_full_key(string key, string value)
    {
        await using var h = await DeliveryHarness.CreateAsync(new() { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => h.Get<IOptions<DeliveryOptions>>().Value);

        Assert.Contains(error.Failures, f => f.StartsWith(key + ":", StringComparison.Ordinal));
    }
}
