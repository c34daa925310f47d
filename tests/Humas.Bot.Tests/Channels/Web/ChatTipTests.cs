using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Humas.Bot.Tips.Attachments;
using Humas.Bot.Tips.Model;
using Humas.Bot.Tips.Queue;
using Humas.Bot.Storage.Files;
using Humas.Bot.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Channels.Web;

public sealed class ChatTipTests : IDisposable
{
    private readonly WebHost _web = new(new() { ["Web:MaxUploadBytes"] = "2048" });

    public void Dispose() => _web.Dispose();

    private async Task<JsonElement[]> PostAsync(string visitor, string path, object body)
    {
        var response = await _web.SendAsync(HttpMethod.Post, "/chat/api" + path, visitor, JsonContent.Create(body));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await WebHost.JsonAsync(response)).GetProperty("messages").EnumerateArray().ToArray();
    }

    /// <summary>
    /// Waits until no attachment is left to fetch. The service's tip worker fetches a sent tip's files when the tip's
    /// signal wakes it; a second fetcher run by the test beside it would race it for the same upload (the service runs
    /// one fetcher), so the tests wait for the worker's outcome instead.
    /// </summary>
    private Task AttachmentsFetchedAsync() =>
        Eventually.UntilAsync(async () =>
        {
            await using var db = _web.App.CreateDbContext();
            return await db.Set<TipAttachmentRecord>().AnyAsync() && !await db.Set<TipAttachmentRecord>().AnyAsync(a => a.State == TipAttachmentState.Pending);
        }, "the tip's attachments fetched");

    /// <summary>Multipart written by hand, so a file name may hold what HttpClient would refuse to send (control characters).</summary>
    private Task<HttpResponseMessage> UploadAsync(string visitor, byte[] content, string fileName, string mediaType)
    {
        const string boundary = "humas-test-boundary";
        var head = System.Text.Encoding.UTF8.GetBytes(
            $"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{fileName.Replace("\"", "%22")}\"\r\nContent-Type: {mediaType}\r\n\r\n");
        var tail = System.Text.Encoding.UTF8.GetBytes($"\r\n--{boundary}--\r\n");
        var body = new ByteArrayContent([.. head, .. content, .. tail]);
        body.Headers.TryAddWithoutValidation("Content-Type", $"multipart/form-data; boundary={boundary}");
        return _web.SendAsync(HttpMethod.Post, "/chat/api/upload", visitor, body);
    }

    private static string Text(JsonElement envelope) => envelope.GetProperty("message").TryGetProperty("text", out var t) ? t.GetString()! : "";

    private async Task<string> StartTipAsync()
    {
        var visitor = await _web.NewVisitorAsync();
        await PostAsync(visitor, "/send", new { text = "/usulan" });
        await PostAsync(visitor, "/send", new { text = "Banjir di Kelurahan Cawang sejak pagi, warga mengungsi ke masjid." });
        return visitor;
    }

    /// <summary>The keys of chat uploads in the file store (reservations included: a refused file leaves none).</summary>
    private string[] UploadedFiles()
    {
        using var db = _web.App.CreateDbContext();
        return [.. db.Set<StoredFile>().Where(f => f.Key.StartsWith("web/")).Select(f => f.Key)];
    }

    [Fact]
    public async Task A_tip_with_an_attachment_gets_a_ticket_and_the_editors_decision_comes_back_to_the_chat()
    {
        var visitor = await StartTipAsync();

        var upload = await UploadAsync(visitor, [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3], "banjir.jpg", "image/jpeg");
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        var uploaded = (await WebHost.JsonAsync(upload)).GetProperty("messages").EnumerateArray().ToArray();
        Assert.Contains("banjir.jpg", Text(uploaded[0]));
        await PostAsync(visitor, "/button", new { action = "t:done" });
        await PostAsync(visitor, "/button", new { action = "t:skip" });
        var sent = await PostAsync(visitor, "/button", new { action = "t:send" });

        await using var db = _web.App.CreateDbContext();
        var tip = await db.Set<Tip>().SingleAsync();
        Assert.Equal("web", tip.Channel);
        Assert.Contains(tip.Ticket, Text(sent.Last()));
        var attachment = await db.Set<TipAttachmentRecord>().SingleAsync();
        Assert.Equal("photo", attachment.Kind);
        Assert.Equal("banjir.jpg", attachment.OriginalName);

        // The core fetches the upload into the tip's folder through the web fetcher.
        await AttachmentsFetchedAsync();
        await using (var check = _web.App.CreateDbContext())
        {
            var stored = await check.Set<TipAttachmentRecord>().SingleAsync();
            Assert.Equal(TipAttachmentState.Stored, stored.State);
            Assert.Equal(7, stored.Size);
        }

        await _web.Get<TipQueue>().AcceptAsync(tip.Id, "redaksi", null, CancellationToken.None);
        var history = (await WebHost.JsonAsync(await _web.SendAsync(HttpMethod.Get, "/chat/api/messages", visitor))).GetProperty("messages").EnumerateArray();
        Assert.Contains(history, m => Text(m).Contains(tip.Ticket, StringComparison.Ordinal) && Text(m).Contains("diterima", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_file_over_the_cap_is_refused_with_413_and_not_kept()
    {
        var visitor = await StartTipAsync();

        var response = await UploadAsync(visitor, [.. "%PDF-1.7\n"u8, .. new byte[4096]], "besar.pdf", "application/pdf");

        await WebHost.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Empty(UploadedFiles());
        await using var db = _web.App.CreateDbContext();
        Assert.Equal("[]", (await db.Set<TipDraft>().SingleAsync()).AttachmentsJson);
    }

    [Fact]
    public async Task A_file_of_a_type_not_accepted_is_refused_with_415()
    {
        var visitor = await StartTipAsync();

        var response = await UploadAsync(visitor, [0x4D, 0x5A, 0x90], "setup.exe", "application/x-msdownload");

        await WebHost.AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Empty(UploadedFiles());
    }

    [Theory]
    [InlineData("../../../etc/passwd")]
    [InlineData("..\\..\\windows\\system32\\evil.txt")]
    [InlineData("/tmp/abs.txt")]
    [InlineData("con.txt")]
    [InlineData("\u0007\u0001bell\ttab.txt")]
    [InlineData("<script>alert(1)</script>.txt")]
    public async Task A_hostile_file_name_never_becomes_a_path(string name)
    {
        var visitor = await StartTipAsync();

        var response = await UploadAsync(visitor, "hello"u8.ToArray(), name, "text/plain");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var file = Assert.Single(UploadedFiles());
        Assert.Matches("^web/[0-9a-f]{32}/[0-9a-f]{32}$", file);
        Assert.False(File.Exists("/tmp/abs.txt") && File.ReadAllText("/tmp/abs.txt") == "hello");

        await PostAsync(visitor, "/button", new { action = "t:done" });
        await PostAsync(visitor, "/button", new { action = "t:skip" });
        await PostAsync(visitor, "/button", new { action = "t:send" });
        await AttachmentsFetchedAsync();
        await using var db = _web.App.CreateDbContext();
        Assert.Matches(@"^USL-\d{6}-\d{4}/\d+-[A-Za-z0-9_-]*(\.[a-z0-9]+)?$", (await db.Set<TipAttachmentRecord>().SingleAsync()).StoredPath);
        var original = (await db.Set<TipAttachmentRecord>().SingleAsync()).OriginalName;
        Assert.True(original is null || (!original.Contains('/') && !original.Contains('\\') && !original.Any(char.IsControl)), original);
    }

    [Fact]
    public async Task A_file_outside_a_tip_opens_a_bundle_that_becomes_one_tip_after_the_quiet_period()
    {
        var visitor = await _web.NewVisitorAsync();

        var response = await UploadAsync(visitor, "hello"u8.ToArray(), "notulen.txt", "text/plain");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var texts = (await WebHost.JsonAsync(response)).GetProperty("messages").EnumerateArray().Select(Text).ToList();
        Assert.Contains(texts, t => t.StartsWith("Diterima. Kirim foto atau cerita lain", StringComparison.Ordinal));
        Assert.Single(UploadedFiles());
        await PostAsync(visitor, "/send", new { text = "Notulen rapat warga soal banjir." });
        await using var db = _web.App.CreateDbContext();
        Assert.Empty(await db.Set<Tip>().ToListAsync());

        // The quiet period is over: the service's tip worker sends the bundle on its next round and fetches its file.
        await db.Set<TipDraft>().ExecuteUpdateAsync(u => u.SetProperty(d => d.BundleDueAt, DateTime.UtcNow.AddSeconds(-1)));
        await Eventually.UntilAsync(async () =>
        {
            await using var check = _web.App.CreateDbContext();
            return await check.Set<Tip>().AnyAsync();
        }, "the bundle sent as a tip");
        await AttachmentsFetchedAsync();

        var tip = await db.Set<Tip>().AsNoTracking().SingleAsync();
        Assert.Equal("Notulen rapat warga soal banjir.", tip.Text);
        Assert.Equal(TipAttachmentState.Stored, (await db.Set<TipAttachmentRecord>().AsNoTracking().SingleAsync()).State);
        Assert.Empty(await db.Set<TipDraft>().AsNoTracking().ToListAsync());
    }

    [Fact]
    public async Task An_upload_that_is_not_multipart_is_a_400_problem()
    {
        var visitor = await StartTipAsync();
        var response = await _web.SendAsync(HttpMethod.Post, "/chat/api/upload", visitor, new StringContent("just text"));
        await WebHost.AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }
}
