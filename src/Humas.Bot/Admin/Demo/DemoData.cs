using Humas.Bot.Admin.Accounts;
using Humas.Bot.Feedback;
using Humas.Bot.Feedback.Model;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Storage;
using Humas.Bot.Tips.Flow;
using Humas.Bot.Tips.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Admin.Demo;

/// <summary><c>Demo</c> section.</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>
    /// The demo source, account, reactions and tip. On only in Development (appsettings.Development.json, which
    /// `dotnet run` uses through Properties/launchSettings.json) or when an operator sets it explicitly.
    /// </summary>
    public bool Enabled { get; set; }
}

/// <summary>
/// Demo mode (<see cref="DemoOptions.Enabled"/>): when the bundled demo source is in use, give a first look at the dashboard something to show.
/// Once the demo articles are in, adds reactions from 30 demo readers ("demo:reader-N") and one demo tip, each
/// only if none exists yet, so restarts add nothing. When there is no account at all, creates the admin
/// <see cref="DemoAdmin"/> with a random password, written once to the log in Development only; elsewhere the
/// operator sets it with <c>users set-password</c> (see docs/ADMIN.md).
/// </summary>
public sealed class DemoData(
    IDbContextFactory<HumasDbContext> factory,
    IReactionService reactions,
    AdminAccounts accounts,
    IOptions<DemoOptions> options,
    IHostEnvironment environment,
    TimeProvider time,
    ILogger<DemoData> log) : BackgroundService
{
    public const string DemoSourceId = "demo";
    public const string DemoAdmin = "admin@demo.humas.go.id";
    public const string DemoTipAuthor = "demo-kontributor";
    private const int Readers = 30;

    // Per article (by position in the feed), how the 30 demo readers split over the five options.
    private static readonly int[][] Split =
    [
        [12, 9, 5, 3, 1],
        [7, 11, 8, 2, 2],
        [4, 6, 10, 6, 4],
        [15, 8, 4, 2, 1],
        [5, 7, 6, 8, 4],
    ];

    /// <summary>True when the configured demo source (a bundled file) is enabled.</summary>
    public async Task<bool> IsDemoAsync(CancellationToken ct)
    {
        if (!options.Value.Enabled)
        {
            return false;
        }

        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<Source>().AnyAsync(s => s.Id == DemoSourceId && s.Enabled && s.ConfiguredUrl.StartsWith("file:"), ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (!await IsDemoAsync(stoppingToken))
            {
                return;
            }

            await EnsureAdminAsync(stoppingToken);
            // The first poll of the demo file happens right after start; wait for it (at most two minutes).
            for (var i = 0; i < 120 && !stoppingToken.IsCancellationRequested; i++)
            {
                if (await SeedAsync(stoppingToken))
                {
                    return;
                }

                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            log.LogWarning(e, "Demo data could not be added");
        }
    }

    private async Task EnsureAdminAsync(CancellationToken ct)
    {
        if (await accounts.AnyAsync(ct))
        {
            return;
        }

        var password = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12)).Replace('/', 'x').Replace('+', 'y');
        await accounts.AddAsync(DemoAdmin, AdminRole.Admin, password, ct);
        if (environment.IsDevelopment())
        {
            log.LogWarning(
                "Demo: dashboard account created. Sign in at /admin with {Email} and password {Password} (shown only now; change it with `users set-password {Email}`)",
                DemoAdmin, password, DemoAdmin);
        }
        else
        {
            // A password in a log outlives the demo: outside Development the operator chooses it.
            log.LogWarning("Demo: dashboard account {Email} created; set its password with `users set-password {Email}`", DemoAdmin, DemoAdmin);
        }
    }

    /// <summary>Adds what is missing; false while the demo articles are not there yet.</summary>
    public async Task<bool> SeedAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var articles = await db.Set<Article>().AsNoTracking().Where(a => a.SourceId == DemoSourceId)
            .OrderBy(a => a.PublishedAt).ThenBy(a => a.Id).Select(a => a.Id).Take(Split.Length).ToListAsync(ct);
        if (articles.Count == 0)
        {
            return false;
        }

        if (!await db.Set<Vote>().AnyAsync(v => v.VoterKey.StartsWith("demo:"), ct))
        {
            for (var a = 0; a < articles.Count; a++)
            {
                var reader = 0;
                for (var option = 1; option <= 5; option++)
                {
                    for (var n = 0; n < Split[a][option - 1] && reader < Readers; n++)
                    {
                        await reactions.VoteAsync(articles[a], $"demo:reader-{++reader}", option, ct);
                    }
                }
            }

            log.LogInformation("Demo: reactions added to {ArticleCount} articles", articles.Count);
        }

        if (!await db.Set<Tip>().AnyAsync(t => t.UserExternalId == DemoTipAuthor, ct))
        {
            var now = time.GetUtcNow().UtcDateTime;
            var institution = await db.Set<Source>().Where(s => s.Id == DemoSourceId).Select(s => s.InstitutionId).SingleAsync(ct);
            await db.InTransactionAsync(async () =>
            {
                var ticket = await TicketNumbers.NextAsync(db, now, ct);
                var tip = new Tip
                {
                    Ticket = ticket, Channel = "demo", ConversationExternalId = DemoTipAuthor, UserExternalId = DemoTipAuthor,
                    AuthorName = "Rina (Kontributor Demo)", Text =
                        "Besok pukul 09.00 WIB ada penyerahan bantuan sosial untuk 200 keluarga di Balai Desa Sukamaju. " +
                        "Kepala dinas hadir; saya bisa mengirim foto kegiatan.",
                    InstitutionId = institution, Unit = "Biro Humas (demo)", State = TipState.New, CreatedAt = now, UpdatedAt = now,
                };
                db.Add(tip);
                await db.SaveChangesAsync(ct);
                db.Add(new TipEvent { TipId = tip.Id, Kind = TipEventKind.Submitted, Actor = $"demo:{DemoTipAuthor}", CreatedAt = now });
                await db.SaveChangesAsync(ct);
                return tip;
            }, ct);
            log.LogInformation("Demo: one tip added to the editors' queue");
        }

        return true;
    }
}
