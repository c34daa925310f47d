using System.Globalization;
using Humas.Bot.Admin.Reports;
using Humas.Bot.Localization;
using Microsoft.AspNetCore.Mvc;

namespace Humas.Bot.Admin.Pages.Reports;

public sealed class EvaluationModel(ReportQueries reports, TimeProvider time) : AdminPage
{
    public EvaluationReport? Report { get; private set; }
    public string MonthText { get; private set; } = "";

    /// <param name="month">yyyy-MM (the month input's value); the current Jakarta month when missing.</param>
    public async Task<IActionResult> OnGetAsync(string? institution, string? month, CancellationToken ct)
    {
        var local = JakartaTime.ToLocal(time.GetUtcNow().UtcDateTime);
        var (year, m) = DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? (d.Year, d.Month) : (local.Year, local.Month);
        Report = string.IsNullOrWhiteSpace(institution) ? null : await reports.EvaluationAsync(institution, year, m, ct);
        if (Report is null)
        {
            return NotFound();
        }

        MonthText = string.Create(CultureInfo.InvariantCulture, $"{m:D2}/{year}");
        return Page();
    }
}
