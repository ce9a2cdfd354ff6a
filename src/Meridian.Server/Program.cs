using Meridian.Carts;
using Meridian.Catalog;
using Meridian.Channels;
using Meridian.Checkout;
using Meridian.Customers;
using Meridian.Events;
using Meridian.Idempotency;
using Meridian.Inventory;
using Meridian.Marketplace;
using Meridian.Orders;
using Meridian.Payments;
using Meridian.Pricing;
using Meridian.Server.Hosting;
using Meridian.SharedKernel.Modules;
using Meridian.Webhooks;

IModule[] modules =
[
    new ChannelsModule(),
    new IdempotencyModule(),
    new EventsModule(),
    new CatalogModule(),
    new InventoryModule(),
    new CustomersModule(),
    new PricingModule(),
    new CartsModule(),
    new PaymentsModule(),
    new OrdersModule(),
    new CheckoutModule(),
    new MarketplaceModule(),
    new WebhooksModule(),
];

var builder = WebApplication.CreateBuilder(args);
builder.AddMeridian(modules);

var app = builder.Build();
app.UseMeridian(modules);

if (args.Contains("migrate"))
{
    await app.MigrateAsync();
    return;
}

await app.RunAsync();

/// <summary>The entry point, visible to the HTTP tests' host factory.</summary>
public partial class Program;
