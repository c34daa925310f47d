using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Humas.Bot.Host;

public static class HealthEndpoints
{
    /// <summary><c>GET /healthz</c>: 200 with JSON when every check (the database first) answers, else 503.</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions
        {
            ResponseWriter = WriteJsonAsync,
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        });
        return app;
    }

    private static Task WriteJsonAsync(HttpContext http, HealthReport report)
    {
        // Exception text names hosts, users and paths: only for a caller on this machine (an operator's curl;
        // behind a trusted proxy the forwarded client address counts, so the internet is never "local").
        var local = http.Connection.RemoteIpAddress is { } ip && System.Net.IPAddress.IsLoopback(ip);
        http.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            durationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            checks = report.Entries.Select(e => new
            {
                name = e.Key,
                status = e.Value.Status.ToString(),
                durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
                description = e.Value.Description,
                data = e.Value.Data.Count > 0 ? e.Value.Data : null,
                error = local ? e.Value.Exception?.Message : e.Value.Exception is null ? null : "hidden (shown to loopback callers only)",
            }),
        };
        return JsonSerializer.SerializeAsync(http.Response.Body, body, JsonSerializerOptions.Web, http.RequestAborted);
    }
}
