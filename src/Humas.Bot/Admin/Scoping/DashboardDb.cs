using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Admin.Scoping;

/// <summary>
/// The one place the dashboard's institution scope is applied. Every dashboard service (pages, exports, actions)
/// gets its contexts here: within a request of a signed-in account that serves some institutions, a context is
/// restricted to them (the query filters of each part's <see cref="Storage.Scoping.IInstitutionScopeRule"/>), so
/// nothing read through it can show another institution's rows and a request for one is answered 404, as for a row
/// that does not exist. National accounts, and work that is not a signed-in account's (background jobs, the CLI,
/// channel webhooks, the sign-in itself, which runs before the account is known), get unrestricted contexts.
/// A singleton: the scope is read from the current request at each call.
/// </summary>
public sealed class DashboardDb(IDbContextFactory<HumasDbContext> factory, IHttpContextAccessor http) : IDbContextFactory<HumasDbContext>
{
    /// <summary>The scope of the current call: the signed-in account's, or national outside a signed-in request.</summary>
    public DashboardScope Scope =>
        http.HttpContext?.User is { Identity: { IsAuthenticated: true, AuthenticationType: AdminAuth.Scheme } } user
            ? DashboardScope.From(user)
            : DashboardScope.National;

    public HumasDbContext CreateDbContext()
    {
        var scope = Scope;
        var db = factory.CreateDbContext();
        return scope.IsNational ? db : db.RestrictTo(scope.Institutions);
    }
}
