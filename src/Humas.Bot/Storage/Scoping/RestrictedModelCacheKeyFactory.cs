using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Humas.Bot.Storage.Scoping;

/// <summary>Two models per context type: without and with the institution filters (<see cref="IInstitutionScopeRule"/>).</summary>
internal sealed class RestrictedModelCacheKeyFactory : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) =>
        (context.GetType(), context is HumasDbContext { IsRestricted: true }, designTime);
}
