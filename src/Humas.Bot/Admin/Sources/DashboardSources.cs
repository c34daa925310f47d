using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Humas.Bot.Admin.Audit;
using Humas.Bot.Storage.Audit;
using Humas.Bot.Ingestion;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Ingestion.Polling;
using Humas.Bot.Institutions;
using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Admin.Sources;

/// <summary>What the source form posts. Validated with the same rules as a configured source.</summary>
public sealed class SourceForm
{
    public string Id { get; set; } = "";
    public string Institution { get; set; } = "";
    public string? Name { get; set; }
    public string Url { get; set; } = "";
    public string Kind { get; set; } = "Rss";
    public int PollSeconds { get; set; } = 300;
    public string? Category { get; set; }
    public string? ItemLink { get; set; }

    public SourceConfig ToConfig() => new()
    {
        Id = Id.Trim(), Institution = Institution.Trim(), Name = string.IsNullOrWhiteSpace(Name) ? null : Name.Trim(), Url = Url.Trim(), Kind = Kind,
        PollSeconds = PollSeconds, Category = string.IsNullOrWhiteSpace(Category) ? null : Category.Trim(),
        Selectors = string.IsNullOrWhiteSpace(ItemLink) ? null : new HtmlSelectors { ItemLink = ItemLink.Trim() },
    };
}

/// <summary>
/// Sources managed in the dashboard. Configured sources (<see cref="SourceOrigin.Configuration"/>) stay owned by
/// configuration, which is re-applied at every start, so here they are read-only apart from "check now"; sources
/// added here are <see cref="SourceOrigin.Dashboard"/>, which the start-up sync leaves alone. A configured source
/// with the same id takes a dashboard one over.
/// </summary>
public sealed class DashboardSources(
    IDbContextFactory<HumasDbContext> factory, SourcePollJob job, SourceHealthRecorder health, AuditLog audit, TimeProvider time)
{
    public const int HistoryRows = 50;

    public async Task<IReadOnlyList<Source>> ListAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<Source>().AsNoTracking().OrderBy(s => s.Id).ToListAsync(ct);
    }

    public async Task<(Source? Source, IReadOnlyList<SourceHealthEvent> History)> GetAsync(string id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var source = await db.Set<Source>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);
        var history = await db.Set<SourceHealthEvent>().AsNoTracking().Where(h => h.SourceId == id)
            .OrderByDescending(h => h.Id).Take(HistoryRows).ToListAsync(ct);
        return (source, history);
    }

    /// <summary>
    /// Field errors (empty when valid): form field name -> text key of admin.json. The rules are configuration's
    /// own (<see cref="SourceConfig"/>); only the wording is the dashboard's, in the editor's language.
    /// </summary>
    public static Dictionary<string, string> Validate(SourceForm form)
    {
        var config = form.ToConfig();
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(config, new ValidationContext(config), results, validateAllProperties: true);
        var errors = new Dictionary<string, string>();
        foreach (var member in results.SelectMany(r => r.MemberNames.DefaultIfEmpty("")))
        {
            var field = member == nameof(SourceConfig.Selectors) ? nameof(SourceForm.ItemLink) : member;
            errors.TryAdd(field, field switch
            {
                nameof(SourceForm.Id) => "admin.sources.error.id",
                nameof(SourceForm.Url) => "admin.sources.error.url",
                nameof(SourceForm.ItemLink) => "admin.sources.error.item_link",
                nameof(SourceForm.PollSeconds) => "admin.sources.error.poll_seconds",
                _ => "admin.sources.invalid",
            });
        }

        // A file: URL would read the service's own disk: only operators, through the configuration, may do that.
        if (!(Uri.TryCreate(config.Url, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"))
        {
            errors.TryAdd(nameof(SourceForm.Url), "admin.sources.error.url");
        }

        return errors;
    }

    /// <summary>Adds a dashboard source; null when saved, else the reason (id taken, unknown institution).</summary>
    public async Task<string?> AddAsync(SourceForm form, string actor, CancellationToken ct)
    {
        var config = form.ToConfig();
        await using var db = await factory.CreateDbContextAsync(ct);
        if (await db.Set<Source>().AnyAsync(s => s.Id == config.Id, ct))
        {
            return "admin.sources.id_taken";
        }

        if (!await db.Set<Institution>().AnyAsync(i => i.Id == config.Institution, ct))
        {
            return "admin.sources.unknown_institution";
        }

        var now = time.GetUtcNow().UtcDateTime;
        db.Add(new Source
        {
            Id = config.Id, InstitutionId = config.Institution, Name = config.Name ?? config.Id, Url = config.Url, ConfiguredUrl = config.Url,
            Kind = config.ParsedKind, PollSeconds = config.PollSeconds, Category = config.Category, Selectors = config.Selectors,
            Origin = SourceOrigin.Dashboard, NextPollAt = now,
        });
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(actor, "source.add", "source", config.Id, config.Url, ct);
        return null;
    }

    public async Task<string?> UpdateAsync(string id, SourceForm form, string actor, CancellationToken ct)
    {
        var config = form.ToConfig();
        await using var db = await factory.CreateDbContextAsync(ct);
        var source = await db.Set<Source>().SingleOrDefaultAsync(s => s.Id == id, ct);
        if (source is null || source.Origin != SourceOrigin.Dashboard)
        {
            return "admin.sources.read_only";
        }

        if (!await db.Set<Institution>().AnyAsync(i => i.Id == config.Institution, ct))
        {
            return "admin.sources.unknown_institution";
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (source.ConfiguredUrl != config.Url)
        {
            source.Url = config.Url;
            source.ConfiguredUrl = config.Url;
            source.ETag = null;
            source.LastModified = null;
            source.NextPollAt = now;
        }

        source.InstitutionId = config.Institution;
        source.Name = config.Name ?? id;
        source.Kind = config.ParsedKind;
        source.PollSeconds = config.PollSeconds;
        source.Category = config.Category;
        source.Selectors = config.Selectors;
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(actor, "source.edit", "source", id, config.Url, ct);
        return null;
    }

    public async Task<string?> SetEnabledAsync(string id, bool enabled, string actor, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var source = await db.Set<Source>().SingleOrDefaultAsync(s => s.Id == id, ct);
        if (source is null || source.Origin != SourceOrigin.Dashboard)
        {
            return "admin.sources.read_only";
        }

        source.Enabled = enabled;
        source.State = enabled ? SourceState.Active : SourceState.Disabled;
        source.NextPollAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(actor, enabled ? "source.enable" : "source.disable", "source", id, null, ct);
        return null;
    }

    /// <summary>Polls the source now, exactly as the poller would (articles found are stored and announced).</summary>
    public async Task<PollReport?> CheckNowAsync(string id, string actor, CancellationToken ct)
    {
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            if (!await db.Set<Source>().AnyAsync(s => s.Id == id, ct))
            {
                return null;
            }
        }

        var report = await health.AsCheckAsync(() => job.RunAsync(id, ct));
        await audit.WriteAsync(actor, "source.check", "source", id,
            report.Success ? string.Create(CultureInfo.InvariantCulture, $"ok, {report.Created} new") : report.Error, ct);
        return report;
    }
}
