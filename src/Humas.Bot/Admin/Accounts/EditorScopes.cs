using System.Security.Claims;
using Humas.Bot.Delivery.Log;

namespace Humas.Bot.Admin.Accounts;

/// <summary>
/// Which institutions' per-recipient data a signed-in account may read. The one place tenancy plugs into the
/// dashboard: accounts carry no institution yet, so every account reads nationally; once they do, this returns
/// <see cref="DeliveryScope.Of"/> the account's institutions (and National for the national coordinator), and
/// every page and export that passes the scope on is limited with no other change.
/// </summary>
public static class EditorScopes
{
    public static DeliveryScope Of(ClaimsPrincipal user) => DeliveryScope.National;
}
