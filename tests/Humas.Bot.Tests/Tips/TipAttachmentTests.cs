using Humas.Bot.Tips;
using Humas.Bot.Tips.Attachments;
using Humas.Bot.Tips.Model;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Tips;

public sealed class TipAttachmentTests
{
    private const string OneMegabyte = "1048576";

    [Fact]
    public async Task After_Kirim_files_are_fetched_into_storage_with_safe_names_and_their_originals_kept()
    {
        using var h = new TipsHarness(new() { ["Tips:MaxFileBytes"] = OneMegabyte });
        h.Fetcher.Files["doc"] = Bytes(300_000);
        h.Fetcher.Files["anon"] = Bytes(10);
        var ticket = await SubmitWithAsync(h,
            new("document", "doc", "../../etc/Laporan Rakor 2026 (final).PDF", "application/pdf", 300_000),
            new("photo", "anon", null, null, null));

        // The tip is in the queue before any file is fetched.
        Assert.Equal(2, Assert.Single(await h.Queue.ListAsync(TipState.New, 10, default)).Attachments);

        Assert.Equal(2, await h.Attachments.ProcessDueAsync(default));

        var rows = await h.Db(db => db.Set<TipAttachmentRecord>().OrderBy(a => a.Id).ToListAsync());
        Assert.All(rows, r => Assert.Equal(TipAttachmentState.Stored, r.State));
        var doc = rows[0];
        Assert.Equal(("../../etc/Laporan Rakor 2026 (final).PDF", "application/pdf", 300_000L), (doc.OriginalName, doc.MediaType, doc.Size!.Value));
        Assert.Equal($"{ticket}/{doc.Id}-Laporan_Rakor_2026__final.pdf", doc.StoredPath);
        var path = Path.Combine(h.Get<Humas.Bot.Storage.Files.FileStore>().Folder!, doc.StoredPath!);
        Assert.StartsWith(h.Get<Humas.Bot.Storage.Files.FileStore>().Folder!, Path.GetFullPath(path), StringComparison.Ordinal);
        Assert.Equal(Bytes(300_000), await File.ReadAllBytesAsync(path));
        // Without a name from the contributor, the channel's name and type are kept.
        Assert.Equal(("from-channel.bin", "application/octet-stream", $"{ticket}/{rows[1].Id}-photo"), (rows[1].OriginalName, rows[1].MediaType, rows[1].StoredPath));
        Assert.Equal(0, await h.Attachments.ProcessDueAsync(default));
    }

    [Fact]
    public async Task A_file_larger_than_the_cap_is_refused_while_streaming_and_nothing_is_left_on_disk()
    {
        using var h = new TipsHarness(new() { ["Tips:MaxFileBytes"] = OneMegabyte });
        h.Fetcher.Files["huge"] = Bytes(3 * 1024 * 1024);
        h.Fetcher.Files["exact"] = Bytes(1024 * 1024);
        var ticket = await SubmitWithAsync(h, new("video", "huge", "v.mp4", "video/mp4", null), new("document", "exact", "a.bin", null, 1024 * 1024));

        await h.Attachments.ProcessDueAsync(default);

        var rows = await h.Db(db => db.Set<TipAttachmentRecord>().OrderBy(a => a.Id).ToListAsync());
        Assert.Equal([TipAttachmentState.Refused, TipAttachmentState.Stored], rows.Select(r => r.State));
        Assert.Null(rows[0].StoredPath);
        Assert.Equal([$"{rows[1].Id}-a.bin"], Directory.GetFiles(Path.Combine(h.Get<Humas.Bot.Storage.Files.FileStore>().Folder!, ticket)).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Transient_failures_are_retried_with_backoff_and_permanent_ones_are_marked_failed()
    {
        using var h = new TipsHarness(new() { ["Tips:MaxFetchAttempts"] = "3" });
        h.Fetcher.Files["flaky"] = Bytes(100);
        h.Fetcher.FailuresLeft["flaky"] = 2;
        h.Fetcher.Files["dead"] = Bytes(100);
        h.Fetcher.FailuresLeft["dead"] = 99;
        await SubmitWithAsync(h, new("photo", "flaky", null, null, null), new("photo", "dead", null, null, null), new("photo", "missing", null, null, null));

        await h.Attachments.ProcessDueAsync(default);
        Assert.Equal(0, await h.Attachments.ProcessDueAsync(default)); // nothing due before the backoff
        h.Clock.Advance(TimeSpan.FromSeconds(10));
        await h.Attachments.ProcessDueAsync(default);
        h.Clock.Advance(TimeSpan.FromSeconds(20));
        await h.Attachments.ProcessDueAsync(default);

        var rows = await h.Db(db => db.Set<TipAttachmentRecord>().OrderBy(a => a.Id).ToListAsync());
        Assert.Equal([TipAttachmentState.Stored, TipAttachmentState.Failed, TipAttachmentState.Failed], rows.Select(r => r.State));
        Assert.Equal([3, 3, 0], rows.Select(r => r.Attempts));
        Assert.Contains("gave up after 3 attempts", rows[1].LastError);
        Assert.Equal("file not found on the channel", rows[2].LastError);
        Assert.Equal(["flaky", "dead", "missing", "flaky", "dead", "flaky", "dead"], h.Fetcher.Calls);
    }

    [Fact]
    public async Task A_tip_from_a_channel_without_a_fetcher_keeps_its_text_and_marks_the_files_failed()
    {
        using var h = new TipsHarness();
        var me = new TipAuthor("teams", "c1", "u1", null, "id");
        await h.Send(new TipStart(me));
        await h.Send(new TipText(me, "Dari Teams."));
        await h.Send(new TipAttachment(me, "photo", "x", null, null, 1));
        await h.Send(new TipAction(me, "done"));
        await h.Send(new TipAction(me, "skip"));
        await h.Send(new TipAction(me, "send"));

        await h.Attachments.ProcessDueAsync(default);

        var row = Assert.Single(await h.Db(db => db.Set<TipAttachmentRecord>().ToListAsync()));
        Assert.Equal(TipAttachmentState.Failed, row.State);
        Assert.Empty(h.Fetcher.Calls);
    }

    private static async Task<string> SubmitWithAsync(TipsHarness h, params Att[] files)
    {
        var me = TipsHarness.Author();
        await h.Send(new TipStart(me));
        await h.Send(new TipText(me, "Dengan lampiran."));
        foreach (var f in files)
        {
            await h.Send(new TipAttachment(me, f.Kind, f.Id, f.Name, f.Type, f.Size));
        }

        await h.Send(new TipAction(me, "done"));
        await h.Send(new TipAction(me, "skip"));
        return (await h.SubmitFromSummaryAsync(me)).Ticket;
    }

    private static byte[] Bytes(int count) => Enumerable.Range(0, count).Select(i => (byte)(i * 31)).ToArray();

    private sealed record Att(string Kind, string Id, string? Name, string? Type, long? Size);
}
