using Meridian.SharedKernel.Modules;

namespace Meridian.Server.Hosting;

/// <summary>
/// Runs every module's initializer (migrations, then seeds, then read models) before the server
/// starts listening: <see cref="IHostedLifecycleService.StartingAsync"/> runs ahead of Kestrel, so no
/// request ever meets an unmigrated schema or an empty read model.
/// </summary>
internal sealed class ModuleInitialization(IEnumerable<IModuleInitializer> initializers) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        foreach (var initializer in initializers.OrderBy(i => i.Order))
        {
            await initializer.InitializeAsync(cancellationToken);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
