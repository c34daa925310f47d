using Humas.Bot.Channels.Telegram.Api;
using Telegram.Bot;
using Telegram.Bot.Exceptions;

namespace Humas.Bot.Tests.Channels.Telegram;

/// <summary>getFile through the library, the download through ours: capped, and refusing paths that climb.</summary>
public sealed class TelegramFileTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task GetFile_then_download_copies_the_bytes()
    {
        await using var h = await TelegramClientHarness.StartAsync();
        var content = Enumerable.Range(0, 5000).Select(i => (byte)i).ToArray();
        h.Fake.AddFile("doc-1", content, "documents/laporan warga.pdf");

        var file = await h.Client.GetFile("doc-1", Ct);
        using var destination = new MemoryStream();
        var written = await h.Api.DownloadFileAsync(file.FilePath!, destination, maxBytes: 10_000, Ct);

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
            () => h.Api.DownloadFileAsync("photos/big.jpg", Stream.Null, maxBytes: 1000, Ct));

        Assert.Equal(1000, e.MaxBytes);
    }

    [Theory]
    [InlineData("../../bot1:other/getMe")]
    [InlineData("documents/./a.pdf")]
    [InlineData("documents//a.pdf")]
    public async Task A_file_path_that_could_leave_the_bots_file_folder_is_refused_before_any_request(string path)
    {
        await using var h = await TelegramClientHarness.StartAsync();
        var before = h.Fake.Counters.Requests;

        await Assert.ThrowsAsync<ArgumentException>(() => h.Api.DownloadFileAsync(path, Stream.Null, 1000, Ct));

        Assert.Equal(before, h.Fake.Counters.Requests);
    }

    [Fact]
    public async Task A_missing_file_is_an_api_error_with_the_status()
    {
        await using var h = await TelegramClientHarness.StartAsync();

        var e = await Assert.ThrowsAsync<ApiRequestException>(() => h.Api.DownloadFileAsync("documents/missing.bin", Stream.Null, 1000, Ct));

        Assert.Equal(404, e.ErrorCode);
    }

    [Fact]
    public async Task An_unknown_file_id_is_a_400()
    {
        await using var h = await TelegramClientHarness.StartAsync();

        var e = await Assert.ThrowsAsync<ApiRequestException>(() => h.Client.GetFile("nope", Ct));

        Assert.Equal(400, e.ErrorCode);
    }
}
