namespace Humas.Bot.Storage.Scoping;

/// <summary>
/// Implemented beside a part's entity mappings to say which of its rows a context restricted to some institutions
/// may see (<see cref="HumasDbContext.RestrictTo"/>). Every implementation in the assembly is applied to the
/// restricted model, and only there: an unrestricted context (every background job, the CLI, a national editor's
/// request) has no filter at all, so the hot paths pay nothing.
/// </summary>
public interface IInstitutionScopeRule
{
    void Apply(InstitutionScopeBuilder scope);
}
