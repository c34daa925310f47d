using Humas.Bot.Delivery;
using Humas.Bot.Delivery.Messages;
using Humas.Bot.Feedback;
using Humas.Bot.Host;
using Humas.Bot.Links;
using Humas.Bot.Storage;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tests.Support;

namespace Humas.Bot.Tests.Host;

/// <summary>Program.cs says where registration order matters; where it says it does not, both orders give the same services.</summary>
public sealed class RegistrationOrderTests
{
    [Fact]
    public void Feedback_and_links_override_deliverys_defaults_whether_they_are_added_before_or_after_it()
    {
        var deliveryFirst = Build(b => { b.AddDelivery(); b.AddFeedback(); b.AddLinks(); });
        var deliveryLast = Build(b => { b.AddFeedback(); b.AddLinks(); b.AddDelivery(); });

        foreach (var services in new[] { deliveryFirst, deliveryLast })
        {
            var counts = Assert.Single(services, d => d.ServiceType == typeof(IReactionCountSource));
            var links = Assert.Single(services, d => d.ServiceType == typeof(IArticleLinks));
            // The parts' own implementations are registered as factories over their singletons; the defaults are types.
            Assert.Null(counts.ImplementationType);
            Assert.NotNull(counts.ImplementationFactory);
            Assert.Null(links.ImplementationType);
            Assert.NotNull(links.ImplementationFactory);
        }
    }

    [Fact]
    public void The_start_up_steps_the_command_line_runs_are_the_hosts_own_in_its_order_migrations_first()
    {
        using var app = new HumasAppFactory();
        var hosted = app.Services.GetServices<IHostedService>().OfType<StartingPhaseService>().ToList();
        var steps = app.Services.GetServices<StartingPhaseService>().ToList();

        Assert.Equal(
            [typeof(DatabaseMigrator), typeof(Humas.Bot.Institutions.InstitutionCatalog), typeof(Humas.Bot.Ingestion.Sources.SourceCatalog)],
            steps.Select(s => s.GetType()));
        Assert.Equal(hosted.Count, steps.Count);
        Assert.All(hosted.Zip(steps), pair => Assert.Same(pair.First, pair.Second));
    }

    private static IServiceCollection Build(Action<HostApplicationBuilder> parts)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.AddStorage();
        builder.AddSubscriptions();
        parts(builder);
        return builder.Services;
    }
}
