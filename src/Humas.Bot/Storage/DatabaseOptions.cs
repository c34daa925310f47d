using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Storage;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary><c>Database</c> section; the connection string itself is <c>ConnectionStrings:Humas</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    [EnumDataType(typeof(DatabaseProvider))]
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Apply pending migrations at start (on by default; an operator may run them separately).</summary>
    public bool MigrateAtStart { get; set; } = true;
}

/// <summary>Generated at build time from the attributes above (no reflection at start).</summary>
[OptionsValidator]
public sealed partial class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>;
