using Humas.Bot.Admin.Sources;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Institutions;

namespace Humas.Bot.Admin.Pages.Sources;

/// <summary>What the shared source fields partial needs: the values, field errors, the institutions.</summary>
public sealed record SourceFormView(SourceForm Form, IReadOnlyDictionary<string, string> Errors, IReadOnlyList<Institution> Institutions, bool IncludeId);
