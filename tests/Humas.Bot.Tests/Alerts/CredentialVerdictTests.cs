using Humas.Bot.Alerts;
using Humas.Bot.Storage;
using Humas.Bot.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Humas.Bot.Tests.Alerts;

/// <summary>
/// A platform's accepted call tells the alerts the token works. With no token incident open, that is a read and no
/// write: the first Bot API call after every start (getMe) once waited for the SQLite write gate, so while the gate
/// was held (a broadcast's writes, a test holding it) the bot did not start reading its updates.
/// </summary>
public sealed class CredentialVerdictTests
{
    [Fact]
    public async Task An_accepted_call_with_no_incident_open_does_not_wait_for_the_write_gate()
    {
        using var app = new HumasAppFactory();
        var monitor = app.Services.GetRequiredService<ICredentialsMonitor>();
        using var writes = await HoldWritesAsync(app);

        var accepted = monitor.AcceptedAsync("telegram", default);

        // The deadline only turns a hang into a failure.
        await accepted.WaitAsync(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task An_accepted_call_resolves_an_open_token_incident_once_the_gate_is_free()
    {
        using var app = new HumasAppFactory();
        var monitor = app.Services.GetRequiredService<ICredentialsMonitor>();
        var key = CredentialIncidents.KeyOf("telegram");
        await monitor.RejectedAsync("telegram", "getMe answered 401 Unauthorized", default);
        Assert.True(await OpenAsync(app, key));

        var writes = await HoldWritesAsync(app);
        var accepted = monitor.AcceptedAsync("telegram", default);
        Assert.True(await OpenAsync(app, key));
        writes.Dispose();
        await accepted.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.False(await OpenAsync(app, key));
    }

    [Fact]
    public async Task A_refused_incident_write_is_not_taken_for_another_instances_and_is_written_at_the_next_refusal()
    {
        using var app = new HumasAppFactory();
        var monitor = app.Services.GetRequiredService<ICredentialsMonitor>();
        var key = CredentialIncidents.KeyOf("telegram");
        await using (var db = app.CreateDbContext())
        {
            // The database refuses the new incident as a full disk would.
            await db.Database.ExecuteSqlRawAsync("CREATE TRIGGER refuse_incident BEFORE INSERT ON Incidents BEGIN SELECT RAISE(ABORT, 'disk full'); END");
        }

        await monitor.RejectedAsync("telegram", "getMe answered 401 Unauthorized", default);
        Assert.False(await OpenAsync(app, key));

        await using (var db = app.CreateDbContext())
        {
            await db.Database.ExecuteSqlRawAsync("DROP TRIGGER refuse_incident");
        }

        await monitor.RejectedAsync("telegram", "sendMessage answered 401 Unauthorized", default);
        Assert.True(await OpenAsync(app, key));
    }

    private static async Task<IDisposable> HoldWritesAsync(HumasAppFactory app)
    {
        await using var db = app.CreateDbContext();
        return await app.Services.GetRequiredService<SqliteWriteGate>().EnterAsync(db, default);
    }

    private static async Task<bool> OpenAsync(HumasAppFactory app, string key)
    {
        await using var db = app.CreateDbContext();
        return await db.Set<Incident>().AnyAsync(i => i.Key == key && i.ResolvedAt == null);
    }
}
