using Meridian.SharedKernel.Modules;

using Microsoft.Extensions.Options;

namespace Meridian.Customers.Auth;

internal sealed record HomeRegion(string Region, string Jurisdiction);

/// <summary>
/// Chooses a new customer's home region, where their resident data will live for good. The seam the
/// gateway issue will fill: multi-region routing (by country, by the region that took the request,
/// by the customer's choice) comes with the gateway; until then the region is this Server's.
/// </summary>
internal interface IHomeRegionPolicy
{
    HomeRegion Choose(string? country);
}

/// <summary>The single-region default: every customer lives where they registered.</summary>
internal sealed class ThisServersRegion(IOptions<ServerOptions> options) : IHomeRegionPolicy
{
    public HomeRegion Choose(string? country) => new(options.Value.Region, options.Value.Jurisdiction);
}
