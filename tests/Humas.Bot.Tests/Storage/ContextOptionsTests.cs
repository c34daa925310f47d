using Humas.Bot.Storage;
using Humas.Bot.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Humas.Bot.Tests.Storage;

/// <summary>The service's contexts start from its registered options as they are, so none pays for a changed copy.</summary>
public sealed class ContextOptionsTests
{
    [Fact]
    public async Task A_context_of_the_service_runs_on_the_registered_options_unchanged()
    {
        using var app = new HumasAppFactory();
        var registered = app.Services.GetRequiredService<DbContextOptions<HumasDbContext>>();
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<HumasDbContext>>().CreateDbContextAsync();

        Assert.Same(registered, db.GetService<IDbContextOptions>());
    }

    [Fact]
    public async Task Options_built_elsewhere_still_get_a_model_per_restriction()
    {
        using var database = new TestDatabase();
        await using var db = database.CreateDbContext();

        var replaced = db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()!.ReplacedServices!;
        Assert.Contains((typeof(IModelCacheKeyFactory), (Type?)null), replaced.Keys);
    }
}
