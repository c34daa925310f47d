using Humas.Bot.Storage.Files;
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

    [Fact]
    public async Task A_chat_upload_whose_takeover_fails_at_its_save_stays_readable_and_the_next_round_takes_it_over()
    {
        using var h = new TipsHarness();
        var (store, upload) = (h.Get<FileStore>(), "uploads/u1");
        await StoreUploadAsync(store, upload, Bytes(1000));
        h.Fetcher.Uploads["u1"] = upload;
        var ticket = await SubmitWithAsync(h, new Att("photo", "u1", null, "image/jpeg", 1000));
        // The database refuses the new key: the step between placing the bytes under the tip's name and removing the old name.
        await h.Db(db => db.Database.ExecuteSqlRawAsync(
            "CREATE TRIGGER refuse_rename BEFORE UPDATE OF \"Key\" ON \"StoredFiles\" BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END"));

        Assert.Equal(1, await h.Attachments.ProcessDueAsync(default));

        var row = await h.Db(db => db.Set<TipAttachmentRecord>().SingleAsync());
        Assert.Equal((TipAttachmentState.Pending, 1), (row.State, row.Attempts));
        // The upload is whole under the name its row still has.
        Assert.Equal(Bytes(1000), await ReadAsync(store, upload));

        await h.Db(db => db.Database.ExecuteSqlRawAsync("DROP TRIGGER refuse_rename"));
        h.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, await h.Attachments.ProcessDueAsync(default));

        row = await h.Db(db => db.Set<TipAttachmentRecord>().SingleAsync());
        Assert.Equal((TipAttachmentState.Stored, $"{ticket}/{row.Id}-photo"), (row.State, row.StoredPath));
        Assert.Equal(Bytes(1000), await ReadAsync(store, row.StoredPath!));
        Assert.Null(await store.FindAsync(upload, default));
        // One copy of the bytes is left, under the tip's name: not the upload's, not a part file.
        Assert.False(File.Exists(Path.Combine(store.Folder!, upload)));
        Assert.Equal([$"{row.Id}-photo"], Directory.GetFiles(Path.Combine(store.Folder!, ticket)).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_takeover_cut_short_after_its_save_has_its_old_name_removed_by_the_next_round()
    {
        using var h = new TipsHarness();
        var (store, upload) = (h.Get<FileStore>(), "uploads/u1");
        await StoreUploadAsync(store, upload, Bytes(1000));
        h.Fetcher.Uploads["u1"] = upload;
        var ticket = await SubmitWithAsync(h, new Att("photo", "u1", null, "image/jpeg", 1000));
        var attachment = await h.Db(db => db.Set<TipAttachmentRecord>().SingleAsync());
        var key = $"{ticket}/{attachment.Id}-photo";
        // Where a takeover stopped after saving the new key (the instance ended) and before removing the old name:
        // the bytes under both names, the row under the new one, the attachment not yet recorded.
        Directory.CreateDirectory(Path.Combine(store.Folder!, ticket));
        File.Copy(Path.Combine(store.Folder!, upload), Path.Combine(store.Folder!, key));
        await h.Db(db => db.Set<StoredFile>().Where(f => f.Key == upload).ExecuteUpdateAsync(u => u.SetProperty(f => f.Key, key)));

        Assert.Equal(1, await h.Attachments.ProcessDueAsync(default));

        var row = await h.Db(db => db.Set<TipAttachmentRecord>().SingleAsync());
        Assert.Equal((TipAttachmentState.Stored, key), (row.State, row.StoredPath));
        Assert.Equal(Bytes(1000), await ReadAsync(store, key));
        Assert.False(File.Exists(Path.Combine(store.Folder!, upload)));
    }

    private static async Task StoreUploadAsync(FileStore store, string key, byte[] bytes)
    {
        await using var upload = await store.CreateAsync(key, "test:42", null, bytes.Length, bytes.Length, default);
        await upload.WriteAsync(bytes);
        await upload.CommitAsync("image/jpeg", default);
    }

    private static async Task<byte[]?> ReadAsync(FileStore store, string key)
    {
        await using var stream = await store.OpenReadAsync(key, default);
        if (stream is null)
        {
            return null;
        }

        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
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
