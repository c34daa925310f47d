using Humas.Bot.Ingestion.Fetching;
using Humas.Bot.Tests.Support;

namespace Humas.Bot.Tests.Ingestion.Fetching;

public sealed class FileFetchTests : IDisposable
{
    private readonly HttpClient client = new(HttpSourceFetcher.ConfigurePrimaryHandler(() => true));
    private readonly string scratch = Path.Combine(Path.GetTempPath(), $"humas-file-fetch-{Guid.NewGuid():N}");

    public FileFetchTests() => Directory.CreateDirectory(scratch);

    public void Dispose()
    {
        client.Dispose();
        Directory.Delete(scratch, recursive: true);
    }

    [Fact]
    public async Task An_absolute_file_url_is_read_from_disk()
    {
        var path = Fixture.PathOf("Feeds/rss2-setneg.xml");

        var result = await TestFetchers.Create(client).FetchAsync(new FetchRequest(new Uri(path), AllowFile: true), CancellationToken.None);

        Assert.Equal(FetchStatus.Ok, result.Status);
        Assert.Equal(File.ReadAllBytes(path), result.Body);
        Assert.Equal("application/xml", result.ContentType);
        Assert.NotNull(result.LastModified);
    }

    [Fact]
    public async Task A_relative_file_url_resolves_against_the_app_base_directory()
    {
        var url = new Uri("file:Fixtures/Feeds/atom-kominfo.xml", UriKind.RelativeOrAbsolute);

        var result = await TestFetchers.Create(client).FetchAsync(new FetchRequest(url, AllowFile: true), CancellationToken.None);

        Assert.Equal(Fixture.Bytes("Feeds/atom-kominfo.xml"), result.Body);
    }

    [Fact]
    public async Task A_file_over_the_cap_is_refused_with_the_cap_in_the_message()
    {
        var path = Path.Combine(scratch, "big.xml");
        await File.WriteAllBytesAsync(path, new byte[8 * 1024]);

        var error = await Assert.ThrowsAsync<FetchException>(() => TestFetchers.Create(client, maxBytes: 4 * 1024).FetchAsync(new FetchRequest(new Uri(path), AllowFile: true), CancellationToken.None));

        Assert.Equal("response is larger than the 4 KB cap", error.Message);
        Assert.True(error.Permanent);
    }

    [Fact]
    public async Task A_file_exactly_at_the_cap_is_read()
    {
        var path = Path.Combine(scratch, "exact.xml");
        await File.WriteAllBytesAsync(path, new byte[4 * 1024]);

        var result = await TestFetchers.Create(client, maxBytes: 4 * 1024).FetchAsync(new FetchRequest(new Uri(path), AllowFile: true), CancellationToken.None);

        Assert.Equal(4 * 1024, result.Body.Length);
    }

    [Fact]
    public async Task An_unchanged_file_is_not_modified_on_the_next_poll()
    {
        var url = new Uri(Fixture.PathOf("Feeds/rdf-setneg.xml"));
        var fetcher = TestFetchers.Create(client);
        var first = await fetcher.FetchAsync(new FetchRequest(url, AllowFile: true), CancellationToken.None);

        var second = await fetcher.FetchAsync(new FetchRequest(url, LastModified: first.LastModified, AllowFile: true), CancellationToken.None);

        Assert.Equal(FetchStatus.NotModified, second.Status);
        Assert.Empty(second.Body);
    }

    [Fact]
    public async Task A_missing_file_is_a_permanent_failure()
    {
        var url = new Uri(Path.Combine(scratch, "tidak-ada.xml"));

        var error = await Assert.ThrowsAsync<FetchException>(() => TestFetchers.Create(client).FetchAsync(new FetchRequest(url, AllowFile: true), CancellationToken.None));

        Assert.True(error.Permanent);
        Assert.StartsWith("file not found: ", error.Message);
    }

    [Fact]
    public async Task A_file_on_a_network_share_is_refused()
    {
        var error = await Assert.ThrowsAsync<FetchException>(() => TestFetchers.Create(client).FetchAsync(new FetchRequest(new Uri("file://fileserver/humas/feed.xml"), AllowFile: true), CancellationToken.None));

        Assert.Contains("network shares", error.Message);
    }
}
