using Humas.Bot.Storage.Scoping;

namespace Humas.Bot.Alerts;

/// <summary>An institution's editors see its incidents; the operators' own (disk, database) are national.</summary>
internal sealed class AlertScopeRule : IInstitutionScopeRule
{
    public void Apply(InstitutionScopeBuilder scope)
    {
        scope.ByInstitution<Incident>(i => i.InstitutionId);
        scope.Where<AlertNotification>((n, db) => db.Set<Incident>().Any(i => i.Id == n.IncidentId));
    }
}
