using Humas.Bot.Host;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Institutions;

/// <summary>
/// The check a channel's <c>Institutions:N:Channel</c> entries share across entries, whatever the channel: each
/// entry's credential (a bot token, a number id) serves one institution, differs from the national one, and comes
/// with its institution's id, and, where the channel says so (<see cref="Rules{TSettings}.NeedsNational"/>), only beside
/// the national section. The channel names the credential and words the failures; what else an entry with a
/// credential needs (or one without it must not have) it adds through <see cref="Rules{TSettings}.Also"/> and
/// <see cref="Rules{TSettings}.Without"/>.
/// </summary>
public static class InstitutionCredentials
{
    /// <summary>How one channel's entries are checked.</summary>
    public sealed class Rules<TSettings>
        where TSettings : class, new()
    {
        /// <summary>The entry's credential, null or empty when it has none.</summary>
        public required Func<TSettings, string?> Credential { get; init; }

        /// <summary>The credential's member name under the entry's section ("Token").</summary>
        public required string CredentialMember { get; init; }

        /// <summary>The national credential's key ("Telegram:Token").</summary>
        public required string NationalKey { get; init; }

        /// <summary>The national credential; null while the channel's national section is off.</summary>
        public string? National { get; init; }

        /// <summary>
        /// Set when an entry's credential cannot work without the national section (it lends the entry what the
        /// entry does not carry, a webhook or signing keys): what the national credential is ("the national app") and
        /// why it is needed. Null: an entry stands alone, as a Telegram bot does.
        /// </summary>
        public (string Called, string Because)? NeedsNational { get; init; }

        /// <summary>The failure of a credential already used, given the key that used it first.</summary>
        public required Func<string, string> Duplicate { get; init; }

        /// <summary>The failure of a credential whose entry has no institution id.</summary>
        public required string NeedsId { get; init; }

        /// <summary>Further failures of an entry with a credential.</summary>
        public Func<InstitutionChannelEntry<TSettings>, IEnumerable<string>> Also { get; init; } = _ => [];

        /// <summary>Failures of an entry without a credential (none by default: such an entry is skipped).</summary>
        public Func<InstitutionChannelEntry<TSettings>, IEnumerable<string>> Without { get; init; } = _ => [];
    }

    /// <summary>Every failure of <paramref name="options"/> under <paramref name="rules"/>, in configuration order.</summary>
    public static ValidateOptionsResult Validate<TSettings>(InstitutionChannelOptions<TSettings> options, Rules<TSettings> rules)
        where TSettings : class, new()
    {
        var failures = new List<string>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        if (rules.National is { } national)
        {
            seen[national] = rules.NationalKey;
        }

        foreach (var entry in options.Entries)
        {
            var credential = rules.Credential(entry.Settings);
            if (string.IsNullOrEmpty(credential))
            {
                failures.AddRange(rules.Without(entry));
                continue;
            }

            var key = ConfigurationKeys.Join(entry.Key, rules.CredentialMember);
            if (seen.TryGetValue(credential, out var first))
            {
                failures.Add(ConfigurationKeys.Failure(key, rules.Duplicate(first)));
            }
            else
            {
                seen[credential] = key;
            }

            if (entry.Id.Length == 0)
            {
                failures.Add(ConfigurationKeys.Failure(key, rules.NeedsId));
            }

            if (rules.National is null && rules.NeedsNational is { } needs)
            {
                failures.Add(ConfigurationKeys.Failure(key, $"needs {rules.NationalKey} ({needs.Called}) too: {needs.Because}"));
            }

            failures.AddRange(rules.Also(entry));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
