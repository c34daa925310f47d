namespace Humas.Bot.Institutions;

/// <summary>Who owns an institution's name and hosts: <c>Institutions</c> in configuration, or a national admin in the dashboard.</summary>
public enum InstitutionOrigin
{
    /// <summary>Seeded from configuration and brought in line with it at every start.</summary>
    Configuration,

    /// <summary>Added or edited in the dashboard: configuration no longer changes it (docs/ADMIN.md, "Institutions").</summary>
    Dashboard,
}

/// <summary>
/// A ministry, agency or regional government (K/L/D) whose Humas office publishes news (e.g. "setneg"): the
/// tenant that its editors, sources, keys, tips and reports belong to.
/// </summary>
public sealed class Institution
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public DateTime CreatedAt { get; set; }

    // Declared after the first columns because the migration adds them last.

    /// <summary>Hidden from readers' menus and refused by the publish API; its sources are not polled. Nothing is deleted.</summary>
    public bool Disabled { get; set; }
    public InstitutionOrigin Origin { get; set; }
    public DateTime? UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
}

/// <summary>A web host of an institution (lower case, without "www."): an article whose link is on it belongs to it.</summary>
public sealed class InstitutionHost
{
    public required string Host { get; set; }
    public required string InstitutionId { get; set; }

    /// <summary>The form every host is stored and looked up in.</summary>
    public static string Normalize(string host)
    {
        var bare = host.Trim().TrimEnd('.').ToLowerInvariant();
        return bare.StartsWith("www.", StringComparison.Ordinal) ? bare[4..] : bare;
    }
}
