using Humas.Bot.Host;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Institutions;

public static class InstitutionsRegistration
{
    /// <summary>
    /// Institutions (tenants) in the database: seeded from <c>Institutions</c> at start, the directory readers'
    /// menus and the dashboard search, the host map ingestion attributes articles with, the editors' chats the
    /// channels read (each channel registers its <see cref="IInstitutionChatFields"/>), the dashboard's editor.
    /// </summary>
    public static IHostApplicationBuilder AddInstitutions(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions("", new InstitutionsOptionsValidator(), InstitutionsOptions.Bind);
        services.AddSingleton<IValidateOptions<InstitutionsOptions>, InstitutionsOptions.Consistency>();
        services.AddSingleton<InstitutionHostMap>();
        services.AddSingleton<InstitutionChatMap>();
        services.AddSingleton<InstitutionDirectory>();
        services.AddStartingPhase<InstitutionCatalog>();
        services.AddHostedService<InstitutionHostRefresher>();
        services.AddSingleton<InstitutionEditor>();
        services.AddSingleton<InstitutionChatMoves>();
        return builder;
    }
}
