using Microsoft.Extensions.Options;

namespace Humas.Bot.Host;

public static class OptionsValidation
{
    /// <summary>
    /// Binds <typeparamref name="T"/> to <paramref name="section"/> (empty for the root) and validates it at start
    /// with <paramref name="validator"/>, a source-generated <c>[OptionsValidator]</c> for <typeparamref name="T"/>,
    /// reporting each failure by its full configuration key ("Ingestion:MaxBytes: ...") so an operator knows
    /// exactly what to fix. Nested objects and list elements are validated by the type that holds them (see
    /// <see cref="NestedOptions"/>), which names them by their keys ("Sources:0:Url: ...").
    /// </summary>
    /// <param name="bind">Binds the root instead of <see cref="ConfigurationBinder"/> (only with an empty <paramref name="section"/>).</param>
    public static OptionsBuilder<T> AddValidatedOptions<T>(
        this IServiceCollection services, string section, IValidateOptions<T> validator, Action<T, IConfiguration>? bind = null)
        where T : class
    {
        services.AddSingleton<IValidateOptions<T>>(new KeyedValidator<T>(section, validator));
        return services.BindSection(section, bind).ValidateOnStart();
    }

    /// <summary>
    /// Options with nothing to check (the generator refuses a type without a rule): still bound at start, so a value
    /// that does not convert ("Demo:Enabled": "maybe") stops the service there, not at its first use.
    /// </summary>
    public static OptionsBuilder<T> AddBoundOptions<T>(this IServiceCollection services, string section)
        where T : class =>
        services.BindSection<T>(section, bind: null).ValidateOnStart();

    private static OptionsBuilder<T> BindSection<T>(this IServiceCollection services, string section, Action<T, IConfiguration>? bind)
        where T : class
    {
        var builder = services.AddOptions<T>();
        return section.Length == 0
            ? builder.Configure<IConfiguration>(bind ?? ((options, configuration) => configuration.Bind(options)))
            : builder.BindConfiguration(section);
    }

    /// <summary>
    /// The generated validator names a failure by the member alone ("MaxBytes: ..."); this puts the section in front.
    /// Hand-made because the generator knows no configuration keys: for a nested member it only names the C# path
    /// ("SourcesOptions.Sources[0].Url"), and only inside its default messages.
    /// </summary>
    private sealed class KeyedValidator<T>(string section, IValidateOptions<T> inner) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var result = inner.Validate(name, options);
            return result.Failed
                ? ValidateOptionsResult.Fail(result.Failures.Select(f => ConfigurationKeys.Failure(section, f)))
                : result;
        }
    }
}
