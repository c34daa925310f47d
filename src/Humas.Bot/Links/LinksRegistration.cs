using Humas.Bot.Delivery.Messages;
using Humas.Bot.Host;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Humas.Bot.Links;

public static class LinksRegistration
{
    /// <summary>
    /// Counted links: <c>PublicUrl</c> (with <c>Telegram:PublicUrl</c> as its fallback), the short link per article and
    /// channel that every reader-facing "Baca selengkapnya" uses (Delivery's <see cref="IArticleLinks"/>), and the
    /// click counter. Without a public address links go straight to the articles.
    /// </summary>
    public static IHostApplicationBuilder AddLinks(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions("", new PublicUrlOptionsValidator())
            .PostConfigure<IConfiguration>((o, configuration) =>
            {
                if (string.IsNullOrWhiteSpace(o.PublicUrl))
                {
                    o.PublicUrl = configuration["Telegram:PublicUrl"];
                }
            });
        services.AddSingleton<ArticleLinks>();
        // Replaces Delivery's direct links whichever part is registered first.
        services.Replace(ServiceDescriptor.Singleton<IArticleLinks>(sp => sp.GetRequiredService<ArticleLinks>()));
        services.AddSingleton<ClickCounter>();
        services.AddHostedService<ClickFlushService>();
        return builder;
    }

    /// <summary><c>GET|HEAD /r/{token}</c>.</summary>
    public static WebApplication MapLinks(this WebApplication app)
    {
        app.MapClickEndpoints();
        return app;
    }
}
