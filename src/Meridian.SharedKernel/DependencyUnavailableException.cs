namespace Meridian.SharedKernel;

/// <summary>
/// A dependency of the Server (Redis, the event broker) cannot be reached right now. The API answers 503 with
/// <c>Retry-After</c>, as for an unreachable database: it is the server's trouble, and a retry shortly will do.
/// </summary>
public sealed class DependencyUnavailableException : Exception
{
    /// <summary>Creates the error for <paramref name="dependency"/> (a name, never a connection string).</summary>
    public DependencyUnavailableException(string dependency, Exception innerException)
        : base($"{dependency} is unavailable.", innerException) => Dependency = dependency;

    /// <summary>Creates the error.</summary>
    public DependencyUnavailableException()
        : base("A dependency is unavailable.") => Dependency = "dependency";

    /// <summary>Creates the error with a message.</summary>
    public DependencyUnavailableException(string message)
        : base(message) => Dependency = "dependency";

    /// <summary>Which dependency: <c>redis</c>, <c>nats</c>.</summary>
    public string Dependency { get; }
}
