using System.CommandLine;

namespace Humas.Bot.Cli;

/// <summary>
/// A verb of the operator CLI (<c>sources</c>, <c>articles</c>, ...). Each part registers its own verbs,
/// which run on the same wiring as the service (configuration, database, readers) without starting it.
/// </summary>
public interface ICliCommand
{
    Command Build();
}
