using Meridian.Payments.Contracts;
using Meridian.Payments.Data;
using Meridian.Payments.Features.AdminPayments;
using Meridian.Payments.Features.Recovery;
using Meridian.Payments.Orchestration;
using Meridian.Payments.Providers.Test;
using Meridian.SharedKernel.Data;
using Meridian.SharedKernel.Modules;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Meridian.Payments;

/// <summary>
/// Payment orchestration behind a provider seam: Checkout authorizes through <see cref="IPayments"/>,
/// Orders captures, voids and refunds; <see cref="IPaymentRecovery"/> settles what a timeout left
/// half-done. Ships the built-in <c>test</c> provider (see <see cref="TestTokens"/>).
/// </summary>
public sealed class PaymentsModule : IModule
{
    private bool _testProvider = true;

    /// <inheritdoc />
    public string Name => "payments";

    /// <inheritdoc />
    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDatabase<PaymentsDbContext, PaymentsPostgresDbContext>(configuration, Name);
        var options = services.AddPaymentsCore(configuration);
        _testProvider = options.TestProviderEnabled;
        if (options.Recovery.Enabled)
        {
            services.AddHostedService<PaymentRecoveryJob>();
        }
    }

    /// <inheritdoc />
    public void MapEndpoints(IEndpointRouteBuilder api) => api.MapGroup("/admin/payments").MapPaymentAdmin(_testProvider);
}

/// <summary>The module's services without the database and the timer: what the unit tests host.</summary>
internal static class PaymentsServices
{
    public static PaymentsOptions AddPaymentsCore(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(PaymentsOptions.Section);
        services.Configure<PaymentsOptions>(section);
        var options = section.Get<PaymentsOptions>() ?? new PaymentsOptions();
        services.TryAddSingleton(TimeProvider.System);
        services.AddResilienceEnricher();
        services.AddSingleton<ProviderPipelines>();
        services.AddSingleton<PaymentOrchestrator>();
        services.AddSingleton<IPayments>(provider => provider.GetRequiredService<PaymentOrchestrator>());
        services.AddSingleton<IPaymentRecovery>(provider => provider.GetRequiredService<PaymentOrchestrator>());
        if (options.TestProviderEnabled)
        {
            services.AddSingleton<TestPaymentProvider>();
            services.AddSingleton<IPaymentProvider>(provider => provider.GetRequiredService<TestPaymentProvider>());
        }
        return options;
    }
}
