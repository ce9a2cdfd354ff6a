using Meridian.Server.Tests.Infrastructure;

namespace Meridian.Server.Tests.Architecture;

/// <summary>
/// The hot queries find their rows through an index on whichever engine runs them, read from the engine's own
/// plan. On PostgreSQL sequential scans are switched off for the check, so a small test table cannot hide a
/// missing index behind a cheap scan: a plan that still scans the table has no index to use. On SQLite the plan
/// must name an index (or the row id) for the table. <c>{now}</c> stands for the current time as each engine stores it.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class QueryPlanTests(MeridianApp app)
{
    public static TheoryData<string, string, string> HotQueries() => new()
    {
        // Every request: the API key, then the customer's token.
        { "API key", "channels_api_keys", """SELECT "Id" FROM channels_api_keys WHERE "Hash" = 'x'""" },
        { "sign-in", "customers_customers", """SELECT "Id" FROM customers_customers WHERE "Email" = 'ada@example.com'""" },
        { "refresh token", "customers_refresh_tokens", """SELECT "Id" FROM customers_refresh_tokens WHERE "Hash" = 'x'""" },
        // Search and product detail: the read model's refresh and the detail by handle.
        { "product by handle", "catalog_products", """SELECT "Id" FROM catalog_products WHERE "Handle" = 'alpaca-gilet'""" },
        { "variants of a product", "catalog_variants", """SELECT "Id" FROM catalog_variants WHERE "ProductId" = 'prod_x'""" },
        { "variant by SKU", "catalog_variants", """SELECT "Id" FROM catalog_variants WHERE "Sku" = 'SKU-1'""" },
        // Cart and checkout.
        { "cart", "carts_carts", """SELECT "Id" FROM carts_carts WHERE "Id" = 'cart_x'""" },
        { "idempotency record", "idempotency_records", """SELECT "Key" FROM idempotency_records WHERE "Scope" = 'sk_x' AND "Key" = 'k'""" },
        { "order by idempotency key", "orders_orders", """SELECT "Id" FROM orders_orders WHERE "IdempotencyScope" = 'pk_x' AND "IdempotencyKey" = 'k'""" },
        { "stock of a SKU", "inventory_stock_levels", """SELECT "LocationId" FROM inventory_stock_levels WHERE "Sku" = 'SKU-1' AND "OnHand" - "Reserved" > 0 ORDER BY "LocationId" """ },
        { "reservations of an order", "inventory_reservations", """SELECT "Sku" FROM inventory_reservations WHERE "OrderId" = 'ord_x'""" },
        { "promotion by code", "pricing_promotions", """SELECT "Id" FROM pricing_promotions WHERE "Code" = 'WELCOME10'""" },
        { "payments of an order", "payments_payments", """SELECT "Id" FROM payments_payments WHERE "OrderId" = 'ord_x'""" },
        // Order history, newest first, one page.
        { "order history", "orders_orders", """SELECT "Id" FROM orders_orders WHERE "CustomerId" = 'cus_x' ORDER BY "Id" DESC LIMIT 21""" },
        { "order status history", "orders_history", """SELECT "Id" FROM orders_history WHERE "OrderId" = 'ord_x' ORDER BY "Id" """ },
        // Background work that runs every few hundred milliseconds on every region.
        { "pending orders for recovery", "orders_orders", """SELECT "Id" FROM orders_orders WHERE "Status" = 'Pending' ORDER BY "Id" LIMIT 50""" },
        { "unpublished events", "events_outbox", """SELECT "Position" FROM events_outbox WHERE "Sequence" IS NULL""" },
        { "event feed", "events_outbox", """SELECT "Position" FROM events_outbox WHERE "Sequence" > 41 ORDER BY "Sequence" LIMIT 100""" },
        { "due webhook deliveries", "webhooks_deliveries", """SELECT "Id" FROM webhooks_deliveries WHERE "Status" = 'pending' AND "NextAttemptAt" <= {now} ORDER BY "NextAttemptAt" LIMIT 50""" },
        { "expired carts", "carts_carts", """SELECT "Id" FROM carts_carts WHERE "ExpiresAt" < {now} LIMIT 100""" },
    };

    [Theory]
    [MemberData(nameof(HotQueries))]
    public void a_hot_query_reads_its_table_through_an_index(string path, string table, string sql)
    {
        using var db = app.OpenDatabase();
        List<string> plan;
        if (MeridianApp.OnPostgres)
        {
            Database.Execute(db, "SET enable_seqscan = off");
            plan = [.. Database.Query(db, "EXPLAIN " + sql.Replace("{now}", "now()", StringComparison.Ordinal)).Select(r => (string)r[0]!)];
            Assert.DoesNotContain(plan, line => line.Contains($"Seq Scan on {table}", StringComparison.Ordinal));
            Assert.Contains(plan, line => line.Contains("Index Cond", StringComparison.Ordinal) || line.Contains("Index Scan", StringComparison.Ordinal));
        }
        else
        {
            plan = [.. Database.Query(db, "EXPLAIN QUERY PLAN " + sql.Replace("{now}", "0", StringComparison.Ordinal)).Select(r => (string)r[3]!)];
            var reads = plan.Where(line => line.Contains($" {table}", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(reads);
            Assert.All(reads, line => Assert.Contains("USING", line, StringComparison.Ordinal));
        }
        TestContext.Current.SendDiagnosticMessage($"{path}: {string.Join(" | ", plan)}");
    }
}
