using Humas.Bot.Channels.Telegram.Api;
using Humas.Bot.Channels.Telegram.Api.Requests;

namespace Humas.Bot.Tests.Channels.Telegram;

public sealed class TelegramFileTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task GetFile_then_download_copies_the_bytes()
    {
        await using var h = await TelegramClientHarness.StartAsync();
        var content = Enumerable.Range(0, 5000).Select(i => (byte)i).ToArray();
        h.Fake.AddFile("doc-1", content, "documents/laporan warga.pdf");

        var file = await h.Client.SendAsync(new GetFile("doc-1"), Ct);
        using var destination = new MemoryStream();
        var written = await h.Client.DownloadFileAsync(file.FilePath!, destination, maxBytes: 10_000, Ct);

        Assert.Equal(5000, file.FileSize);
        Assert.Equal(5000, written);
        Assert.Equal(content, destination.ToArray());
    }

    [Fact]
    public async Task A_download_over_the_cap_is_refused()
    {
        await using var h = await TelegramClientHarness.StartAsync();
        h.Fake.AddFile("big", new byte[4096], "photos/big.jpg");

        var e = await Assert.ThrowsAsync<TelegramFileTooLargeException>(
            () => h.Client.DownloadFileAsync("photos/big.jpg", Stream.Null, maxBytes: 1000, Ct));

        Assert.Equal(1000, e.MaxBytes);
    }

    [Fact]
    public async Task An_unknown_file_id_is_a_400()
    {
        await using var h = await TelegramClientHarness.StartAsync();

        var e = await Assert.ThrowsAsync<TelegramApiException>(() => h.Client.SendAsync(new GetFile("nope"), Ct));

        Assert.Equal(400, e.ErrorCode);
    }
}
