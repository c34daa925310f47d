using Humas.Bot.Channels.Teams;
using Humas.Bot.Channels.Telegram;
using Humas.Bot.Channels.WhatsApp;
using Humas.Bot.Institutions;
using Humas.Bot.Storage;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tests.Support;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Tests.Institutions;

/// <summary>
/// Each channel's one resolver of "the editors' chat(s) of institution X": its own, else the global setting. The
/// institutions' own come from the database, seeded from configuration at start, so each host here starts over a
/// real SQLite file.
/// </summary>
public sealed class InstitutionEditorsChatsTests : IDisposable
{
    private readonly TestDatabase _database = new();

    public void Dispose() => _database.Dispose();

    private static readonly Dictionary<string, string?> TwoInstitutions = new()
    {
        ["Institutions:0:Id"] = "kemensos",
        ["Institutions:0:Name"] = "Kementerian Sosial",
        ["Institutions:1:Id"] = "jabar",
        ["Institutions:1:Name"] = "Provinsi Jawa Barat",
    };

    [Fact]
    public async Task Telegram_answers_an_institutions_own_group_else_the_global_one()
    {
        using var host = await StartAsync(With(new()
        {
            ["Telegram:Token"] = "123:abc",
            ["Telegram:EditorsChatId"] = "-1001",
            ["Institutions:0:Telegram:EditorsChatId"] = "-1002",
        }), b => b.AddTelegram());
        var chats = Chats(host, "telegram");

        Assert.Equal(["-1002"], chats.Of("kemensos").Select(a => a.ExternalId));
        Assert.Equal(["-1001"], chats.Of("jabar").Select(a => a.ExternalId));
        Assert.Equal(["-1001"], chats.Of(null).Select(a => a.ExternalId));
        Assert.Equal(["-1001"], chats.Of("unknown").Select(a => a.ExternalId));

        // A forum topic of the group is the group; the global group does not act for an institution with its own.
        Assert.True(chats.Serves(Group("telegram", "-1002:7"), "kemensos"));
        Assert.False(chats.Serves(Group("telegram", "-1001"), "kemensos"));
        Assert.True(chats.Serves(Group("telegram", "-1001"), "jabar"));
        Assert.False(chats.Serves(Group("telegram", "-1002"), "jabar"));
        Assert.False(chats.Serves(Group("telegram", "-1002"), null));
        Assert.True(chats.IsEditorsChat(Group("telegram", "-1002")));
        Assert.False(chats.IsEditorsChat(Group("telegram", "-1003")));
        Assert.False(chats.IsEditorsChat(Group("teams", "-1002")));
    }

    [Fact]
    public async Task Telegram_off_has_no_editors_chat_even_when_institutions_name_one()
    {
        using var host = await StartAsync(With(new() { ["Institutions:0:Telegram:EditorsChatId"] = "-1002" }), b => b.AddTelegram());

        Assert.Empty(Chats(host, "telegram").Of("kemensos"));
    }

    [Fact]
    public async Task Without_a_global_group_an_institution_without_its_own_has_none()
    {
        using var host = await StartAsync(With(new() { ["Telegram:Token"] = "123:abc", ["Institutions:0:Telegram:EditorsChatId"] = "-1002" }), b => b.AddTelegram());
        var chats = Chats(host, "telegram");

        Assert.Single(chats.Of("kemensos"));
        Assert.Empty(chats.Of("jabar"));
        Assert.Empty(chats.Of(null));
    }

    [Theory]
    [InlineData("0", "Institutions:0:Telegram:EditorsChatId:")]
    [InlineData("nope", "Institutions:0:Telegram:EditorsChatId")]
    public void A_bad_telegram_chat_id_stops_the_start_naming_the_key(string value, string key)
    {
        using var host = Build(With(new() { ["Telegram:Token"] = "123:abc", ["Institutions:0:Telegram:EditorsChatId"] = value }), b => b.AddTelegram());

        var e = Assert.ThrowsAny<Exception>(() => host.Services.GetRequiredService<IOptions<InstitutionChannelOptions<TelegramInstitutionSettings>>>().Value);

        Assert.Contains(key, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhatsApp_answers_an_institutions_own_phone_and_refuses_a_bad_one()
    {
        using var ok = await StartAsync(With(new()
        {
            ["WhatsApp:AccessToken"] = "token",
            ["WhatsApp:PhoneNumberId"] = "1234567",
            ["WhatsApp:AppSecret"] = "secret",
            ["WhatsApp:VerifyToken"] = "verify",
            ["WhatsApp:EditorsNumber"] = "6281100000001",
            ["Institutions:1:WhatsApp:EditorsNumber"] = "6281100000002",
        }), b => b.AddWhatsApp());
        var chats = Chats(ok, "whatsapp");
        Assert.Equal(["6281100000002"], chats.Of("jabar").Select(a => a.ExternalId));
        Assert.Equal(["6281100000001"], chats.Of("kemensos").Select(a => a.ExternalId));

        using var bad = Build(With(new() { ["Institutions:1:WhatsApp:EditorsNumber"] = "+62 811" }), b => b.AddWhatsApp());
        var e = Assert.Throws<OptionsValidationException>(() => bad.Services.GetRequiredService<IOptions<InstitutionChannelOptions<WhatsAppInstitutionSettings>>>().Value);
        Assert.Contains(e.Failures, f => f.StartsWith("Institutions:1:WhatsApp:EditorsNumber:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Teams_answers_an_institutions_own_channel_with_its_service_url()
    {
        using var host = await StartAsync(With(new()
        {
            ["Teams:AppId"] = "app",
            ["Teams:AppPassword"] = "password",
            ["Teams:TenantId"] = "tenant",
            ["Teams:EditorsConversationId"] = "19:global@thread.tacv2",
            ["Teams:EditorsServiceUrl"] = "https://smba.trafficmanager.net/id/",
            ["Institutions:0:Teams:EditorsConversationId"] = "19:kemensos@thread.tacv2",
            ["Institutions:0:Teams:EditorsServiceUrl"] = "https://smba.trafficmanager.net/apac/",
        }), b => b.AddTeams());
        var chats = Chats(host, "teams");

        var own = Assert.Single(chats.Of("kemensos"));
        Assert.Equal("19:kemensos@thread.tacv2", own.ExternalId);
        Assert.Equal("https://smba.trafficmanager.net/apac/", TeamsReference.Of(own).ServiceUrl);
        var global = Assert.Single(chats.Of("jabar"));
        Assert.Equal("https://smba.trafficmanager.net/id/", TeamsReference.Of(global).ServiceUrl);
        Assert.False(chats.Serves(global, "kemensos"));
    }

    private static Dictionary<string, string?> With(Dictionary<string, string?> settings)
    {
        foreach (var (key, value) in TwoInstitutions)
        {
            settings[key] = value;
        }

        return settings;
    }

    private static ConversationAddress Group(string channel, string id) => new(channel, id, ConversationKind.Group);

    private static IInstitutionEditorsChats Chats(IHost host, string channel) =>
        host.Services.GetServices<IInstitutionEditorsChats>().Single(c => c.Channel == channel);

    /// <summary>The host with its institutions (and their chats) seeded into the database, as at a start.</summary>
    private async Task<IHost> StartAsync(Dictionary<string, string?> settings, Action<IHostApplicationBuilder> add)
    {
        var host = Build(settings, add);
        await host.Services.GetRequiredService<InstitutionCatalog>().StartingAsync(CancellationToken.None);
        return host;
    }

    private IHost Build(Dictionary<string, string?> settings, Action<IHostApplicationBuilder> add)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Configuration["ConnectionStrings:Humas"] = _database.ConnectionString;
        builder.Services.AddLogging();
        builder.Services.AddMetrics();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddStorage();
        builder.AddInstitutions();
        // What AddSubscriptions provides and the channels' editors' chats read (no moves here).
        builder.Services.AddSingleton<ChatMoves>();
        add(builder);
        return builder.Build();
    }
}
