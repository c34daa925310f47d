using Humas.Bot.Admin.Audit;
using Humas.Bot.Storage.Scoping;
using Humas.Bot.Tips.Model;

namespace Humas.Bot.Admin.Accounts;

/// <summary>
/// An institution's admin manages the accounts and publish keys that serve one of its institutions (never a
/// national one); assignments and health events go with their tip and source.
/// </summary>
internal sealed class AccountScopeRule : IInstitutionScopeRule
{
    public void Apply(InstitutionScopeBuilder scope)
    {
        scope.ByInstitution<AdminUserInstitution>(u => u.InstitutionId);
        scope.ByInstitution<PublishApiKeyInstitution>(k => k.InstitutionId);
        scope.Where<AdminUser>((u, db) => db.Set<AdminUserInstitution>().Any(i => i.UserId == u.Id));
        scope.Where<PublishApiKey>((k, db) => db.Set<PublishApiKeyInstitution>().Any(i => i.KeyId == k.Id));
        scope.Where<TipAssignment>((a, db) => db.Set<Tip>().Any(t => t.Id == a.TipId));
        scope.Where<SourceHealthEvent>((h, db) => db.Set<Ingestion.Model.Source>().Any(s => s.Id == h.SourceId));
    }
}
