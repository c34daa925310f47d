using Humas.Bot.Delivery;
using Humas.Bot.Delivery.RateLimiting;
using Humas.Bot.Subscriptions;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Tests.Delivery;

public sealed class DeliveryOptionsTests
{
    [Fact]
    public async Task Defaults_follow_the_platforms_published_limits()
    {
        await using var h = await DeliveryHarness.CreateAsync();
        var o = new DeliveryOptions();
        // Each channel declares its own limits, in its own section (Telegram:, Teams:).
        var telegram = new Humas.Bot.Channels.Telegram.TelegramOptions();
        var teams = new Humas.Bot.Channels.Teams.TeamsOptions();
        Assert.Equal((256, 60, 8, 30, 1, 20, false, 1000, 50),
            (o.Concurrency, o.LeaseSeconds, o.MaxAttempts, telegram.BotPerSecond, telegram.PrivatePerSecond,
             telegram.GroupPerMinute, telegram.PaidBroadcast, telegram.PaidBroadcastPerSecond, teams.TenantPerSecond));
        Assert.Equal(30, telegram.ToRateLimits().Bot.Single().Count);
        telegram.PaidBroadcast = true;
        Assert.Equal(1000, telegram.ToRateLimits().Bot.Single().Count);
        Assert.Equal(50, Humas.Bot.Channels.Teams.TeamsDeliveryChannel.Limits(teams.TenantPerSecond, teams.TenantId).PerTenant.Single().Count);
        Assert.Equal(8, h.Get<IOptions<DeliveryOptions>>().Value.Concurrency);
    }

    [Theory]
    [InlineData("Delivery:Concurrency", "0")]
    [InlineData("Delivery:LeaseSeconds", "1")]
    [InlineData("Delivery:BackoffCapSeconds", "0.5")] // below the 1 s base
    [InlineData("Delivery:RoundTripAllowanceMilliseconds", "-1")]
    [InlineData("Delivery:RoundTripAllowanceMilliseconds", "1001")]
    public async Task Bad_settings_are_refused_by_their_full_key(string key, string value)
    {
        await using var h = await DeliveryHarness.CreateAsync(new() { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => h.Get<IOptions<DeliveryOptions>>().Value);

        Assert.Contains(error.Failures, f => f.StartsWith(key + ":", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, 10)]
    [InlineData("40", 40)]
    public async Task The_round_trip_allowance_reaches_every_limiter(string? setting, int milliseconds)
    {
        await using var h = await DeliveryHarness.CreateAsync(setting is null ? null : new() { ["Delivery:RoundTripAllowanceMilliseconds"] = setting });

        var limiter = h.Get<RateLimiterRegistry>().For(h.Channel, new ConversationAddress(h.Channel.Name, "c", ConversationKind.Private));

        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), limiter.Allowance);
    }
}
