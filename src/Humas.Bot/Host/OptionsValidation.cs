using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
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

    /// <summary>
    /// The same with the reflection walker below, for the options that have not moved to a generated validator yet:
    /// Delivery, the channels (Telegram, Teams, Web) and Tips, whose registrations the channel-seam work rewrites.
    /// </summary>
    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, string section, Action<T, IConfiguration>? bind = null)
        where T : class
    {
        services.AddSingleton<IValidateOptions<T>>(new KeyedDataAnnotationsValidator<T>(section));
        return services.BindSection(section, bind).ValidateOnStart();
    }

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

    private sealed class KeyedDataAnnotationsValidator<T>(string section) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var failures = new List<string>();
            Collect(options, section, failures, depth: 0);
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }

        private static void Collect(object value, string prefix, List<string> failures, int depth)
        {
            if (depth > 8)
            {
                return;
            }

            var results = new List<ValidationResult>();
            Validator.TryValidateObject(value, new ValidationContext(value), results, validateAllProperties: true);
            foreach (var result in results)
            {
                var members = result.MemberNames.DefaultIfEmpty("");
                foreach (var member in members)
                {
                    var key = ConfigurationKeys.Join(prefix, member);
                    failures.Add(key.Length == 0 ? result.ErrorMessage ?? "invalid" : $"{key}: {result.ErrorMessage}");
                }
            }

            foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.GetIndexParameters().Length > 0 || !IsNested(property.PropertyType))
                {
                    continue;
                }

                var child = property.GetValue(value);
                if (child is IEnumerable items and not string)
                {
                    var index = 0;
                    foreach (var item in items)
                    {
                        if (item is not null && IsNested(item.GetType()))
                        {
                            Collect(item, ConfigurationKeys.Join(ConfigurationKeys.Join(prefix, property.Name), index.ToString(System.Globalization.CultureInfo.InvariantCulture)), failures, depth + 1);
                        }

                        index++;
                    }
                }
                else if (child is not null)
                {
                    Collect(child, ConfigurationKeys.Join(prefix, property.Name), failures, depth + 1);
                }
            }
        }

        private static bool IsNested(Type type) =>
            type.IsClass && type != typeof(string) && type.Namespace?.StartsWith("Humas", StringComparison.Ordinal) == true
            || (typeof(IEnumerable).IsAssignableFrom(type) && type != typeof(string) && type.IsGenericType
                && type.GetGenericArguments()[0].Namespace?.StartsWith("Humas", StringComparison.Ordinal) == true);
    }
}
