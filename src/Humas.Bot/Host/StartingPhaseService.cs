namespace Humas.Bot.Host;

/// <summary>
/// Work that must finish before any hosted service starts (migrations, syncing configured sources).
/// The host runs every <see cref="IHostedLifecycleService.StartingAsync"/> in registration order before
/// the first StartAsync; the CLI runs the same steps without starting the service.
/// </summary>
public abstract class StartingPhaseService : IHostedLifecycleService
{
    public abstract Task StartingAsync(CancellationToken cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
