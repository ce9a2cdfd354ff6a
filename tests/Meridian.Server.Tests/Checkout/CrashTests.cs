using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Meridian.Payments.Contracts;
using Meridian.Server.Tests.Infrastructure;

namespace Meridian.Server.Tests.Checkout;

/// <summary>
/// The real Server as a child process, killed (SIGKILL) at seeded random moments while clients stream
/// checkouts and retry with the same Idempotency-Key; restarted on the same database; then recovery
/// settles what was left pending and the database must hold: one order per accepted checkout, one
/// charge per order at most and it matches the order's fate, and stock neither lost nor created.
/// </summary>
[Collection(CrashCollection.Name)]
public sealed class CrashTests
{
    private const int Seed = 20261125;
    private const int Clients = 5;
    private const int CheckoutsPerClient = 5;
    private const int KillCycles = 3;
    private const int MaxAttempts = 10;

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Outcome(string Key, int Status, string? OrderId, string Token, int Attempts = 1, string? Problem = null);

    [Fact]
    public async Task killing_the_server_during_checkouts_loses_no_order_charges_no_one_twice_and_keeps_stock_whole()
    {
        var random = new Random(Seed);
        await using var database = new MeridianApp();
        await database.PrepareAsync();
        await using var server = new ChildServer(database, demoProducts: 200);
        try
        {
            var clock = Stopwatch.StartNew();
            await server.StartAsync(Ct);
            TestContext.Current.TestOutputHelper?.WriteLine($"First start {clock.Elapsed}.");
            var skus = await PurchasableSkus(server, database, 12);
            var before = ReadStock(database, skus);

            // Each client's plan is drawn up front from the seed: which SKU, how many, which card.
            var plans = Enumerable.Range(0, Clients).Select(c => Enumerable.Range(0, CheckoutsPerClient).Select(i =>
            {
                var roll = random.Next(100);
                var token = roll < 85 ? TestTokens.Visa : TestTokens.DeclineCardDeclined;
                return (Sku: skus[random.Next(skus.Count)], Quantity: 1 + random.Next(2), Token: token, Key: $"crash-{Seed}-{c}-{i}");
            }).ToList()).ToList();
            var kills = Enumerable.Range(0, KillCycles).Select(_ => TimeSpan.FromMilliseconds(200 + random.Next(500))).ToList();

            var clients = plans.Select(plan => Task.Run(() => RunClient(server, plan), Ct)).ToList();
            foreach (var delay in kills)
            {
                // The moment of the kill is what the seed chooses; nothing waits on it.
                await Task.WhenAny(Task.WhenAll(clients), Task.Delay(delay, Ct));
                await server.KillAsync();
                await server.StartAsync(Ct);
            }
            TestContext.Current.TestOutputHelper?.WriteLine($"Kills done {clock.Elapsed}.");
            var outcomes = (await Task.WhenAll(clients)).SelectMany(o => o).ToList();
            TestContext.Current.TestOutputHelper?.WriteLine($"Clients done {clock.Elapsed}.");

            // Recovery: a restart with no grace period and a short interval settles every pending order.
            await server.KillAsync();
            server.Settings["Meridian:Checkout:PendingGracePeriod"] = "00:00:00.001";
            server.Settings["Meridian:Checkout:RecoveryInterval"] = "00:00:00.200";
            await server.StartAsync(Ct);
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (CountPending(database) > 0)
            {
                Assert.True(DateTime.UtcNow < deadline, $"Recovery left {CountPending(database)} orders pending (seed {Seed}).");
                await Task.Delay(100, Ct);
            }
            await server.KillAsync();
            TestContext.Current.TestOutputHelper?.WriteLine($"Recovery done {clock.Elapsed}.");

            Verify(database, outcomes, skus, before, server.Starts);
        }
        finally
        {
            await server.KillAsync();
        }
    }

    private static async Task<List<Outcome>> RunClient(ChildServer server, List<(string Sku, int Quantity, string Token, string Key)> plan)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        http.DefaultRequestHeaders.Add("X-Api-Key", MeridianApp.WebKey);
        var outcomes = new List<Outcome>();
        foreach (var step in plan)
        {
            var cartId = await ReadyCart(server, http, step.Sku, step.Quantity);
            if (cartId is null)
            {
                continue;
            }
            var body = JsonSerializer.Serialize(new { cartId, email = "crash@example.com", paymentToken = step.Token }, HttpAssertions.Json);
            Outcome? outcome = null;
            string? lastFailure = null;
            for (var attempt = 0; attempt < MaxAttempts && outcome is null; attempt++)
            {
                var up = await server.WhenUp();
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, up + "/v1/checkout") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                    request.Headers.Add("Idempotency-Key", step.Key);
                    using var response = await http.SendAsync(request);
                    var text = await response.Content.ReadAsStringAsync();
                    if ((int)response.StatusCode >= 500)
                    {
                        lastFailure = $"{(int)response.StatusCode} {ProblemType(text)}";
                        continue;
                    }
                    string? orderId = null, problem = null;
                    if (text.Length > 0 && text[0] == '{')
                    {
                        using var json = JsonDocument.Parse(text);
                        orderId = json.RootElement.TryGetProperty("id", out var id) && response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Accepted
                            ? id.GetString()
                            : json.RootElement.TryGetProperty("orderId", out var other) ? other.GetString() : null;
                        problem = json.RootElement.TryGetProperty("type", out var type) ? type.GetString() : null;
                    }
                    outcome = new Outcome(step.Key, (int)response.StatusCode, orderId, step.Token, attempt + 1, problem);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    // The server died under the request: retry the same key once it is back.
                    lastFailure = e.GetType().Name;
                }
            }
            outcomes.Add(outcome ?? new Outcome(step.Key, 0, null, step.Token, MaxAttempts, lastFailure));
        }
        return outcomes;
    }

    private static string? ProblemType(string text)
    {
        try
        {
            using var json = JsonDocument.Parse(text);
            return json.RootElement.TryGetProperty("type", out var type) ? type.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A cart with the item, an address and a method; when the server dies while it is made, a new cart once it is back.</summary>
    private static async Task<string?> ReadyCart(ChildServer server, HttpClient http, string sku, int quantity)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            try
            {
                return await TryReadyCart(await server.WhenUp(), http, sku, quantity);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                // The server died under the request: start over with a new cart once it is back.
            }
        }
        return null;
    }

    private static async Task<string?> TryReadyCart(string up, HttpClient http, string sku, int quantity)
    {
        using var cart = await http.PostAsJsonAsync(up + "/v1/carts", new { }, HttpAssertions.Json);
        if (cart.StatusCode != HttpStatusCode.Created)
        {
            return null;
        }
        var cartId = (await cart.Content.ReadFromJsonAsync<JsonElement>(HttpAssertions.Json)).GetProperty("id").GetString()!;
        var steps = new (HttpMethod Method, string Path, object Body)[]
        {
            (HttpMethod.Post, "/items", new { sku, quantity }),
            (HttpMethod.Put, "/shipping-address", new { country = "DE", postalCode = "10115", city = "Berlin", lines = new[] { "Unter den Linden 1" }, name = "Ada Lovelace" }),
            (HttpMethod.Put, "/shipping-method", new { code = "standard" }),
        };
        foreach (var (method, path, body) in steps)
        {
            using var request = new HttpRequestMessage(method, $"{up}/v1/carts/{cartId}{path}") { Content = JsonContent.Create(body, options: HttpAssertions.Json) };
            using var response = await http.SendAsync(request);
            if ((int)response.StatusCode >= 500)
            {
                throw new HttpRequestException($"The server answered {response.StatusCode}.");
            }
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return null;
            }
        }
        return cartId;
    }

    /// <summary>Demo SKUs with stock that a cart accepts.</summary>
    private async Task<List<string>> PurchasableSkus(ChildServer server, MeridianApp database, int count)
    {
        List<string> candidates;
        using (var db = database.OpenDatabase())
        {
            candidates = [.. Database.Query(db, """SELECT "Sku" FROM inventory_stock_levels GROUP BY "Sku" HAVING SUM("OnHand" - "Reserved") >= 50 ORDER BY "Sku" LIMIT 60""")
                .Select(r => (string)r[0]!)];
        }
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", MeridianApp.WebKey);
        var up = await server.WhenUp();
        var cart = await (await http.PostAsJsonAsync(up + "/v1/carts", new { }, HttpAssertions.Json, Ct)).Content.ReadFromJsonAsync<JsonElement>(HttpAssertions.Json, Ct);
        var chosen = new List<string>();
        foreach (var sku in candidates)
        {
            using var added = await http.PostAsJsonAsync($"{up}/v1/carts/{cart.GetProperty("id").GetString()}/items", new { sku, quantity = 1 }, HttpAssertions.Json, Ct);
            if (added.StatusCode == HttpStatusCode.OK)
            {
                chosen.Add(sku);
            }
            if (chosen.Count == count)
            {
                return chosen;
            }
        }
        throw new InvalidOperationException($"Only {chosen.Count} purchasable demo SKUs have enough stock.");
    }

    private static long CountPending(MeridianApp database)
    {
        using var db = database.OpenDatabase();
        return Database.Scalar(db, """SELECT COUNT(*) FROM orders_orders WHERE "Status" = 'Pending'""");
    }

    private static Dictionary<string, (long OnHand, long Reserved)> ReadStock(MeridianApp database, List<string> skus)
    {
        using var db = database.OpenDatabase();
        var list = string.Join(',', skus.Select(s => $"'{s.Replace("'", "''", StringComparison.Ordinal)}'"));
        return Database.Query(db, $"""SELECT "Sku", SUM("OnHand"), SUM("Reserved") FROM inventory_stock_levels WHERE "Sku" IN ({list}) GROUP BY "Sku" """)
            .ToDictionary(r => (string)r[0]!, r => (Number(r[1]), Number(r[2])));
    }

    private static long Number(object? value) => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);

    private static void Verify(MeridianApp database, List<Outcome> outcomes, List<string> skus, Dictionary<string, (long OnHand, long Reserved)> before, int starts)
    {
        var failures = new List<string>();
        using var db = database.OpenDatabase();
        var orders = Database.Query(db, """SELECT "Id", "Status", "PaymentStatus", "IdempotencyScope", "IdempotencyKey", "Lines", "PaymentId" FROM orders_orders""")
            .Select(r => (Id: (string)r[0]!, Status: (string)r[1]!, PaymentStatus: (string)r[2]!, Scope: r[3] as string, Key: r[4] as string, Lines: (string)r[5]!, PaymentId: r[6] as string))
            .ToList();
        var byId = orders.ToDictionary(o => o.Id);

        // (1) Every accepted checkout has exactly one order; no two orders share a key.
        foreach (var duplicate in orders.Where(o => o.Key is not null).GroupBy(o => (o.Scope, o.Key)).Where(g => g.Count() > 1))
        {
            failures.Add($"Key {duplicate.Key.Key} has {duplicate.Count()} orders: {string.Join(", ", duplicate.Select(o => o.Id))}.");
        }
        foreach (var accepted in outcomes.Where(o => o.Status is 201 or 202))
        {
            if (accepted.OrderId is null || !byId.TryGetValue(accepted.OrderId, out var order))
            {
                failures.Add($"Checkout {accepted.Key} was accepted ({accepted.Status}) as order {accepted.OrderId}, which does not exist.");
            }
            else if (order.Key != accepted.Key)
            {
                failures.Add($"Checkout {accepted.Key} was accepted as order {order.Id}, which carries key {order.Key}.");
            }
            else if (accepted.Status == 201 && order.Status != "Placed")
            {
                failures.Add($"Checkout {accepted.Key} was answered 201 but its order {order.Id} is {order.Status}.");
            }
        }
        var byKey = orders.Where(o => o.Key is not null).GroupBy(o => o.Key!).ToDictionary(g => g.Key, g => g.First());
        foreach (var refused in outcomes.Where(o => (o.Status is >= 400 and not 402 or 0) && byKey.ContainsKey(o.Key)))
        {
            var order = byKey[refused.Key];
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"Refused {refused.Key} ({refused.Status} {refused.Problem}, attempt {refused.Attempts}, {refused.Token}) has order {order.Id} {order.Status}/{order.PaymentStatus}.");
        }
        foreach (var declined in outcomes.Where(o => o.Status == 402))
        {
            if (declined.OrderId is null || !byId.TryGetValue(declined.OrderId, out var order) || order.Status != "Cancelled")
            {
                failures.Add($"Checkout {declined.Key} was declined (402) for order {declined.OrderId}, which is not a cancelled order.");
            }
        }

        // (2) Every charge belongs to exactly one order and matches its fate; no order has two live charges.
        var charges = Database.Query(db, """SELECT "Reference", "OrderId", "Status", "Token" FROM payments_test_charges""")
            .Select(r => (Reference: (string)r[0]!, OrderId: r[1] as string, Status: (string)r[2]!, Token: r[3] as string))
            .ToList();
        foreach (var charge in charges)
        {
            if (charge.OrderId is null || !byId.TryGetValue(charge.OrderId, out var order))
            {
                failures.Add($"Charge {charge.Reference} ({charge.Status}) belongs to no order ({charge.OrderId}).");
                continue;
            }
            var live = charge.Status is "Authorized" or "Captured";
            if (live && order.Status != "Placed")
            {
                failures.Add($"Charge {charge.Reference} is {charge.Status} but its order {order.Id} is {order.Status}.");
            }
        }
        foreach (var twice in charges.Where(c => c.Status is "Authorized" or "Captured").GroupBy(c => c.OrderId).Where(g => g.Count() > 1))
        {
            failures.Add($"Order {twice.Key} has {twice.Count()} live charges: {string.Join(", ", twice.Select(c => c.Reference))}.");
        }
        foreach (var placed in orders.Where(o => o.Status == "Placed"))
        {
            if (!charges.Any(c => c.OrderId == placed.Id && c.Status is "Authorized" or "Captured"))
            {
                failures.Add($"Order {placed.Id} is placed without a live charge.");
            }
        }

        // (3) Stock: on-hand unchanged, reserved = what live orders hold; cancelled orders hold nothing.
        var holding = new Dictionary<string, long>();
        foreach (var order in orders.Where(o => o.Status is "Pending" or "Placed"))
        {
            using var lines = JsonDocument.Parse(order.Lines);
            foreach (var line in lines.RootElement.EnumerateArray())
            {
                var sku = line.GetProperty("sku").GetString()!;
                holding[sku] = holding.GetValueOrDefault(sku) + line.GetProperty("quantity").GetInt32();
            }
        }
        var after = ReadStock(database, skus);
        foreach (var sku in skus)
        {
            var (onHand, reserved) = after[sku];
            if (onHand != before[sku].OnHand)
            {
                failures.Add($"SKU {sku}: on hand {before[sku].OnHand} → {onHand}.");
            }
            if (reserved != before[sku].Reserved + holding.GetValueOrDefault(sku))
            {
                failures.Add($"SKU {sku}: reserved {reserved}, expected {before[sku].Reserved} + {holding.GetValueOrDefault(sku)} held by live orders.");
            }
        }
        var reservations = Database.Query(db, """SELECT "OrderId", SUM("Quantity") FROM inventory_reservations GROUP BY "OrderId" """).ToDictionary(r => (string)r[0]!, r => Number(r[1]));
        foreach (var cancelled in orders.Where(o => o.Status == "Cancelled" && reservations.ContainsKey(o.Id)))
        {
            failures.Add($"Cancelled order {cancelled.Id} still holds {reservations[cancelled.Id]} reserved units.");
        }

        var acceptedCount = outcomes.Count(o => o.Status is 201 or 202);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"Seed {Seed}: {starts} server starts, {outcomes.Count} checkouts answered "
            + string.Join(", ", outcomes.GroupBy(o => (o.Status, o.Problem)).OrderBy(g => g.Key.Status).Select(g => $"{g.Key.Status} {g.Key.Problem} ×{g.Count()}"))
            + $" ({outcomes.Count(o => o.Attempts > 1)} after retries)"
            + $"; {orders.Count} orders ({string.Join(", ", orders.GroupBy(o => o.Status).Select(g => $"{g.Key}×{g.Count()}"))}), {charges.Count} charges.");
        Assert.True(failures.Count == 0,
            $"Seed {Seed}, {starts} server starts, {outcomes.Count} checkouts ({acceptedCount} accepted, {orders.Count} orders, {charges.Count} charges):\n" + string.Join('\n', failures));
        Assert.True(acceptedCount > 0, $"Seed {Seed}: no checkout was accepted; the test exercised nothing.");
    }
}
