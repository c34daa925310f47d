using Humas.Bot.Host;
using Humas.Bot.Ingestion;
using Humas.Bot.Institutions;
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
    public void The_inbox_s_idle_wait_is_at_least_a_second_and_at_most_an_hour()
    {
        foreach (var seconds in new[] { "0", "3601" })
        {
            var error = FailureOf<Humas.Bot.Conversations.Inbox.InboxOptions>(
                new() { ["Inbox:IdleWaitSeconds"] = seconds },
                s => s.AddValidatedOptions(Humas.Bot.Conversations.Inbox.InboxOptions.Section, new Humas.Bot.Conversations.Inbox.InboxOptionsValidator()));

            Assert.Contains(error.Failures, f => f.StartsWith("Inbox:IdleWaitSeconds: ", StringComparison.Ordinal));
        }
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

    /// <summary>
    /// Every part's options through its generated validator, as its AddXxx() registers it: a bad value is named by
    /// its full key, nested list elements by their index.
    /// </summary>
    [Theory]
    [InlineData("Delivery:Concurrency", "0", "Delivery:Concurrency")]
    [InlineData("Delivery:BackoffCapSeconds", "1", "Delivery:BackoffCapSeconds")]
    [InlineData("Telegram:RequestTimeoutSeconds", "0", "Telegram:RequestTimeoutSeconds")]
    [InlineData("Teams:MaxActivityBytes", "10", "Teams:MaxActivityBytes")]
    [InlineData("Teams:TokenRetrySeconds", "1", "Teams:TokenRetrySeconds")]
    [InlineData("Web:HistorySize", "0", "Web:HistorySize")]
    [InlineData("Tips:BlockedAuthors:1", "nobody", "Tips:BlockedAuthors:1")]
    [InlineData("WhatsApp:ApiVersion", "23", "WhatsApp:ApiVersion")]
    [InlineData("WhatsApp:TokenRetrySeconds", "1", "WhatsApp:TokenRetrySeconds")]
    [InlineData("Publishing:Keys:1:Key", "short", "Publishing:Keys:1:Key")]
    [InlineData("Institutions:1:Id", "Bad Id", "Institutions:1:Id")]
    [InlineData("Institutions:1:Telegram:EditorsChatId", "0", "Institutions:1:Telegram:EditorsChatId")]
    [InlineData("Institutions:1:Teams:EditorsServiceUrl", "http://teams.example", "Institutions:1:Teams:EditorsServiceUrl")]
    [InlineData("Institutions:1:WhatsApp:EditorsNumber", "abc", "Institutions:1:WhatsApp:EditorsNumber")]
    public void Each_part_names_a_bad_value_by_its_key(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Tips:BlockedAuthors:0"] = "telegram:1",
            ["Publishing:Keys:0:Key"] = "a-key-long-enough-0",
            ["Publishing:Keys:0:Institutions:0"] = "setneg",
            ["Publishing:Keys:1:Key"] = "a-key-long-enough-1",
            ["Publishing:Keys:1:Institutions:0"] = "setneg",
            ["Institutions:0:Id"] = "setneg",
            ["Institutions:0:Name"] = "Kementerian Sekretariat Negara",
            ["Institutions:1:Id"] = "kedua",
            ["Institutions:1:Name"] = "Kedua",
            [key] = value,
        };
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddValidatedOptions(Humas.Bot.Delivery.DeliveryOptions.Section, new Humas.Bot.Delivery.DeliveryOptionsValidator());
        services.AddValidatedOptions(Humas.Bot.Channels.Telegram.TelegramOptions.Section, new Humas.Bot.Channels.Telegram.TelegramOptionsValidator());
        services.AddValidatedOptions(Humas.Bot.Channels.Teams.TeamsOptions.Section, new Humas.Bot.Channels.Teams.TeamsOptionsValidator());
        services.AddValidatedOptions(Humas.Bot.Channels.Web.WebOptions.Section, new Humas.Bot.Channels.Web.WebOptionsValidator());
        services.AddValidatedOptions(Humas.Bot.Tips.TipsOptions.Section, new Humas.Bot.Tips.TipsOptionsValidator());
        services.AddValidatedOptions(Humas.Bot.Channels.WhatsApp.WhatsAppOptions.Section, new Humas.Bot.Channels.WhatsApp.WhatsAppOptionsValidator());
        services.AddValidatedOptions(Humas.Bot.Publishing.PublishingOptions.Section, new Humas.Bot.Publishing.PublishingOptionsValidator());
        services.AddValidatedOptions("", new Humas.Bot.Institutions.InstitutionsOptionsValidator(), Humas.Bot.Institutions.InstitutionsOptions.Bind);
        services.AddInstitutionChannelOptions("Telegram", new Humas.Bot.Channels.Telegram.TelegramInstitutionSettingsValidator());
        services.AddInstitutionChannelOptions("Teams", new Humas.Bot.Channels.Teams.TeamsInstitutionSettingsValidator());
        services.AddInstitutionChannelOptions("WhatsApp", new Humas.Bot.Channels.WhatsApp.WhatsAppInstitutionSettingsValidator());
        using var provider = services.BuildServiceProvider();

        var failures = new List<string>();
        foreach (var read in new Action[]
                 {
                     () => _ = provider.GetRequiredService<IOptions<Humas.Bot.Delivery.DeliveryOptions>>().Value,
                     () => _ = provider.GetRequiredService<IOptions<Humas.Bot.Channels.Telegram.TelegramOptions>>().Value,
                     () => _ = provider.GetRequiredService<IOptions<Humas.Bot.Channels.Teams.TeamsOptions>>().Value,
                     () => _ = provider.GetRequiredService<IOptions<Humas.Bot.Channels.Web.WebOptions>>().Value,
                     () => _ = provider.GetRequiredService<IOptions<Humas.Bot.Tips.TipsOptions>>().Value,
                     () => _ = provider.GetRequiredService<IOptions<Humas.Bot.Channels.WhatsApp.WhatsAppOptions>>().Value,
                     () => _ = provider.GetRequiredService<IOptions<Humas.Bot.Publishing.PublishingOptions>>().Value,
                     () => _ = provider.GetRequiredService<IOptions<Humas.Bot.Institutions.InstitutionsOptions>>().Value,
                     () => _ = provider.GetRequiredService<IOptions<Humas.Bot.Institutions.InstitutionChannelOptions<Humas.Bot.Channels.Telegram.TelegramInstitutionSettings>>>().Value,
                     () => _ = provider.GetRequiredService<IOptions<Humas.Bot.Institutions.InstitutionChannelOptions<Humas.Bot.Channels.Teams.TeamsInstitutionSettings>>>().Value,
                     () => _ = provider.GetRequiredService<IOptions<Humas.Bot.Institutions.InstitutionChannelOptions<Humas.Bot.Channels.WhatsApp.WhatsAppInstitutionSettings>>>().Value,
                 })
        {
            try
            {
                read();
            }
            catch (OptionsValidationException e)
            {
                failures.AddRange(e.Failures);
            }
        }

        // Exactly the one bad value, named by its key; the good list elements around it pass.
        var failure = Assert.Single(failures);
        Assert.StartsWith(expected + ": ", failure, StringComparison.Ordinal);
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
