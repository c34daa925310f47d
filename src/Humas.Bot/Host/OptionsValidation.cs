using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Host;

public static class OptionsValidation
{
    /// <summary>
    /// Binds <typeparamref name="T"/> to <paramref name="section"/> (empty for the root) and validates it at
    /// start with DataAnnotations and <see cref="IValidatableObject"/>, reporting each failure by its full
    /// configuration key ("Sources:0:Url: ...") so an operator knows exactly what to fix.
    /// </summary>
    /// <param name="bind">Binds the root instead of <see cref="ConfigurationBinder"/> (only with an empty <paramref name="section"/>).</param>
    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, string section, Action<T, IConfiguration>? bind = null)
        where T : class
    {
        services.AddSingleton<IValidateOptions<T>>(new KeyedDataAnnotationsValidator<T>(section));
        var builder = services.AddOptions<T>();
        builder = section.Length == 0
            ? builder.Configure<IConfiguration>(bind ?? ((options, configuration) => configuration.Bind(options)))
            : builder.BindConfiguration(section);
        return builder.ValidateOnStart();
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
                    var key = Join(prefix, member);
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
                            Collect(item, Join(Join(prefix, property.Name), index.ToString(System.Globalization.CultureInfo.InvariantCulture)), failures, depth + 1);
                        }

                        index++;
                    }
                }
                else if (child is not null)
                {
                    Collect(child, Join(prefix, property.Name), failures, depth + 1);
                }
            }
        }

        private static bool IsNested(Type type) =>
            type.IsClass && type != typeof(string) && type.Namespace?.StartsWith("Humas", StringComparison.Ordinal) == true
            || (typeof(IEnumerable).IsAssignableFrom(type) && type != typeof(string) && type.IsGenericType
                && type.GetGenericArguments()[0].Namespace?.StartsWith("Humas", StringComparison.Ordinal) == true);

        private static string Join(string prefix, string member) =>
            prefix.Length == 0 ? member : member.Length == 0 ? prefix : $"{prefix}:{member}";
    }
}
