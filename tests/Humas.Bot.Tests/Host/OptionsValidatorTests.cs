using Humas.Bot.Host;
using Humas.Bot.Ingestion;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Tests.Host;

/// <summary>
/// The source-generated validators report each failure by its full configuration key, also for list elements
/// (which the generator itself names only by member), as the reflection walker they replace did.
/// </summary>
public sealed class OptionsValidatorTests
{
    private static OptionsValidationException FailureOf<T>(Dictionary<string, string?> settings, Action<IServiceCollection> add)
        where T : class
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        add(services);
        using var provider = services.BuildServiceProvider();
        return Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<T>>().Value);
    }

    [Fact]
    public void Every_bad_list_element_is_named_by_its_index_and_member()
    {
        var error = FailureOf<SourcesOptions>(new()
        {
            ["Sources:0:Id"] = "setneg-rss",
            ["Sources:0:Institution"] = "setneg",
            ["Sources:0:Url"] = "https://www.setneg.go.id/feed",
            ["Sources:1:Id"] = "kemensos-html",
            ["Sources:1:Institution"] = "kemensos",
            ["Sources:1:Url"] = "https://kemensos.go.id/berita",
            ["Sources:1:Kind"] = "Html",
            ["Sources:2:Id"] = "third",
            ["Sources:2:Institution"] = "setneg",
            ["Sources:2:Url"] = "ftp://setneg.go.id/rss",
            ["Sources:2:PollSeconds"] = "5",
        }, s => s.AddValidatedOptions("", new SourcesOptionsValidator(), SourcesOptions.Bind));

        Assert.Equal(
            ["Sources:1:Selectors", "Sources:2:PollSeconds", "Sources:2:Url"],
            error.Failures.Select(f => f[..f.IndexOf(": ", StringComparison.Ordinal)]).Order(StringComparer.Ordinal));
        Assert.Contains("Sources:2:Url: must be an absolute http, https or file: URL", error.Failures);
    }

    [Fact]
    public void A_section_member_is_named_under_its_section()
    {
        var error = FailureOf<IngestionOptions>(
            new() { ["Ingestion:MaxBytes"] = "12", ["Ingestion:TimeoutSeconds"] = "0" },
            s => s.AddValidatedOptions(IngestionOptions.Section, new IngestionOptionsValidator()));

        Assert.Equal(2, error.Failures.Count());
        Assert.Contains(error.Failures, f => f.StartsWith("Ingestion:MaxBytes: ", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Ingestion:TimeoutSeconds: ", StringComparison.Ordinal));
    }

    [Fact]
    public void Good_settings_pass()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sources:0:Id"] = "setneg-rss",
            ["Sources:0:Institution"] = "setneg",
            ["Sources:0:Url"] = "https://www.setneg.go.id/feed",
        }).Build());
        services.AddValidatedOptions("", new SourcesOptionsValidator(), SourcesOptions.Bind);
        using var provider = services.BuildServiceProvider();

        Assert.Equal("setneg-rss", Assert.Single(provider.GetRequiredService<IOptions<SourcesOptions>>().Value.Sources).Id);
    }

    [Theory]
    [InlineData("", "MaxBytes: too big", "MaxBytes: too big")]
    [InlineData("Ingestion", "MaxBytes: too big", "Ingestion:MaxBytes: too big")]
    [InlineData("Sources:0", "Selectors:ItemLink: is empty", "Sources:0:Selectors:ItemLink: is empty")]
    // A result without a member, or one naming several, is about the object as a whole.
    [InlineData("Reactions", "exactly 5 options: found 4", "Reactions: exactly 5 options: found 4")]
    [InlineData("Reactions", "Id, Label: both bad", "Reactions: Id, Label: both bad")]
    public void A_failure_gets_the_prefix_in_front_of_its_member(string prefix, string failure, string expected) =>
        Assert.Equal(expected, ConfigurationKeys.Failure(prefix, failure));
}
