using Humas.Bot.Host;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Institutions;

/// <summary>
/// One channel's part of each <c>Institutions:N</c> entry (<c>Institutions:N:WhatsApp:EditorsNumber</c>), read by
/// that channel's adapter alone: the core's institution list knows no channel, and each channel keeps only its
/// settings class and its generated validator. Registered by <see cref="InstitutionChannelRegistration.AddInstitutionChannelOptions{TSettings}"/>.
/// </summary>
public sealed class InstitutionChannelOptions<TSettings>
    where TSettings : class, new()
{
    /// <summary>Every <c>Institutions:N</c> element that sets a key of the channel's sub-section, in configuration order.</summary>
    public List<InstitutionChannelEntry<TSettings>> Entries { get; set; } = [];

    /// <summary>The institutions (with an id) that have settings of their own on the channel.</summary>
    public IEnumerable<(string Id, TSettings Settings)> Configured =>
        Entries.Where(e => e.Id.Length > 0).Select(e => (e.Id, e.Settings));

    /// <summary>Binds each <c>Institutions:N:<paramref name="channel"/></c> sub-section, in time linear in the keys.</summary>
    public static void Bind(InstitutionChannelOptions<TSettings> options, IConfiguration configuration, string channel) =>
        options.Entries = ConfigurationLists.BindMember<TSettings>(configuration, InstitutionsOptions.Section, channel)
            .Where(e => e.Value is not null)
            .Select(e => new InstitutionChannelEntry<TSettings>(ConfigurationKeys.Join(e.Path, channel), configuration[ConfigurationKeys.Join(e.Path, "Id")] ?? "", e.Value!))
            .ToList();

    /// <summary>
    /// Each entry's settings by the channel's generated validator, each failure named by its full key
    /// ("Institutions:1:WhatsApp:EditorsNumber: must be ..."). Hand-made: the generator takes no open generic type.
    /// </summary>
    internal sealed class Validator(IValidateOptions<TSettings> settings) : IValidateOptions<InstitutionChannelOptions<TSettings>>
    {
        public ValidateOptionsResult Validate(string? name, InstitutionChannelOptions<TSettings> options)
        {
            var failures = options.Entries
                .SelectMany(e => settings.Validate(name, e.Settings) is { Failed: true } result
                    ? result.Failures.Select(f => ConfigurationKeys.Failure(e.Key, f))
                    : [])
                .ToList();
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}

/// <summary>One institution's settings on one channel; <see cref="Key"/> is their section ("Institutions:1:WhatsApp").</summary>
public sealed record InstitutionChannelEntry<TSettings>(string Key, string Id, TSettings Settings);

public static class InstitutionChannelRegistration
{
    /// <summary>
    /// <c>IOptions&lt;InstitutionChannelOptions&lt;TSettings&gt;&gt;</c> bound from every
    /// <c>Institutions:N:<paramref name="channel"/></c> and checked at start by <paramref name="validator"/>.
    /// </summary>
    public static IServiceCollection AddInstitutionChannelOptions<TSettings>(
        this IServiceCollection services, string channel, IValidateOptions<TSettings> validator)
        where TSettings : class, new()
    {
        services.AddValidatedOptions<InstitutionChannelOptions<TSettings>>(
            "", new InstitutionChannelOptions<TSettings>.Validator(validator), (o, c) => InstitutionChannelOptions<TSettings>.Bind(o, c, channel));
        return services;
    }
}
