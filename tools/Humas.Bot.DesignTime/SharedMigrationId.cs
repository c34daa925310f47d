using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace Humas.Bot.DesignTime;

/// <summary>
/// One change, one migration id on both providers: scripts/add-migration.sh sets
/// <see cref="TimestampVariable"/> once and runs dotnet-ef for each context, so the SQLite and PostgreSQL
/// migrations of a change carry the same id instead of two timestamps seconds apart. Without the variable
/// EF's own ids (the current UTC time) are used.
/// </summary>
public sealed class DesignTimeServices : IDesignTimeServices
{
    public const string TimestampVariable = "HUMAS_MIGRATION_TIMESTAMP";

    public void ConfigureDesignTimeServices(IServiceCollection services)
    {
        var stamp = Environment.GetEnvironmentVariable(TimestampVariable);
        if (string.IsNullOrEmpty(stamp))
        {
            return;
        }

        if (!DateTime.TryParseExact(stamp, SharedTimestampIdGenerator.Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            throw new InvalidOperationException($"{TimestampVariable} must be a UTC time as {SharedTimestampIdGenerator.Format}, not '{stamp}'.");
        }

        services.AddSingleton<IMigrationsIdGenerator>(new SharedTimestampIdGenerator(stamp));
    }
}

/// <summary>EF's id format (yyyyMMddHHmmss_Name) with a given time instead of the clock's.</summary>
internal sealed partial class SharedTimestampIdGenerator(string stamp) : IMigrationsIdGenerator
{
    public const string Format = "yyyyMMddHHmmss";

    public string GenerateId(string name) => $"{stamp}_{name}";

    public string GetName(string id) => id[(Format.Length + 1)..];

    public bool IsValidId(string value) => IdPattern().IsMatch(value);

    [GeneratedRegex("^[0-9]{14}_.+", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex IdPattern();
}
