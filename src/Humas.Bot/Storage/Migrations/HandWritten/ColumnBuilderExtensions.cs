using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations.Builders;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Humas.Bot.Storage.Migrations.HandWritten;

internal static class ColumnBuilderExtensions
{
    /// <summary>
    /// A database-generated integer key on either provider: each provider reads its own annotation and
    /// ignores the other's, which keeps one hand-written migration valid for both.
    /// </summary>
    public static OperationBuilder<AddColumnOperation> Identity(this OperationBuilder<AddColumnOperation> column) =>
        column
            .Annotation("Sqlite:Autoincrement", true)
            .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);
}
