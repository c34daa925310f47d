using Humas.Bot.Feedback;
using Humas.Bot.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Tests.Feedback;

public sealed class ReactionOptionsTests
{
    private static Dictionary<string, string?> Options(params (int Id, string Emoji, string Label)[] options)
    {
        var settings = new Dictionary<string, string?>();
        for (var i = 0; i < options.Length; i++)
        {
            settings[$"Reactions:Options:{i}:Id"] = options[i].Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings[$"Reactions:Options:{i}:Emoji"] = options[i].Emoji;
            settings[$"Reactions:Options:{i}:Label"] = options[i].Label;
        }

        return settings;
    }

    private static readonly (int, string, string)[] Five = [(1, "❤️", "Cinta"), (2, "💡", "Informatif"), (3, "🤔", "Ragu"), (4, "😢", "Sedih"), (5, "😡", "Marah")];

    [Fact]
    public async Task Five_configured_options_replace_the_defaults_and_their_labels_are_used_in_every_language()
    {
        await using var h = await Humas.Bot.Tests.Delivery.DeliveryHarness.CreateAsync(Options(Five), configure: (b, _) =>
        {
            Humas.Bot.Localization.LocalizationRegistration.AddLocalization(b);
            b.AddFeedback();
        });

        var options = h.Get<IReactionService>().Options;
        Assert.Equal(Five, options.Select(o => (o.Id, o.Emoji, o.Label)));
        Assert.Equal("Informatif", h.Get<ReactionCatalog>().Label(2, "en"));
        Assert.Equal(10, h.Get<IOptions<ReactionOptions>>().Value.RefreshSeconds);
    }

    [Fact]
    public async Task Default_labels_are_translated()
    {
        await using var h = await FeedbackHarness.CreateAsync();
        var catalog = h.Get<ReactionCatalog>();
        Assert.Equal(["Suka", "Bermanfaat", "Biasa saja", "Khawatir", "Tidak suka"], catalog.OptionsIn("id").Select(o => o.Label));
        Assert.Equal(["Like", "Useful", "Neutral", "Worried", "Dislike"], catalog.OptionsIn("en").Select(o => o.Label));
    }

    public static TheoryData<string, Dictionary<string, string?>, string> Bad => new()
    {
        { "four options", Options(Five[..4]), "Reactions:Options: exactly 5" },
        { "six options", Options([.. Five, (5, "🙂", "Lagi")]), "Reactions:Options: exactly 5" },
        { "duplicate id", Options([(1, "❤️", "A"), (1, "💡", "B"), (3, "🤔", "C"), (4, "😢", "D"), (5, "😡", "E")]), "Reactions:Options: ids must be 1..5" },
        { "id out of range", Options([(1, "❤️", "A"), (2, "💡", "B"), (3, "🤔", "C"), (4, "😢", "D"), (6, "😡", "E")]), "Reactions:Options:4:Id" },
        { "empty emoji", Options([(1, "", "A"), (2, "💡", "B"), (3, "🤔", "C"), (4, "😢", "D"), (5, "😡", "E")]), "Reactions:Options:0:Emoji" },
        { "long label", Options([(1, "❤️", "A"), (2, "💡", new string('x', 33)), (3, "🤔", "C"), (4, "😢", "D"), (5, "😡", "E")]), "Reactions:Options:1:Label" },
        { "refresh zero", new() { ["Reactions:RefreshSeconds"] = "0" }, "Reactions:RefreshSeconds" },
    };

    [Theory]
    [MemberData(nameof(Bad))]
    public void A_bad_setting_fails_validation_naming_the_key(string why, Dictionary<string, string?> settings, string expected)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new Microsoft.Extensions.Hosting.HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        Humas.Bot.Localization.LocalizationRegistration.AddLocalization(builder);
        builder.AddFeedback();
        using var provider = builder.Services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ReactionOptions>>().Value);

        Assert.True(error.Failures.Any(f => f.StartsWith(expected, StringComparison.Ordinal)), $"{why}: {string.Join(" | ", error.Failures)}");
    }

    [Theory]
    [InlineData("Reactions__Options__0__Id", "1", "Reactions:Options: exactly 5")]
    [InlineData("Reactions__RefreshSeconds", "4000", "Reactions:RefreshSeconds")]
    public async Task The_service_refuses_to_start_with_one_line_naming_the_key(string variable, string value, string key)
    {
        using var folder = new TestDatabase(migrate: false);
        var environment = new Dictionary<string, string?>
        {
            ["ConnectionStrings__Humas"] = folder.ConnectionString,
            [variable] = value,
            ["Reactions__Options__0__Emoji"] = variable.Contains("Options", StringComparison.Ordinal) ? "👍" : null,
            ["Reactions__Options__0__Label"] = variable.Contains("Options", StringComparison.Ordinal) ? "Suka" : null,
        };

        var (code, _, stderr) = await ServiceProcess.RunAsync(["--urls", "http://127.0.0.1:0"], environment, folder.Folder);

        Assert.Equal(2, code);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("Configuration error: ", line, StringComparison.Ordinal);
        Assert.Contains(key, line, StringComparison.Ordinal);
    }
}
