using Humas.Bot.Channels.WhatsApp;
using Humas.Bot.Institutions;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Tests.Channels.WhatsApp;

/// <summary>An institution's own number (<c>Institutions:N:WhatsApp:PhoneNumberId</c>, <c>:AccessToken</c>) as the start-up checks it.</summary>
public sealed class WhatsAppNumbersOptionsTests
{
    private static readonly Dictionary<string, string?> National = new()
    {
        ["WhatsApp:PhoneNumberId"] = "106540352242922",
        ["WhatsApp:AccessToken"] = "national-token",
        ["WhatsApp:AppSecret"] = "secret",
        ["WhatsApp:VerifyToken"] = "verify",
    };

    [Fact]
    public void A_number_used_twice_or_equal_to_the_national_one_stops_the_start_naming_both_keys()
    {
        using var host = Build(new(National)
        {
            ["Institutions:0:Id"] = "kemensos",
            ["Institutions:0:WhatsApp:PhoneNumberId"] = "200000000000001",
            ["Institutions:1:Id"] = "setneg",
            ["Institutions:1:WhatsApp:PhoneNumberId"] = "200000000000001",
            ["Institutions:2:Id"] = "kominfo",
            ["Institutions:2:WhatsApp:PhoneNumberId"] = "106540352242922",
        });

        var e = Assert.Throws<OptionsValidationException>(() => Numbers(host));

        Assert.Contains(e.Failures, f => f.StartsWith("Institutions:1:WhatsApp:PhoneNumberId: is the same number as Institutions:0:WhatsApp:PhoneNumberId", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.StartsWith("Institutions:2:WhatsApp:PhoneNumberId: is the same number as WhatsApp:PhoneNumberId", StringComparison.Ordinal));
    }

    [Fact]
    public void An_institutions_number_needs_digits_its_id_the_national_section_and_a_token_needs_a_number()
    {
        using var withNational = Build(new(National)
        {
            ["Institutions:0:Id"] = "kemensos",
            ["Institutions:0:WhatsApp:PhoneNumberId"] = "+62 811",
            ["Institutions:1:WhatsApp:PhoneNumberId"] = "300000000000001",
            ["Institutions:2:Id"] = "kominfo",
            ["Institutions:2:WhatsApp:AccessToken"] = "a-token-without-a-number",
        });

        var e = Assert.Throws<OptionsValidationException>(() => Numbers(withNational));

        Assert.Contains(e.Failures, f => f.StartsWith("Institutions:0:WhatsApp:PhoneNumberId: must be the number's id", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.StartsWith("Institutions:1:WhatsApp:PhoneNumberId: needs the institution's Id", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.StartsWith("Institutions:2:WhatsApp:AccessToken: needs the number it sends from", StringComparison.Ordinal));
        Assert.DoesNotContain(e.Failures, f => f.Contains("a-token-without-a-number", StringComparison.Ordinal));

        using var withoutNational = Build(new()
        {
            ["Institutions:0:Id"] = "kemensos",
            ["Institutions:0:WhatsApp:PhoneNumberId"] = "400000000000001",
        });

        var off = Assert.Throws<OptionsValidationException>(() => Numbers(withoutNational));

        Assert.Equal(
            ["Institutions:0:WhatsApp:PhoneNumberId: needs WhatsApp:PhoneNumberId (the national number) too: the webhook, its app secret and verify token are the national section's."],
            off.Failures);
    }

    [Fact]
    public void Each_institutions_number_is_found_by_its_account_and_its_id_with_the_national_token_unless_its_own()
    {
        using var host = Build(new(National)
        {
            ["Institutions:0:Id"] = "kemensos",
            ["Institutions:0:WhatsApp:PhoneNumberId"] = "200000000000001",
            ["Institutions:1:Id"] = "setneg",
            ["Institutions:1:WhatsApp:PhoneNumberId"] = "200000000000002",
            ["Institutions:1:WhatsApp:AccessToken"] = "setneg-token",
            ["Institutions:2:Id"] = "kominfo",
        });

        var numbers = host.Services.GetRequiredService<WhatsAppNumbers>();

        Assert.Equal(["", "kemensos", "setneg"], numbers.All.Select(n => n.Account));
        Assert.Equal(new WhatsAppNumber("kemensos", "200000000000001", "national-token"), numbers.Find("kemensos"));
        Assert.Equal(new WhatsAppNumber("setneg", "200000000000002", "setneg-token"), numbers.ByPhoneNumberId("200000000000002"));
        Assert.Equal("", numbers.ByPhoneNumberId("106540352242922")!.Account);
        Assert.Null(numbers.ByPhoneNumberId("999"));
        Assert.Null(numbers.Find("kominfo"));
        Assert.Throws<WhatsAppNumberUnknownException>(() => numbers.For(new Humas.Bot.Subscriptions.ConversationAddress("whatsapp", "62811", Humas.Bot.Subscriptions.ConversationKind.Private) { Account = "kominfo" }));
        Assert.Equal("whatsapp:kemensos", Humas.Bot.Channels.WhatsApp.Limits.WhatsAppTokenHealth.PlatformOf("kemensos"));
        Assert.Equal("whatsapp", Humas.Bot.Channels.WhatsApp.Limits.WhatsAppTokenHealth.PlatformOf(""));
    }

    [Fact]
    public void An_institutions_own_limits_and_template_are_checked_like_the_national_ones_and_need_its_number()
    {
        using var host = Build(new(National)
        {
            ["Institutions:0:Id"] = "kemensos",
            ["Institutions:0:WhatsApp:PhoneNumberId"] = "200000000000001",
            ["Institutions:0:WhatsApp:MessagesPerSecond"] = "0",
            ["Institutions:0:WhatsApp:PerReaderPerMinute"] = "61",
            ["Institutions:0:WhatsApp:ArticleTemplate"] = "Artikel-Kemensos",
            ["Institutions:0:WhatsApp:ArticleTemplateLanguage"] = "Indonesian",
            ["Institutions:1:Id"] = "setneg",
            ["Institutions:1:WhatsApp:PhoneNumberId"] = "200000000000002",
            ["Institutions:1:WhatsApp:MessagesPerSecond"] = "1001",
            ["Institutions:2:Id"] = "kominfo",
            ["Institutions:2:WhatsApp:MessagesPerSecond"] = "200",
            ["Institutions:2:WhatsApp:ArticleTemplate"] = "kominfo_artikel",
        });

        var e = Assert.Throws<OptionsValidationException>(() => Numbers(host));

        Assert.Contains(e.Failures, f => f.StartsWith("Institutions:0:WhatsApp:MessagesPerSecond: ", StringComparison.Ordinal) && f.Contains("between 1 and 1000", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.StartsWith("Institutions:0:WhatsApp:PerReaderPerMinute: ", StringComparison.Ordinal) && f.Contains("between 1 and 60", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.StartsWith("Institutions:0:WhatsApp:ArticleTemplate: must be a template name", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.StartsWith("Institutions:0:WhatsApp:ArticleTemplateLanguage: must be a template language code", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.StartsWith("Institutions:1:WhatsApp:MessagesPerSecond: ", StringComparison.Ordinal) && f.Contains("between 1 and 1000", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.StartsWith("Institutions:2:WhatsApp:MessagesPerSecond: is the institution's own number's: set PhoneNumberId", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.StartsWith("Institutions:2:WhatsApp:ArticleTemplate: is the institution's own number's: set PhoneNumberId", StringComparison.Ordinal));
        Assert.Equal(7, e.Failures.Count());
    }

    [Fact]
    public void An_institutions_number_takes_its_own_limits_and_template_where_set_and_the_national_ones_otherwise()
    {
        using var host = Build(new(National)
        {
            ["WhatsApp:MessagesPerSecond"] = "250",
            ["WhatsApp:ArticleTemplate"] = "humas_artikel",
            ["WhatsApp:ArticleTemplateImageHeader"] = "true",
            ["Institutions:0:Id"] = "kemensos",
            ["Institutions:0:WhatsApp:PhoneNumberId"] = "200000000000001",
            ["Institutions:0:WhatsApp:MessagesPerSecond"] = "80",
            ["Institutions:0:WhatsApp:PerReaderPerMinute"] = "6",
            ["Institutions:0:WhatsApp:ArticleTemplate"] = "kemensos_artikel",
            ["Institutions:0:WhatsApp:ArticleTemplateImageHeader"] = "false",
            ["Institutions:0:WhatsApp:ArticleTemplateLanguage"] = "id",
            ["Institutions:1:Id"] = "setneg",
            ["Institutions:1:WhatsApp:PhoneNumberId"] = "200000000000002",
        });

        var numbers = host.Services.GetRequiredService<WhatsAppNumbers>();

        var kemensos = numbers.Find("kemensos")!;
        Assert.Equal((80, 6, "kemensos_artikel", false, "id"), (kemensos.MessagesPerSecond, kemensos.PerReaderPerMinute, kemensos.ArticleTemplate, kemensos.ArticleTemplateImageHeader, kemensos.ArticleTemplateLanguage));
        var setneg = numbers.Find("setneg")!;
        Assert.Equal((250, 10, "humas_artikel", true, (string?)null), (setneg.MessagesPerSecond, setneg.PerReaderPerMinute, setneg.ArticleTemplate, setneg.ArticleTemplateImageHeader, setneg.ArticleTemplateLanguage));
        Assert.Equal(250, numbers.Find("")!.MessagesPerSecond);
    }

    [Fact]
    public void A_portfolio_and_its_tier_are_checked_at_start_and_one_portfolio_has_one_tier()
    {
        using var host = Build(new(National)
        {
            ["Institutions:0:Id"] = "kemensos",
            ["Institutions:0:WhatsApp:PhoneNumberId"] = "200000000000001",
            ["Institutions:0:WhatsApp:Portfolio"] = "provinsi",
            ["Institutions:0:WhatsApp:MessagingTier"] = "2000",
            ["Institutions:1:Id"] = "setneg",
            ["Institutions:1:WhatsApp:PhoneNumberId"] = "200000000000002",
            ["Institutions:1:WhatsApp:Portfolio"] = "provinsi",
            ["Institutions:1:WhatsApp:MessagingTier"] = "10000",
            ["Institutions:2:Id"] = "kominfo",
            ["Institutions:2:WhatsApp:PhoneNumberId"] = "200000000000003",
            ["Institutions:2:WhatsApp:Portfolio"] = "provinsi",
            ["Institutions:3:Id"] = "bps",
            ["Institutions:3:WhatsApp:PhoneNumberId"] = "200000000000004",
            ["Institutions:3:WhatsApp:MessagingTier"] = "2000",
            ["Institutions:4:Id"] = "bnpb",
            ["Institutions:4:WhatsApp:PhoneNumberId"] = "200000000000005",
            ["Institutions:4:WhatsApp:Portfolio"] = "BNPB Pusat",
            ["Institutions:4:WhatsApp:MessagingTier"] = "-1",
            ["Institutions:5:Id"] = "bmkg",
            ["Institutions:5:WhatsApp:Portfolio"] = "bmkg",
            ["Institutions:5:WhatsApp:MessagingTier"] = "250",
            // Unset is 250 (not the national tier), so these two agree.
            ["WhatsApp:MessagingTier"] = "10000",
            ["Institutions:6:Id"] = "bpom",
            ["Institutions:6:WhatsApp:PhoneNumberId"] = "200000000000006",
            ["Institutions:6:WhatsApp:Portfolio"] = "badan",
            ["Institutions:7:Id"] = "bssn",
            ["Institutions:7:WhatsApp:PhoneNumberId"] = "200000000000007",
            ["Institutions:7:WhatsApp:Portfolio"] = "badan",
            ["Institutions:7:WhatsApp:MessagingTier"] = "250",
        });

        var e = Assert.Throws<OptionsValidationException>(() => Numbers(host));

        Assert.Contains(
            "Institutions:1:WhatsApp:MessagingTier: is 10000 but Institutions:0:WhatsApp:MessagingTier is 2000 for the same portfolio 'provinsi': its numbers share one tier, set the same on each.",
            e.Failures);
        Assert.Contains(
            "Institutions:2:WhatsApp:MessagingTier: is unset (250) but Institutions:0:WhatsApp:MessagingTier is 2000 for the same portfolio 'provinsi': its numbers share one tier, set the same on each.",
            e.Failures);
        Assert.Contains(e.Failures, f => f.StartsWith("Institutions:3:WhatsApp:MessagingTier: is a portfolio's own tier: name the number's portfolio", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.StartsWith("Institutions:4:WhatsApp:Portfolio: must be a portfolio name", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.StartsWith("Institutions:4:WhatsApp:MessagingTier: ", StringComparison.Ordinal) && f.Contains("between 0 and 100000000", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.StartsWith("Institutions:5:WhatsApp:Portfolio: is the institution's own number's: set PhoneNumberId", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.StartsWith("Institutions:5:WhatsApp:MessagingTier: is the institution's own number's: set PhoneNumberId", StringComparison.Ordinal));
        Assert.Equal(7, e.Failures.Count());
    }

    [Fact]
    public void A_number_counts_against_its_portfolios_tier_and_without_one_against_the_national_portfolios()
    {
        using var host = Build(new(National)
        {
            ["WhatsApp:MessagingTier"] = "10000",
            ["Institutions:0:Id"] = "kemensos",
            ["Institutions:0:WhatsApp:PhoneNumberId"] = "200000000000001",
            ["Institutions:0:WhatsApp:Portfolio"] = "provinsi",
            ["Institutions:0:WhatsApp:MessagingTier"] = "0",
            ["Institutions:1:Id"] = "setneg",
            ["Institutions:1:WhatsApp:PhoneNumberId"] = "200000000000002",
            ["Institutions:1:WhatsApp:Portfolio"] = "provinsi",
            ["Institutions:1:WhatsApp:MessagingTier"] = "0",
            ["Institutions:2:Id"] = "kominfo",
            ["Institutions:2:WhatsApp:PhoneNumberId"] = "200000000000003",
            ["Institutions:3:Id"] = "bps",
            ["Institutions:3:WhatsApp:PhoneNumberId"] = "200000000000004",
            ["Institutions:3:WhatsApp:Portfolio"] = "bps",
        });

        var numbers = host.Services.GetRequiredService<WhatsAppNumbers>();

        Assert.Equal(
            [("", "", 10000), ("bps", "bps", 250), ("kemensos", "provinsi", 0), ("kominfo", "", 10000), ("setneg", "provinsi", 0)],
            numbers.All.Select(n => (n.Account, n.Portfolio, n.MessagingTier)));
    }

    private static object Numbers(IHost host) =>
        host.Services.GetRequiredService<IOptions<InstitutionChannelOptions<WhatsAppInstitutionSettings>>>().Value;

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.AddWhatsApp();
        return builder.Build();
    }
}
