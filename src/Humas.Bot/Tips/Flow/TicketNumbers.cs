using System.Data.Common;
using System.Globalization;
using Humas.Bot.Storage;
using Humas.Bot.Subscriptions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Humas.Bot.Localization;

namespace Humas.Bot.Tips.Flow;

/// <summary>
/// Ticket numbers <c>USL-yyyyMM-NNNN</c>, counted per Jakarta month. One atomic upsert on the month's counter
/// row, inside the caller's transaction, so concurrent submissions serialize on that row and never share a
/// number; a rolled-back submission may leave a gap, which is harmless.
/// </summary>
public static partial class TicketNumbers
{
    public const string Prefix = "USL";

    public static async Task<string> NextAsync(HumasDbContext db, DateTime utcNow, CancellationToken ct)
    {
        var period = JakartaTime.ToLocal(utcNow).ToString("yyyyMM", CultureInfo.InvariantCulture);
        var connection = db.Database.GetDbConnection();
        await using DbCommand command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        // ON CONFLICT ... RETURNING is understood by both SQLite (3.35+) and PostgreSQL.
        command.CommandText = """
            INSERT INTO "TipTicketCounters" ("Period", "LastNumber") VALUES (@period, 1)
            ON CONFLICT ("Period") DO UPDATE SET "LastNumber" = "TipTicketCounters"."LastNumber" + 1
            RETURNING "LastNumber";
            """;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@period";
        parameter.Value = period;
        command.Parameters.Add(parameter);
        var number = Convert.ToInt32(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        return Format(period, number);
    }

    public static string Format(string period, int number) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}-{period}-{number:D4}");

    /// <summary>A ticket number anywhere in a text (a notice, the editors' prompt).</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"USL-\d{6}-\d{4,}", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    public static partial System.Text.RegularExpressions.Regex Pattern();
}
