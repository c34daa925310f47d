using Humas.Bot.Storage.Scoping;

namespace Humas.Bot.Institutions;

/// <summary>An institution's editor sees only their own institutions (and hosts, and editors' chats).</summary>
internal sealed class InstitutionScopeRule : IInstitutionScopeRule
{
    public void Apply(InstitutionScopeBuilder scope)
    {
        scope.ByInstitution<Institution>(i => i.Id);
        scope.ByInstitution<InstitutionHost>(h => h.InstitutionId);
        scope.ByInstitution<InstitutionChatSetting>(s => s.InstitutionId);
    }
}
