namespace Humas.Bot.Localization;

public static class LocalizationRegistration
{
    public static IHostApplicationBuilder AddLocalization(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ITexts, JsonTexts>();
        return builder;
    }
}
