using Humas.Bot.Storage.Scoping;

namespace Humas.Bot.Tips.Model;

/// <summary>
/// An institution's editor sees the tips sent to it, its contributors and invite codes; a tip's files and trail go
/// with the tip. A tip with no institution yet (a citizen's on a shared bot) is national's.
/// </summary>
internal sealed class TipScopeRule : IInstitutionScopeRule
{
    public void Apply(InstitutionScopeBuilder scope)
    {
        scope.ByInstitution<Tip>(t => t.InstitutionId);
        scope.ByInstitution<TipContributor>(c => c.InstitutionId);
        scope.ByInstitution<TipInvite>(i => i.InstitutionId);
        scope.Where<TipAttachmentRecord>((a, db) => db.Set<Tip>().Any(t => t.Id == a.TipId));
        scope.Where<TipEvent>((e, db) => db.Set<Tip>().Any(t => t.Id == e.TipId));
    }
}
