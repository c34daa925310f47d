using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Humas.Bot.Admin.Accounts;
using Humas.Bot.Institutions;
using Humas.Bot.Storage.Audit;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Admin;

/// <summary>
/// Each institution's editors' chats on the Institutions page: a national admin sees and sets them on every channel
/// (Telegram group, Teams conversation and service URL, WhatsApp number); bad values and a service URL the bot's token
/// must not reach are refused with the reason and write nothing; nobody else may set them.
/// </summary>
public sealed class InstitutionChatsPageTests : IDisposable
{
    private const string Operator = "operator@kominfo.go.id";
    private readonly AdminHarness _h = new();

    public void Dispose() => _h.Dispose();

    private static Dictionary<string, string> Chats(string id, string telegram = "", string conversation = "", string serviceUrl = "", string whatsApp = "") => new()
    {
        ["id"] = id,
        ["telegram.EditorsChatId"] = telegram,
        ["teams.EditorsConversationId"] = conversation,
        ["teams.EditorsServiceUrl"] = serviceUrl,
        ["whatsapp.EditorsNumber"] = whatsApp,
    };

    private static Task<HttpResponseMessage> PostChatsAsync(HttpClient client, Dictionary<string, string> fields) =>
        AdminHarness.PostFormAsync(client, "/admin/lembaga", "/admin/lembaga?handler=Chats", fields);

    /// <summary>The values the page shows in the institution's chat inputs, by field name.</summary>
    internal static async Task<Dictionary<string, string>> ShownAsync(HttpClient admin, string id)
    {
        var page = new HtmlParser().ParseDocument(await admin.GetStringAsync("/admin/lembaga"));
        var form = page.QuerySelector($"tr[data-institution={id}] form[data-chats={id}]");
        Assert.NotNull(form);
        return form.QuerySelectorAll("input:not([type=hidden])").Cast<IHtmlInputElement>().ToDictionary(i => i.Name!, i => i.Value);
    }

    [Fact]
    public async Task A_national_admin_sees_and_sets_an_institutions_chats_on_every_channel_audited()
    {
        var admin = await _h.SignedInAsync(Operator, AdminRole.Admin);
        Assert.Equal(["", "", "", ""], (await ShownAsync(admin, "kemensos")).Values);

        var saved = await PostChatsAsync(admin, Chats("kemensos", " -1001234567890 ", "19:kemensos@thread.tacv2", "https://smba.trafficmanager.net/apac/", "6281234567890"));

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var html = await admin.GetStringAsync("/admin/lembaga");
        Assert.Contains("Obrolan redaksi lembaga kemensos disimpan.", html, StringComparison.Ordinal);
        Assert.Equal(new Dictionary<string, string>
        {
            ["telegram.EditorsChatId"] = "-1001234567890",
            ["teams.EditorsConversationId"] = "19:kemensos@thread.tacv2",
            ["teams.EditorsServiceUrl"] = "https://smba.trafficmanager.net/apac/",
            ["whatsapp.EditorsNumber"] = "6281234567890",
        }, await ShownAsync(admin, "kemensos"));
        var page = new HtmlParser().ParseDocument(html);
        Assert.Equal("Telegram, Microsoft Teams, WhatsApp", page.QuerySelector("tr[data-institution=kemensos] [data-field=chats] summary")!.TextContent.Trim());
        Assert.Equal("Memakai obrolan redaksi nasional", page.QuerySelector("tr[data-institution=setneg] [data-field=chats] summary")!.TextContent.Trim());

        // An edit like any other: the institution is the dashboard's now, and the change is in the audit log.
        await using var db = _h.App.CreateDbContext();
        Assert.Equal(InstitutionOrigin.Dashboard, (await db.Set<Institution>().SingleAsync(i => i.Id == "kemensos")).Origin);
        var audit = await _h.App.Services.GetRequiredService<AuditLog>().ForAsync("institution", "kemensos", default);
        var entry = Assert.Single(audit);
        Assert.Equal(("institution.chats", Operator), (entry.Action, entry.Actor));
        Assert.Contains("telegram.EditorsChatId=-1001234567890", entry.Detail, StringComparison.Ordinal);

        // Cleared, each channel's national chat serves it again.
        Assert.Equal(HttpStatusCode.Redirect, (await PostChatsAsync(admin, Chats("kemensos"))).StatusCode);
        Assert.Equal(["", "", "", ""], (await ShownAsync(admin, "kemensos")).Values);
    }

    [Theory]
    [InlineData("telegram.EditorsChatId", "grup-redaksi", "ID obrolan Telegram harus bilangan bulat bukan nol")]
    [InlineData("telegram.EditorsChatId", "0", "ID obrolan Telegram harus bilangan bulat bukan nol")]
    [InlineData("telegram.EditorsChatId", "-100 123", "ID obrolan Telegram harus bilangan bulat bukan nol")]
    [InlineData("whatsapp.EditorsNumber", "+6281234567890", "Nomor WhatsApp hanya berisi 6–20 angka dengan kode negara")]
    [InlineData("whatsapp.EditorsNumber", "0812 3456 789", "Nomor WhatsApp hanya berisi 6–20 angka dengan kode negara")]
    [InlineData("teams.EditorsConversationId", "grup redaksi", "ID percakapan Teams tidak sah")]
    public async Task A_bad_value_is_a_400_with_the_reason_and_nothing_is_written(string field, string value, string reason)
    {
        var admin = await _h.SignedInAsync(Operator, AdminRole.Admin);
        // A good value beside the bad one is not written either.
        var fields = Chats("kemensos", telegram: "-1001234567890", whatsApp: "6281234567890");
        fields[field] = value;

        var refused = await PostChatsAsync(admin, fields);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var error = new HtmlParser().ParseDocument(await refused.Content.ReadAsStringAsync()).QuerySelector("#institutions-error");
        Assert.NotNull(error);
        Assert.Contains(reason, error.TextContent, StringComparison.Ordinal);
        Assert.Equal(["", "", "", ""], (await ShownAsync(admin, "kemensos")).Values);
        await using var db = _h.App.CreateDbContext();
        Assert.Equal(InstitutionOrigin.Configuration, (await db.Set<Institution>().SingleAsync(i => i.Id == "kemensos")).Origin);
        Assert.Empty(await _h.App.Services.GetRequiredService<AuditLog>().ForAsync("institution", "kemensos", default));
    }

    [Theory]
    [InlineData("https://bot-humas.example/api/")]
    [InlineData("https://smba.trafficmanager.net.example.com/teams/")]
    [InlineData("https://evil.trafficmanager.net/teams/")]
    [InlineData("http://smba.trafficmanager.net/teams/")]
    [InlineData("https://user@smba.trafficmanager.net/teams/")]
    [InlineData("http://127.0.0.1:8080/")]
    [InlineData("https://localhost/")]
    [InlineData("file:///etc/passwd")]
    [InlineData("smba.trafficmanager.net/teams/")]
    [InlineData("https://smba.trafficmanager.net/te ams/")]
    public async Task A_teams_service_url_that_is_not_bot_frameworks_is_refused_so_the_bots_token_never_goes_there(string serviceUrl)
    {
        var admin = await _h.SignedInAsync(Operator, AdminRole.Admin);

        var refused = await PostChatsAsync(admin, Chats("kemensos", conversation: "19:kemensos@thread.tacv2", serviceUrl: serviceUrl));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("token bot tidak dikirim ke host lain", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(["", "", "", ""], (await ShownAsync(admin, "kemensos")).Values);
    }

    [Fact]
    public async Task A_teams_service_url_without_a_conversation_is_refused()
    {
        var admin = await _h.SignedInAsync(Operator, AdminRole.Admin);

        var refused = await PostChatsAsync(admin, Chats("kemensos", serviceUrl: "https://smba.trafficmanager.net/apac/"));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("URL layanan Teams hanya berlaku bersama ID percakapan Teams", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_national_admins_may_set_an_institutions_chats()
    {
        var ownAdmin = await _h.SignedInAsync("admin@kemensos.go.id", AdminRole.Admin, "kemensos");
        var otherEditor = await _h.SignedInAsync("redaktur@setneg.go.id", AdminRole.Editor, "setneg");
        var nationalEditor = await _h.SignedInAsync("redaktur@kominfo.go.id", AdminRole.Editor);

        foreach (var client in new[] { ownAdmin, otherEditor, nationalEditor })
        {
            // Refused as every change on this page is: to the "access denied" page.
            var forged = await AdminHarness.PostFormAsync(client, "/admin/sumber", "/admin/lembaga?handler=Chats", Chats("kemensos", telegram: "-1009999999999"));
            Assert.Equal(HttpStatusCode.Redirect, forged.StatusCode);
            Assert.Contains("/admin/ditolak", forged.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        var admin = await _h.SignedInAsync(Operator, AdminRole.Admin);
        Assert.Equal(["", "", "", ""], (await ShownAsync(admin, "kemensos")).Values);
        Assert.Equal(HttpStatusCode.NotFound, (await PostChatsAsync(admin, Chats("tidak-ada", telegram: "-1001"))).StatusCode);
    }
}
