using Humas.Bot.Channels.Web;
using Humas.Bot.Host;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Tests.Channels.Web;

public sealed class WebOptionsTests
{
    private static OptionsValidationException Refused(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddValidatedOptions(WebOptions.Section, new WebOptionsValidator());
        using var provider = services.BuildServiceProvider();
        return Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<WebOptions>>().Value);
    }

    [Theory]
    [InlineData("https://www.kemensos.go.id/berita")]
    [InlineData("www.kemensos.go.id")]
    [InlineData("ftp://kemensos.go.id")]
    [InlineData("https://kemensos.go.id?x=1")]
    public void An_allowed_origin_that_is_not_an_origin_names_the_key(string origin)
    {
        var e = Refused(new() { ["Web:AllowedOrigins:0"] = "https://ok.go.id", ["Web:AllowedOrigins:1"] = origin });
        Assert.Contains(e.Failures, f => f.StartsWith("Web:AllowedOrigins:1:", StringComparison.Ordinal));
        Assert.DoesNotContain(e.Failures, f => f.StartsWith("Web:AllowedOrigins:0:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("short")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAA==")]
    public void A_visitor_key_shorter_than_32_bytes_or_not_base64_is_refused(string key)
    {
        var e = Refused(new() { ["Web:VisitorKey"] = key });
        Assert.Contains(e.Failures, f => f.StartsWith("Web:VisitorKey:", StringComparison.Ordinal));
    }

    [Fact]
    public void Limits_out_of_range_are_refused()
    {
        var e = Refused(new() { ["Web:VotesPerMinutePerVisitor"] = "0", ["Web:MaxUploadBytes"] = "0", ["Web:MessageRetentionDays"] = "0" });
        Assert.Contains(e.Failures, f => f.StartsWith("Web:VotesPerMinutePerVisitor:", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.StartsWith("Web:MaxUploadBytes:", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.StartsWith("Web:MessageRetentionDays:", StringComparison.Ordinal));
    }
}
