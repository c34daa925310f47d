using Humas.Bot.Channels.Teams;
using Humas.Bot.Institutions;
using Humas.Bot.Subscriptions;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Tests.Channels.Teams;

/// <summary>An institution's own Teams app (<c>Institutions:N:Teams:AppId</c>, <c>:AppPassword</c>, <c>:TenantId</c>) as the start-up checks it.</summary>
public sealed class TeamsAppsOptionsTests
{
    private const string NationalApp = "00000000-0000-0000-0000-00000000a99d";

    private static readonly Dictionary<string, string?> National = new()
    {
        ["Teams:AppId"] = NationalApp,
        ["Teams:AppPassword"] = "national-secret",
        ["Teams:TenantId"] = "tenant-1",
    };

    [Fact]
    public void An_app_used_twice_or_equal_to_the_national_one_stops_the_start_naming_both_keys()
    {
        using var host = Build(new(National)
        {
            ["Institutions:0:Id"] = "kemensos",
            ["Institutions:0:Teams:AppId"] = "app-kemensos",
            ["Institutions:0:Teams:AppPassword"] = "s1",
            ["Institutions:1:Id"] = "setneg",
            ["Institutions:1:Teams:AppId"] = "app-kemensos",
            ["Institutions:1:Teams:AppPassword"] = "s2",
            ["Institutions:2:Id"] = "kominfo",
            ["Institutions:2:Teams:AppId"] = NationalApp,
            ["Institutions:2:Teams:AppPassword"] = "s3",
        });

        var e = Assert.Throws<OptionsValidationException>(() => Apps(host));

        Assert.Contains(e.Failures, f => f.StartsWith("Institutions:1:Teams:AppId: is the same app as Institutions:0:Teams:AppId", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.StartsWith("Institutions:2:Teams:AppId: is the same app as Teams:AppId", StringComparison.Ordinal));
        Assert.Equal(2, e.Failures.Count());
    }

    [Fact]
    public void An_app_needs_its_secret_its_institutions_id_and_the_national_app_and_a_secret_or_tenant_needs_an_app()
    {
        using var withNational = Build(new(National)
        {
            ["Institutions:0:Id"] = "kemensos",
            ["Institutions:0:Teams:AppId"] = "app-kemensos",
            ["Institutions:1:Teams:AppId"] = "app-without-institution",
            ["Institutions:1:Teams:AppPassword"] = "s1",
            ["Institutions:2:Id"] = "kominfo",
            ["Institutions:2:Teams:AppPassword"] = "a-secret-without-an-app",
            ["Institutions:2:Teams:TenantId"] = "tenant-2",
        });

        var e = Assert.Throws<OptionsValidationException>(() => Apps(withNational));

        Assert.Contains(e.Failures, f => f.StartsWith("Institutions:0:Teams:AppPassword: is required with AppId", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.StartsWith("Institutions:1:Teams:AppId: needs the institution's Id", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.StartsWith("Institutions:2:Teams:AppPassword: needs the app it belongs to", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.StartsWith("Institutions:2:Teams:TenantId: is the institution's own app's tenant", StringComparison.Ordinal));
        Assert.DoesNotContain(e.Failures, f => f.Contains("a-secret-without-an-app", StringComparison.Ordinal));

        using var withoutNational = Build(new()
        {
            ["Institutions:0:Id"] = "kemensos",
            ["Institutions:0:Teams:AppId"] = "app-kemensos",
            ["Institutions:0:Teams:AppPassword"] = "s1",
        });

        var off = Assert.Throws<OptionsValidationException>(() => Apps(withoutNational));

        Assert.Equal(
            ["Institutions:0:Teams:AppId: needs Teams:AppId (the national app) too: the signing keys, the token endpoint and the Connector settings are the Teams section's."],
            off.Failures);
    }

    [Fact]
    public void Each_institutions_app_is_found_by_its_account_in_its_own_tenant_or_the_national_one()
    {
        using var host = Build(new(National)
        {
            ["Institutions:0:Id"] = "kemensos",
            ["Institutions:0:Teams:AppId"] = "app-kemensos",
            ["Institutions:0:Teams:AppPassword"] = "s1",
            ["Institutions:1:Id"] = "setneg",
            ["Institutions:1:Teams:AppId"] = "app-setneg",
            ["Institutions:1:Teams:AppPassword"] = "s2",
            ["Institutions:1:Teams:TenantId"] = "tenant-setneg",
            ["Institutions:2:Id"] = "kominfo",
        });

        var apps = host.Services.GetRequiredService<TeamsApps>();
        var options = host.Services.GetRequiredService<IOptions<TeamsOptions>>().Value;

        Assert.Equal(["", "kemensos", "setneg"], apps.All.Select(a => a.Account));
        Assert.Equal(new TeamsApp("kemensos", "app-kemensos", "s1", "tenant-1"), apps.Find("kemensos"));
        Assert.Equal("tenant-setneg", apps.Find("setneg")!.TenantId);
        Assert.EndsWith("/tenant-setneg/oauth2/v2.0/token", apps.Find("setneg")!.TokenEndpoint(options), StringComparison.Ordinal);
        Assert.Equal("28:app-kemensos", apps.Find("kemensos")!.BotId);
        Assert.Equal("/api/messages/kemensos", apps.Find("kemensos")!.Path);
        Assert.Equal("/api/messages", apps.Shared.Path);
        Assert.DoesNotContain("s1", apps.Find("kemensos")!.ToString(), StringComparison.Ordinal);
        Assert.Null(apps.Find("kominfo"));
        Assert.Throws<TeamsAppUnknownException>(() => apps.For(new ConversationAddress("teams", "a:1", ConversationKind.Private) { Account = "kominfo" }));
        Assert.Equal("teams:kemensos", Humas.Bot.Channels.Teams.Auth.ConnectorTokenProvider.PlatformOf("kemensos"));
        Assert.Equal("teams", Humas.Bot.Channels.Teams.Auth.ConnectorTokenProvider.PlatformOf(""));
    }

    private static object Apps(IHost host) =>
        host.Services.GetRequiredService<IOptions<InstitutionChannelOptions<TeamsInstitutionSettings>>>().Value;

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.AddTeams();
        return builder.Build();
    }
}
