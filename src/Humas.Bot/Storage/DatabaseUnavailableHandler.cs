using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Humas.Bot.Storage;

/// <summary>
/// A request that fails because the database cannot take it (SQLite on a full or read-only disk, PostgreSQL
/// down or restarting) is answered 503 with a problem that names the cause and a Retry-After, instead of a
/// bare 500: the caller (Telegram's webhook, a CMS) should retry, and nothing was half written because each
/// request's writes are one transaction. Anything else is left to the default handler.
/// </summary>
public sealed class DatabaseUnavailableHandler(IProblemDetailsService problems, ILogger<DatabaseUnavailableHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        if (Describe(exception) is not { } cause)
        {
            return false;
        }

        log.LogError("Database unavailable for {Method} {Path}: {Cause}", http.Request.Method, http.Request.Path, cause);
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.Headers.RetryAfter = "30";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Database unavailable",
                Detail = cause,
            },
        });
    }

    /// <summary>A one-line cause when <paramref name="exception"/> (or what it wraps) is the database refusing work.</summary>
    public static string? Describe(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException { SqliteErrorCode: 13 }:
                    return "the SQLite database or its disk is full (SQLITE_FULL)";
                case SqliteException { SqliteErrorCode: 8 }:
                    return "the SQLite database is read-only (SQLITE_READONLY)";
                case SqliteException { SqliteErrorCode: 10 } s:
                    return $"the SQLite database file cannot be written (SQLITE_IOERR, extended code {s.SqliteExtendedErrorCode})";
                case SqliteException { SqliteErrorCode: 14 }:
                    return "the SQLite database file cannot be opened (SQLITE_CANTOPEN)";
                case NpgsqlException { IsTransient: true } n:
                    return $"PostgreSQL is unreachable or restarting: {n.Message}";
                case PostgresException { SqlState: "53100" }:
                    return "PostgreSQL's disk is full";
                case PostgresException { SqlState: "25006" }:
                    return "PostgreSQL is read-only (a standby, or default_transaction_read_only)";
            }
        }

        return null;
    }
}
