using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Humas.Bot.Conversations.Commands;

public static class CommandRegistration
{
    /// <summary>
    /// The one way in (<see cref="Inbound.InboundRouter"/>) and the channel-neutral command handling it routes to;
    /// scoped so tip services of any lifetime can be used. Every chat channel calls this.
    /// </summary>
    public static IServiceCollection AddChatCommands(this IServiceCollection services)
    {
        // TryAdd: every chat channel calls this, the first registration wins.
        services.TryAddScoped<Inbound.InboundRouter>();
        services.TryAddScoped<Inbound.VotePresses>();
        services.TryAddSingleton<Inbound.VoteTexts>();
        // One per process: it remembers which presses it answered on arrival until the inbox counts them.
        services.TryAddSingleton<Inbound.PressArrivals>();
        services.TryAddSingleton<Inbound.IInboundArrivals>(sp => sp.GetRequiredService<Inbound.PressArrivals>());
        services.TryAddScoped<CommandService>();
        services.TryAddScoped<SettingsMenu>();
        services.TryAddSingleton<Institutions.InstitutionPicker>();
        services.TryAddScoped<InstitutionMenu>();
        services.TryAddScoped<FindCommands>();
        services.TryAddScoped<FollowMenu>();
        // Search has no endpoints of its own; the commands are its only users.
        services.TryAddSingleton<Search.ArticleSearch>();
        return services;
    }
}
