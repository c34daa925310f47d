using Humas.Bot.Admin.Reports;

namespace Humas.Bot.Admin.Pages.Subscribers;

public sealed class IndexModel(DashboardQueries queries) : AdminPage
{
    /// <summary>Rows shown on the page; the CSV export carries up to <see cref="CsvFiles.MaxRows"/>.</summary>
    public const int Shown = 100;

    public IReadOnlyList<ChannelSubscribers> Counts { get; private set; } = [];
    public IReadOnlyList<SubscriberRow> Rows { get; private set; } = [];
    public string? Channel { get; private set; }
    public string? Q { get; private set; }

    public async Task OnGetAsync(string? channel, string? q, CancellationToken ct)
    {
        Channel = channel;
        Q = q is { Length: > 200 } ? q[..200] : q;
        Counts = await queries.SubscribersPerChannelAsync(ct);
        Rows = await queries.SubscribersAsync(channel, Q, Shown, ct);
    }
}
