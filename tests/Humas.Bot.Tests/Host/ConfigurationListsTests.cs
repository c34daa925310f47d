using System.Text.Json;
using Humas.Bot.Host;
using Humas.Bot.Ingestion;
using Humas.Bot.Institutions;
using Microsoft.Extensions.Configuration.Memory;

namespace Humas.Bot.Tests.Host;

/// <summary>
/// The Sources and Institutions lists are bound by <see cref="ConfigurationLists"/> (linear in the number of
/// keys) instead of the framework binder (quadratic: 85-130 s for 10,000 sources). Same objects, one
/// deliberate difference: a value that does not convert is an error naming its key, not a dropped source.
/// </summary>
public sealed class ConfigurationListsTests
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Institutions:0:Id"] = "setneg",
        ["Institutions:0:Name"] = "Kementerian Sekretariat Negara",
        ["Institutions:0:Hosts:0"] = "setneg.go.id",
        ["Institutions:0:Hosts:1"] = "www.setneg.go.id",
        ["Institutions:1:Id"] = "kemensos",
        ["Institutions:1:Name"] = "Kementerian Sosial",
        ["Sources:0:Id"] = "setneg-rss",
        ["Sources:0:Institution"] = "setneg",
        ["Sources:0:Name"] = "Berita Setneg",
        ["Sources:0:Url"] = "https://setneg.go.id/rss",
        ["Sources:0:PollSeconds"] = "600",
        ["Sources:0:Category"] = "Nasional",
        ["Sources:0:AnnounceExistingOnFirstPoll"] = "true",
        ["Sources:0:Enabled"] = "false",
        ["Sources:1:Id"] = "kemensos-html",
        ["Sources:1:Institution"] = "kemensos",
        ["Sources:1:Url"] = "https://kemensos.go.id/berita",
        ["Sources:1:Kind"] = "Html",
        ["Sources:1:Selectors:ItemLink"] = "article h2 a",
        ["Sources:1:Selectors:Title"] = "h1",
        ["Sources:1:Selectors:Remove"] = ".share",
        // Keys are case-insensitive, and an index need not be contiguous at the top level (10 after 1).
        ["sources:10:id"] = "lower-case",
        ["sources:10:institution"] = "setneg",
        ["sources:10:url"] = "file:Demo/berita-humas.xml",
        ["Sources:10:Unknown"] = "ignored, as by the framework binder",
    };

    [Fact]
    public void Binds_the_same_sources_and_institutions_as_the_framework_binder()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings).Build();
        var expected = new SourcesOptions();
        configuration.Bind(expected);

        var actual = new SourcesOptions();
        SourcesOptions.Bind(actual, configuration);

        Assert.Equal(3, actual.Sources.Count);
        Assert.Equal("article h2 a", actual.Sources[1].Selectors!.ItemLink);
        Assert.Null(actual.Sources[0].Selectors);
        Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(actual));

        var expectedInstitutions = new InstitutionsOptions();
        configuration.Bind(expectedInstitutions);
        var actualInstitutions = new InstitutionsOptions();
        InstitutionsOptions.Bind(actualInstitutions, configuration);
        Assert.Equal(["setneg.go.id", "www.setneg.go.id"], actualInstitutions.Institutions[0].Hosts);
        Assert.Equal(JsonSerializer.Serialize(expectedInstitutions), JsonSerializer.Serialize(actualInstitutions));
    }

    [Fact]
    public void A_later_provider_overrides_a_key_as_environment_variables_do()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(Settings)
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Sources:0:PollSeconds"] = "900", ["Sources:2:Id"] = "added-later" })
            .Build();
        var expected = new SourcesOptions();
        configuration.Bind(expected);

        var actual = new SourcesOptions();
        SourcesOptions.Bind(actual, configuration);

        Assert.Equal(900, actual.Sources[0].PollSeconds);
        Assert.Equal(["setneg-rss", "kemensos-html", "added-later", "lower-case"], actual.Sources.Select(s => s.Id));
        Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(actual));
    }

    [Fact]
    public void A_value_that_does_not_convert_names_its_key_instead_of_dropping_the_source()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(Settings)
        {
            ["Sources:1:PollSeconds"] = "often",
        }).Build();

        // What the framework binder does with the same list: the source silently disappears.
        var framework = new SourcesOptions();
        configuration.Bind(framework);
        Assert.DoesNotContain(framework.Sources, s => s.Id == "kemensos-html");

        var error = Assert.Throws<InvalidOperationException>(() => SourcesOptions.Bind(new SourcesOptions(), configuration));
        Assert.StartsWith("Failed to convert configuration value", error.Message, StringComparison.Ordinal);
        Assert.Contains("Sources:1:PollSeconds", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Enumerating_the_configuration_does_not_grow_with_the_number_of_sources()
    {
        // The quadratic cost was one scan of every key per element; here the count of scans is what is compared.
        var few = CountingChildKeyScans(10);
        var many = CountingChildKeyScans(2_000);

        Assert.Equal(10, few.Sources);
        Assert.Equal(2_000, many.Sources);
        Assert.Equal(few.Scans, many.Scans);
    }

    private static (int Sources, int Scans) CountingChildKeyScans(int count)
    {
        var data = new Dictionary<string, string?>();
        for (var i = 0; i < count; i++)
        {
            data[$"Sources:{i}:Id"] = $"source-{i}";
            data[$"Sources:{i}:Institution"] = "setneg";
            data[$"Sources:{i}:Url"] = $"https://setneg.go.id/rss/{i}";
        }

        var provider = new CountingProvider(data);
        var configuration = new ConfigurationRoot([provider]);
        var options = new SourcesOptions();
        SourcesOptions.Bind(options, configuration);
        return (options.Sources.Count, provider.Scans);
    }

    private sealed class CountingProvider : MemoryConfigurationProvider
    {
        public CountingProvider(Dictionary<string, string?> data)
            : base(new MemoryConfigurationSource { InitialData = data })
        {
        }

        public int Scans { get; private set; }

        public override IEnumerable<string> GetChildKeys(IEnumerable<string> earlierKeys, string? parentPath)
        {
            Scans++;
            return base.GetChildKeys(earlierKeys, parentPath);
        }
    }
}
