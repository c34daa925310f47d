using Humas.Bot.Ingestion.Model;
using Humas.Bot.Institutions;
using Humas.Bot.Localization;
using Humas.Bot.Storage;
using Humas.Bot.Tips.Model;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tips.Contributors;

public sealed record CreatedInvite(string Code, string InstitutionId, string Unit, int MaxUses, DateTime ExpiresAt);

/// <summary>Invite codes per institution and unit, and registration of verified contributors with them.</summary>
public sealed class ContributorRegistry(IDbContextFactory<HumasDbContext> factory, ITexts texts, TimeProvider time, ILogger<ContributorRegistry> log)
{
    /// <exception cref="ArgumentException">Unknown institution, empty unit, or uses/days out of range.</exception>
    public async Task<CreatedInvite> CreateInviteAsync(string institutionId, string unit, int uses, int days, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(unit) || unit.Trim().Length > 200)
        {
            throw new ArgumentException("the unit must be 1 to 200 characters", nameof(unit));
        }

        if (uses is < 1 or > 10_000 || days is < 1 or > 3650)
        {
            throw new ArgumentException("uses must be 1..10000 and days 1..3650");
        }

        await using var db = await factory.CreateDbContextAsync(ct);
        if (!await db.Set<Institution>().AnyAsync(i => i.Id == institutionId, ct))
        {
            throw new ArgumentException($"no institution '{institutionId}'", nameof(institutionId));
        }

        var now = time.GetUtcNow().UtcDateTime;
        var code = InviteCodes.New();
        var invite = new TipInvite
        {
            CodeHash = InviteCodes.Hash(code), InstitutionId = institutionId, Unit = unit.Trim(), MaxUses = uses, ExpiresAt = now.AddDays(days), CreatedAt = now,
        };
        db.Add(invite);
        await db.SaveChangesAsync(ct);
        log.LogInformation("Invite {InviteId} created for {InstitutionId} / {Unit}: {MaxUses} use(s) until {ExpiresAt}", invite.Id, institutionId, invite.Unit, uses, invite.ExpiresAt);
        return new CreatedInvite(code, institutionId, invite.Unit, uses, invite.ExpiresAt);
    }

    /// <summary>/daftar KODE: the author becomes (or moves to) the code's institution and unit. Answers with localized text.</summary>
    public async Task<string> RegisterAsync(TipAuthor author, string code, CancellationToken ct)
    {
        var hash = InviteCodes.Hash(code ?? "");
        await using var db = await factory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var outcome = await db.InTransactionAsync(async () =>
        {
            var invite = await db.Set<TipInvite>().AsNoTracking().FirstOrDefaultAsync(i => i.CodeHash == hash, ct);
            if (invite is null)
            {
                return ("tips.register.invalid", (TipInvite?)null);
            }

            // Conditional increment: two people racing for the last use cannot both win it.
            var taken = await db.Set<TipInvite>()
                .Where(i => i.Id == invite.Id && i.Uses < i.MaxUses && i.ExpiresAt > now)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Uses, i => i.Uses + 1), ct);
            if (taken == 0)
            {
                return ("tips.register.expired", null);
            }

            var contributor = await db.Set<TipContributor>().FirstOrDefaultAsync(c => c.Channel == author.Channel && c.UserExternalId == author.UserExternalId, ct);
            if (contributor is null)
            {
                contributor = new TipContributor { Channel = author.Channel, UserExternalId = author.UserExternalId, InstitutionId = invite.InstitutionId, Unit = invite.Unit };
                db.Add(contributor);
            }

            contributor.DisplayName = ColumnText.Clip(author.DisplayName, TipLimits.MaxNameLength) ?? contributor.DisplayName;
            contributor.InstitutionId = invite.InstitutionId;
            contributor.Unit = invite.Unit;
            contributor.InviteId = invite.Id;
            contributor.RegisteredAt = now;
            await db.SaveChangesAsync(ct);
            return ("tips.register.ok", invite);
        }, ct);

        var (key, used) = outcome;
        if (used is null)
        {
            log.LogInformation("Registration of {Channel}:{UserExternalId} refused: {Reason}", author.Channel, author.UserExternalId, key);
            return texts.Get(key, author.Language);
        }

        log.LogInformation("{Channel}:{UserExternalId} registered as contributor of {InstitutionId} / {Unit}", author.Channel, author.UserExternalId, used.InstitutionId, used.Unit);
        var institution = await db.Set<Institution>().AsNoTracking().Where(i => i.Id == used.InstitutionId).Select(i => i.Name).FirstOrDefaultAsync(ct);
        return texts.Get(key, author.Language, used.Unit, institution ?? used.InstitutionId);
    }
}
