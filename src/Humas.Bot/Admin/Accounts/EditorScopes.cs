using System.Security.Claims;
using Humas.Bot.Delivery.Log;

namespace Humas.Bot.Admin.Accounts;

/// <summary>
/// Which institutions' per-recipient data a signed-in account may read, for the parts that take the scope as an
/// argument (the delivery log): the account's institutions, or National for a national account. The dashboard's
/// database contexts are restricted the same way (<see cref="Scoping.DashboardDb"/>), from the same claims.
/// </summary>
public static class EditorScopes
{
    public static DeliveryScope Of(ClaimsPrincipal user) => Scoping.DashboardScope.From(user) switch
    {
        { IsNational: true } => DeliveryScope.National,
        var scope => DeliveryScope.Of(scope.Institutions),
    };
}
