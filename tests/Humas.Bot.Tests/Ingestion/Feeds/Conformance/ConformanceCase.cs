using System.Text.Json;
using Humas.Bot.Tests.Support;

namespace Humas.Bot.Tests.Ingestion.Feeds.Conformance;

/// <summary>
/// One feed of the conformance corpus (Fixtures/Feeds/Conformance/*.json): the bytes, the URL it was
/// fetched from, and what a reader should see, written by hand from the feed and its format's spec.
/// </summary>
public sealed record ConformanceCase(string Name, string Shape, Uri Url, byte[] Body, string? Title, string? Description, IReadOnlyList<ExpectedItem> Items)
{
    private const string Folder = "Feeds/Conformance";

    public static IEnumerable<string> Names() =>
        Directory.GetFiles(Fixture.PathOf(Folder), "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!;

    public static ConformanceCase Load(string name)
    {
        var sidecar = JsonSerializer.Deserialize<Sidecar>(Fixture.Text($"{Folder}/{name}.json"), JsonSerializerOptions.Web)
            ?? throw new InvalidOperationException($"{name}.json is empty");
        var body = Fixture.Bytes($"{Folder}/{sidecar.File ?? name + ".xml"}");
        var items = sidecar.Items.Select(i => new ExpectedItem(i.Title, i.Link, i.Published is null ? null : DateTimeOffset.Parse(i.Published, System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        return new ConformanceCase(name, sidecar.Shape, new Uri(sidecar.Url), body, sidecar.Title, sidecar.Description, items);
    }

    public override string ToString() => Name;

    private sealed record Sidecar(string? File, string Url, string Shape, string? Title, string? Description, SidecarItem[] Items);

    private sealed record SidecarItem(string Title, string Link, string? Published);
}

public sealed record ExpectedItem(string Title, string Link, DateTimeOffset? Published);
