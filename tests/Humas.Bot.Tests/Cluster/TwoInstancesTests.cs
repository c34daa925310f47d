using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Humas.Bot.Admin.Accounts;
using Humas.Bot.FakePlatforms.Processes;
using Humas.Bot.Tests.Support;
using Humas.Bot.Tips.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace Humas.Bot.Tests.Cluster;

/// <summary>
/// Two real service processes on one PostgreSQL database, each with its own home and working folder (two
/// machines, as far as files go), and no sticky sessions: what one instance issued (a sign-in cookie, an
/// anti-forgery token, a visitor id) is accepted by the other, and a file received by one opens from the other.
/// </summary>
public sealed class TwoInstancesTests
{
    private const string Password = "kata-sandi-yang-panjang";

    [Fact]
    public async Task Sign_in_on_one_instance_act_on_the_other_and_a_file_uploaded_to_one_opens_from_the_other()
    {
        using var database = new TestDatabase(migrate: true, DatabaseKind.Postgres);
        await new AdminAccounts(database, TimeProvider.System, NullLogger<AdminAccounts>.Instance)
            .AddAsync("admin@kominfo.go.id", AdminRole.Admin, Password, default);
        using var a = Instance.Start(database, "a");
        using var b = Instance.Start(database, "b");
        await Task.WhenAll(a.ReadyAsync(), b.ReadyAsync());

        // One browser: its cookies go to both instances (cookies do not care about the port).
        var cookies = new CookieContainer();
        using var toA = a.Client(cookies);
        using var toB = b.Client(cookies);

        // Signed in on A; B accepts the cookie and a form whose anti-forgery token A issued.
        var signIn = await toA.PostAsync("admin/masuk", Form(await TokenAsync(toA, "admin/masuk"), ("email", "admin@kominfo.go.id"), ("password", Password)));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await toB.GetAsync("admin")).StatusCode);
        var added = await toB.PostAsync("admin/pengguna?handler=Add",
            Form(await TokenAsync(toA, "admin/pengguna"), ("email", "redaksi@kominfo.go.id"), ("role", "Editor"), ("password", Password)));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        await using (var db = database.CreateDbContext())
        {
            Assert.True(await db.Set<AdminUser>().AnyAsync(u => u.Email == "redaksi@kominfo.go.id"));
        }

        // A visitor id from A works on B; the file goes to A, the tip is sent on B.
        var visitor = (await (await toA.PostAsync("api/visitors", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("visitorId").GetString()!;
        await ChatAsync(toA, visitor, "send", new { text = "/usulan" });
        await ChatAsync(toB, visitor, "send", new { text = "Pasar rakyat terbakar dini hari, pedagang membutuhkan bantuan." });
        byte[] photo = [0xFF, 0xD8, 0xFF, 0xE0, .. Enumerable.Range(0, 700_000).Select(i => (byte)(i * 7))];
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(photo);
        file.Headers.TryAddWithoutValidation("Content-Type", "image/jpeg");
        form.Add(file, "file", "pasar.jpg");
        using (var upload = new HttpRequestMessage(HttpMethod.Post, "chat/api/upload") { Content = form })
        {
            upload.Headers.Add("X-Humas-Visitor", visitor);
            Assert.Equal(HttpStatusCode.OK, (await toA.SendAsync(upload)).StatusCode);
        }

        await ChatAsync(toB, visitor, "button", new { action = "t:done" });
        await ChatAsync(toB, visitor, "button", new { action = "t:skip" });
        await ChatAsync(toB, visitor, "button", new { action = "t:send" });

        var attachment = await Eventually(async () =>
        {
            await using var db = database.CreateDbContext();
            return await db.Set<TipAttachmentRecord>().SingleOrDefaultAsync(r => r.State == TipAttachmentState.Stored);
        }, a, b);
        foreach (var instance in new[] { toA, toB })
        {
            var download = await instance.GetAsync($"admin/usulan/{attachment.TipId}/lampiran/{attachment.Id}");
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal(photo, await download.Content.ReadAsByteArrayAsync());
        }
    }

    private static async Task ChatAsync(HttpClient client, string visitor, string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "chat/api/" + path) { Content = JsonContent.Create(body) };
        request.Headers.Add("X-Humas-Visitor", visitor);
        var response = await client.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static FormUrlEncodedContent Form(string token, params (string Key, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Key, f.Value)).Append(KeyValuePair.Create("__af", token)));

    private static async Task<string> TokenAsync(HttpClient client, string page)
    {
        var html = await client.GetStringAsync(page);
        return WebUtility.HtmlDecode(Regex.Match(html, "name=\"__af\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value);
    }

    private static async Task<T> Eventually<T>(Func<Task<T?>> find, params Instance[] instances)
        where T : class
    {
        for (var i = 0; i < 1200; i++)
        {
            Assert.All(instances, x => Assert.False(x.Process.HasExited, x.Process.StandardError));
            if (await find() is { } found)
            {
                return found;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("not within 120 s");
    }

    private sealed class Instance(ServiceProcess process, int port, string folder) : IDisposable
    {
        public ServiceProcess Process { get; } = process;

        public static Instance Start(TestDatabase database, string name)
        {
            var folder = Path.Combine(database.Folder, name);
            Directory.CreateDirectory(Path.Combine(folder, "home"));
            using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            var process = ServiceProcess.Start(["--urls", $"http://127.0.0.1:{port}"], new Dictionary<string, string?>
            {
                ["Database__Provider"] = "Postgres",
                ["ConnectionStrings__Humas"] = database.ConnectionString,
                // A home of its own: nothing (Data Protection keys included) is shared through this machine's disk.
                ["HOME"] = Path.Combine(folder, "home"),
                ["Cluster__HeartbeatSeconds"] = "1",
            }, folder);
            return new Instance(process, port, folder);
        }

        public HttpClient Client(CookieContainer cookies) =>
            new(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };

        public async Task ReadyAsync()
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            for (var i = 0; i < 1200; i++)
            {
                Assert.False(Process.HasExited, Process.StandardError);
                try
                {
                    if ((await http.GetAsync("healthz")).IsSuccessStatusCode)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }

                await Task.Delay(100);
            }

            Assert.Fail($"instance in {folder} did not start: {Process.StandardOutput}");
        }

        public void Dispose() => Process.Dispose();
    }
}
