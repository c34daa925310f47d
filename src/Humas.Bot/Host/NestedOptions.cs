using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Host;

/// <summary>
/// Validation of objects inside options (a list's elements, a sub-section) with their own generated validators,
/// from the holder's <see cref="IValidatableObject.Validate"/>, each failure named by the key below the holder
/// ("Sources:0:Url"). The generator's own [ValidateEnumeratedItems]/[ValidateObjectMembers] would validate them
/// too, but its failures name only the member ("Url: ..."), not which element.
/// </summary>
public static class NestedOptions
{
    public static IEnumerable<ValidationResult> Each<T>(string member, IEnumerable<T?> items, IValidateOptions<T> validator)
        where T : class
    {
        var index = 0;
        foreach (var item in items)
        {
            var key = ConfigurationKeys.Join(member, index++);
            if (item is null)
            {
                yield return new ValidationResult("is empty", [key]);
                continue;
            }

            foreach (var result in One(key, item, validator))
            {
                yield return result;
            }
        }
    }

    public static IEnumerable<ValidationResult> One<T>(string member, T? value, IValidateOptions<T> validator)
        where T : class
    {
        if (value is null || validator.Validate(Options.DefaultName, value) is not { Failed: true } result)
        {
            yield break;
        }

        foreach (var failure in result.Failures)
        {
            // Split back into key and message, so the holder's validator adds its own prefix the same way.
            var keyed = ConfigurationKeys.Failure(member, failure);
            var colon = keyed.IndexOf(": ", member.Length, StringComparison.Ordinal);
            yield return new ValidationResult(keyed[(colon + 2)..], [keyed[..colon]]);
        }
    }
}
