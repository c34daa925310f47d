using System.Net;
using System.Text.RegularExpressions;
using Humas.Bot.Admin.Accounts;
using Humas.Bot.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Humas.Bot.Tests.Admin;

/// <summary>The real host with dashboard accounts, and HTTP clients that sign in through the real form.</summary>
public sealed partial class AdminHarness : IDisposable
{
    public const string Password = "kata-sandi-yang-panjang";

    public AdminHarness(Dictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        App = new HumasAppFactory(settings, services);
    }

    public HumasAppFactory App { get; }

    public async Task<AdminUser> AddUserAsync(string email, AdminRole role) =>
        await App.Services.GetRequiredService<AdminAccounts>().AddAsync(email, role, Password, default);

    /// <summary>A client with its own cookies that does not follow redirects, so tests see each 302.</summary>
    public HttpClient Client() => App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>
    /// Signs <paramref name="email"/> in (creating the account with <paramref name="role"/> first, serving
    /// <paramref name="institutions"/>; none: national).
    /// </summary>
    public async Task<HttpClient> SignedInAsync(string email, AdminRole role, params string[] institutions)
    {
        await App.Services.GetRequiredService<AdminAccounts>().AddAsync(email, role, Password, institutions, default);
        var client = Client();
        var response = await SignInAsync(client, email, Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password, string ip = "")
    {
        var token = await TokenAsync(client, "/admin/masuk");
        return await client.PostAsync("/admin/masuk", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = email, ["password"] = password, ["__af"] = token,
        }));
    }

    /// <summary>The anti-forgery token of the first form on <paramref name="page"/>.</summary>
    public static async Task<string> TokenAsync(HttpClient client, string page)
    {
        var html = await client.GetStringAsync(page);
        return TokenPattern().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : throw new InvalidOperationException($"No form token on {page}");
    }

    /// <summary>Posts a form the way the browser does: token from <paramref name="page"/>, to <paramref name="action"/>.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string page, string action, Dictionary<string, string>? fields = null)
    {
        var form = new Dictionary<string, string>(fields ?? []) { ["__af"] = await TokenAsync(client, page) };
        return await client.PostAsync(action, new FormUrlEncodedContent(form));
    }

    public void Dispose() => App.Dispose();

    [GeneratedRegex("name=\"__af\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
