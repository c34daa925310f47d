using Humas.Bot.Admin.Tips;
using Humas.Bot.Tips.Model;

namespace Humas.Bot.Admin.Pages.Tips;

public sealed class IndexModel(TipDesk desk) : AdminPage
{
    public TipState? State { get; private set; }
    public IReadOnlyList<TipRow> Tips { get; private set; } = [];

    public async Task OnGetAsync(string? state, CancellationToken ct)
    {
        State = Enum.TryParse<TipState>(state, ignoreCase: true, out var s) && Enum.IsDefined(s) ? s : null;
        Tips = await desk.ListAsync(State, ct);
    }
}
