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

public static class StartingPhaseRegistration
{
    /// <summary>
    /// Registers <typeparamref name="T"/> once, both as a hosted service (the host runs its step before starting
    /// anything) and as a <see cref="StartingPhaseService"/>, the list the CLI runs in the same registration order.
    /// </summary>
    public static IServiceCollection AddStartingPhase<T>(this IServiceCollection services)
        where T : StartingPhaseService
    {
        services.AddSingleton<T>();
        services.AddSingleton<StartingPhaseService>(sp => sp.GetRequiredService<T>());
        services.AddHostedService(sp => sp.GetRequiredService<T>());
        return services;
    }
}
