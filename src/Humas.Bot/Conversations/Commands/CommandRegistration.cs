using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Humas.Bot.Conversations.Commands;

public static class CommandRegistration
{
    /// <summary>Channel-neutral command handling; scoped so tip services of any lifetime can be resolved.</summary>
    public static IServiceCollection AddChatCommands(this IServiceCollection services)
    {
        // TryAdd: every chat channel calls this, the first registration wins.
        services.TryAddScoped<CommandService>();
        services.TryAddScoped<SettingsMenu>();
        services.TryAddScoped<InstitutionMenu>();
        services.TryAddScoped<FindCommands>();
        // Search has no endpoints of its own; the commands are its only users.
        services.TryAddSingleton<Search.ArticleSearch>();
        return services;
    }
}
