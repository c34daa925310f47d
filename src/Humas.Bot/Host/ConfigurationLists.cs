using System.Collections;
using System.Reflection;

namespace Humas.Bot.Host;

/// <summary>
/// Binds a long list of objects from configuration (10,000 configured <c>Sources</c>) in time linear in the
/// number of keys. <see cref="ConfigurationBinder"/> asks <c>GetChildren()</c> of every element and of every
/// unset property, and each of those calls scans and sorts every key of every provider,
/// so binding N elements costs O(N²): 85-130 s for 10,000 sources on a 2-core machine. Here the list
/// itself is enumerated once; each element's keys are then found by direct look-ups guided by the element
/// type's properties, copied into a configuration of their own, and bound there by the framework binder,
/// which keeps its conversions and its "Failed to convert configuration value at 'Sources:3:PollSeconds'"
/// errors (with the full key, since the copied keys keep their paths).
/// <para>
/// Two differences from binding the list directly, both deliberate: an element whose value does not convert
/// stops the start with that error instead of being dropped silently (the framework binder swallows
/// element errors), and a list inside an element (an institution's <c>Hosts</c>) is read from index 0 up to
/// the first missing index, as JSON arrays and ordered environment variables always are.
/// </para>
/// </summary>
public static class ConfigurationLists
{
    private const int MaxDepth = 8;

    /// <summary>The elements of the list at <paramref name="key"/>, in the framework binder's order.</summary>
    public static List<T> Bind<T>(IConfiguration configuration, string key)
        where T : class, new()
    {
        var items = new List<T>();
        // The one GetChildren over the whole configuration; everything below is direct look-ups.
        foreach (var element in configuration.GetSection(key).GetChildren())
        {
            var keys = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            Collect(element, typeof(T), keys, depth: 0);
            var item = new T();
            new ConfigurationBuilder().AddInMemoryCollection(keys).Build().GetSection(element.Path).Bind(item);
            items.Add(item);
        }

        return items;
    }

    /// <summary>
    /// The <paramref name="member"/> sub-section of each element of the list at <paramref name="key"/> (an
    /// institution's <c>Institutions:N:WhatsApp</c>), in the framework binder's order, with the element's path;
    /// null where the element sets no key of <typeparamref name="T"/>. Linear like <see cref="Bind{T}"/>.
    /// </summary>
    public static List<(string Path, T? Value)> BindMember<T>(IConfiguration configuration, string key, string member)
        where T : class, new()
    {
        var items = new List<(string, T?)>();
        foreach (var element in configuration.GetSection(key).GetChildren())
        {
            var section = element.GetSection(member);
            var keys = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            Collect(section, typeof(T), keys, depth: 0);
            T? value = null;
            if (keys.Count > 0)
            {
                value = new T();
                new ConfigurationBuilder().AddInMemoryCollection(keys).Build().GetSection(section.Path).Bind(value);
            }

            items.Add((element.Path, value));
        }

        return items;
    }

    /// <summary>Copies every key under <paramref name="section"/> that a property of <paramref name="type"/> would bind.</summary>
    private static void Collect(IConfigurationSection section, Type type, Dictionary<string, string?> keys, int depth)
    {
        if (depth > MaxDepth)
        {
            return;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!property.CanRead || property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            var child = section.GetSection(property.Name);
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (IsScalar(propertyType))
            {
                if (property.CanWrite && child.Value is { } value)
                {
                    keys[child.Path] = value;
                }
            }
            else if (ListElementType(propertyType) is { } elementType)
            {
                CollectList(child, elementType, keys, depth);
            }
            else if (typeof(IEnumerable).IsAssignableFrom(propertyType))
            {
                // A shape this class does not guide (a dictionary): every key under it, the framework's slow way.
                CollectAll(child, keys);
            }
            else if (propertyType.IsClass)
            {
                Collect(child, propertyType, keys, depth + 1);
            }
        }
    }

    private static void CollectList(IConfigurationSection list, Type elementType, Dictionary<string, string?> keys, int depth)
    {
        for (var index = 0; ; index++)
        {
            var element = list.GetSection(index.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var before = keys.Count;
            if (IsScalar(Nullable.GetUnderlyingType(elementType) ?? elementType))
            {
                if (element.Value is { } value)
                {
                    keys[element.Path] = value;
                }
            }
            else
            {
                Collect(element, elementType, keys, depth + 1);
            }

            if (keys.Count == before)
            {
                return;
            }
        }
    }

    private static void CollectAll(IConfigurationSection section, Dictionary<string, string?> keys)
    {
        foreach (var (key, value) in section.AsEnumerable())
        {
            if (value is not null)
            {
                keys[key] = value;
            }
        }
    }

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(DateTime)
        || type == typeof(DateTimeOffset) || type == typeof(TimeSpan) || type == typeof(Guid) || type == typeof(Uri);

    private static Type? ListElementType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        if (type.IsGenericType && type.GetGenericArguments() is [var element]
            && typeof(IEnumerable<>).MakeGenericType(element).IsAssignableFrom(type))
        {
            return element;
        }

        return null;
    }
}
