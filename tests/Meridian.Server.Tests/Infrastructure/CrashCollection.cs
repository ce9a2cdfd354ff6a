namespace Meridian.Server.Tests.Infrastructure;

/// <summary>
/// The crash tests, which start child Servers over and over with start-up deadlines: they run one at a
/// time and after every parallel collection, because cold starts beside every other collection's hosts
/// starve on a small machine and miss their deadline for reasons that have nothing to do with crashes.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CrashCollection
{
    public const string Name = "crash";
}
