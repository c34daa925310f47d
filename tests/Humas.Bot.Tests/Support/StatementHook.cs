using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Humas.Bot.Tests.Support;

/// <summary>
/// Runs <see cref="BeforeQuery"/> before every query the service reads with (register it as an
/// <see cref="IInterceptor"/>): a test holds a chosen statement back, or fails it, to see what the rest does meanwhile.
/// </summary>
public sealed class StatementHook : DbCommandInterceptor
{
    public Func<DbCommand, Task> BeforeQuery { get; set; } = _ => Task.CompletedTask;

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        await BeforeQuery(command);
        return result;
    }
}
