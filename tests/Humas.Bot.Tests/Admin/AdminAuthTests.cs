using System.Net;
using Humas.Bot.Admin.Accounts;
using Humas.Bot.Storage.Cluster;
using Humas.Bot.Tips.Model;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Admin;

public sealed class AdminAuthTests : IDisposable
{
    private readonly AdminHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Theory]
    [InlineData("/admin")]
    [InlineData("/admin/usulan")]
    [InlineData("/admin/ekspor/reaksi-instansi.csv")]
    [InlineData("/admin/live/progress?ids=01a2032d-6946-79d2-967b-12b706b12e9f")]
    [InlineData("/admin/usulan/1/lampiran/1")]
    public async Task Anonymous_visitors_are_sent_to_the_sign_in_page(string path)
    {
        var response = await _h.Client().GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/admin/masuk", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_right_password_signs_in_and_a_wrong_one_gets_a_polite_401()
    {
        await _h.AddUserAsync("redaktur@setneg.go.id", AdminRole.Editor);
        var client = _h.Client();

        var wrong = await AdminHarness.SignInAsync(client, "redaktur@setneg.go.id", "salah-salah-salah");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("Email atau kata sandi salah", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var right = await AdminHarness.SignInAsync(client, "Redaktur@Setneg.go.id ", AdminHarness.Password);
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin")).StatusCode);
        var stored = await _h.App.CreateDbContext().Set<AdminUser>().SingleAsync();
        Assert.StartsWith("AQAAAA", stored.PasswordHash, StringComparison.Ordinal); // Identity's PasswordHasher v3 format, not the password
        Assert.NotNull(stored.LastSignInAt);
    }

    [Fact]
    public async Task Five_failures_for_one_account_lock_it_out_even_with_the_right_password()
    {
        await _h.AddUserAsync("redaktur@setneg.go.id", AdminRole.Editor);
        var client = _h.Client();
        for (var i = 0; i < SignInThrottle.MaxFailuresPerUser; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await AdminHarness.SignInAsync(client, "redaktur@setneg.go.id", $"tebakan-ke-{i}")).StatusCode);
        }

        var locked = await AdminHarness.SignInAsync(client, "redaktur@setneg.go.id", AdminHarness.Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.NotNull(locked.Headers.RetryAfter);
        Assert.Contains("Terlalu banyak percobaan masuk", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Another account from the same address is still let in (the per-address limit is higher).
        await _h.AddUserAsync("lain@setneg.go.id", AdminRole.Viewer);
        Assert.Equal(HttpStatusCode.Redirect, (await AdminHarness.SignInAsync(_h.Client(), "lain@setneg.go.id", AdminHarness.Password)).StatusCode);
    }

    [Fact]
    public async Task With_two_live_instances_each_allows_its_share_of_an_accounts_failures()
    {
        await _h.AddUserAsync("redaktur@setneg.go.id", AdminRole.Editor);
        _h.App.Services.GetRequiredService<ClusterMembership>().SetLiveInstances(2);
        var client = _h.Client();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await AdminHarness.SignInAsync(client, "redaktur@setneg.go.id", $"tebakan-ke-{i}")).StatusCode);
        }

        // ceil(5 / 2) failures here; the other instance allows as many.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await AdminHarness.SignInAsync(client, "redaktur@setneg.go.id", AdminHarness.Password)).StatusCode);
    }

    [Fact]
    public async Task Twenty_failures_from_one_address_lock_every_account_out()
    {
        await _h.AddUserAsync("redaktur@setneg.go.id", AdminRole.Editor);
        var client = _h.Client();
        for (var i = 0; i < SignInThrottle.MaxFailuresPerIp; i++)
        {
            await AdminHarness.SignInAsync(client, $"tamu{i}@contoh.go.id", "tebakan-apa-saja");
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await AdminHarness.SignInAsync(client, "redaktur@setneg.go.id", AdminHarness.Password)).StatusCode);
    }

    [Fact]
    public async Task A_form_posted_without_its_anti_forgery_token_is_refused_and_changes_nothing()
    {
        var client = await _h.SignedInAsync("redaktur@setneg.go.id", AdminRole.Editor);
        long tipId;
        await using (var db = _h.App.CreateDbContext())
        {
            tipId = (await AdminSeed.TipAsync(db)).Id;
        }

        var response = await client.PostAsync($"/admin/usulan/{tipId}?handler=Accept", new FormUrlEncodedContent(new Dictionary<string, string> { ["note"] = "ok" }));
        var forged = await client.PostAsync($"/admin/usulan/{tipId}?handler=Accept", new FormUrlEncodedContent(new Dictionary<string, string> { ["__af"] = "CfDJ8forged" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(TipState.New, (await _h.App.CreateDbContext().Set<Tip>().SingleAsync()).State);
    }

    [Fact]
    public async Task A_viewer_reads_but_cannot_act_on_tips_or_manage_users()
    {
        var client = await _h.SignedInAsync("pembaca@setneg.go.id", AdminRole.Viewer);
        long tipId;
        await using (var db = _h.App.CreateDbContext())
        {
            tipId = (await AdminSeed.TipAsync(db)).Id;
        }

        var page = await client.GetStringAsync($"/admin/usulan/{tipId}");
        Assert.DoesNotContain("id=\"tip-accept\"", page, StringComparison.Ordinal);

        var accept = await AdminHarness.PostFormAsync(client, $"/admin/usulan/{tipId}", $"/admin/usulan/{tipId}?handler=Accept");
        Assert.Equal(HttpStatusCode.Redirect, accept.StatusCode);
        Assert.StartsWith("/admin/ditolak", accept.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(accept.Headers.Location)).StatusCode);
        Assert.Equal(TipState.New, (await _h.App.CreateDbContext().Set<Tip>().SingleAsync()).State);

        var users = await client.GetAsync("/admin/pengguna");
        Assert.StartsWith("/admin/ditolak", users.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disabled_account_is_signed_out_on_its_next_request()
    {
        var client = await _h.SignedInAsync("redaktur@setneg.go.id", AdminRole.Editor);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin")).StatusCode);
        var user = await _h.App.CreateDbContext().Set<AdminUser>().SingleAsync();

        await _h.App.Services.GetRequiredService<AdminAccounts>().SetRoleAsync(user.Id, AdminRole.Editor, disabled: true, default);

        var response = await client.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/admin/masuk", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_in_redirects_only_to_dashboard_addresses()
    {
        await _h.AddUserAsync("redaktur@setneg.go.id", AdminRole.Editor);
        var client = _h.Client();
        var token = await AdminHarness.TokenAsync(client, "/admin/masuk");

        var response = await client.PostAsync("/admin/masuk", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = "redaktur@setneg.go.id", ["password"] = AdminHarness.Password, ["__af"] = token, ["returnUrl"] = "https://evil.example/",
        }));

        Assert.Equal("/admin", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Changing_a_password_ends_the_accounts_other_sessions()
    {
        var laptop = await _h.SignedInAsync("redaksi@kominfo.go.id", AdminRole.Editor);
        var phone = _h.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await AdminHarness.SignInAsync(phone, "redaksi@kominfo.go.id", AdminHarness.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/admin")).StatusCode);

        // Someone else had the password; the owner changes it (users set-password).
        await _h.App.Services.GetRequiredService<AdminAccounts>().SetPasswordAsync("redaksi@kominfo.go.id", "kata-sandi-yang-baru-sekali", default);

        Assert.Contains("/admin/masuk", (await laptop.GetAsync("/admin")).Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Contains("/admin/masuk", (await phone.GetAsync("/admin")).Headers.Location!.OriginalString, StringComparison.Ordinal);
        var fresh = _h.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await AdminHarness.SignInAsync(fresh, "redaksi@kominfo.go.id", "kata-sandi-yang-baru-sekali")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/admin")).StatusCode);
    }

    [Fact]
    public async Task Changing_a_role_ends_the_accounts_sessions_even_when_the_role_is_raised()
    {
        var client = await _h.SignedInAsync("pembaca@kominfo.go.id", AdminRole.Viewer);
        var user = (await _h.App.Services.GetRequiredService<AdminAccounts>().ListAsync(default)).Single(u => u.User.Email == "pembaca@kominfo.go.id").User;

        await _h.App.Services.GetRequiredService<AdminAccounts>().SetRoleAsync(user.Id, AdminRole.Admin, disabled: false, default);

        Assert.Contains("/admin/masuk", (await client.GetAsync("/admin")).Headers.Location!.OriginalString, StringComparison.Ordinal);
    }
}
