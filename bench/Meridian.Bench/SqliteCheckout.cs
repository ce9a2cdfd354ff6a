using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Meridian.Bench;

/// <summary>
/// The checkout baseline: in this process, on a scratch SQLite file in WAL mode (as the Server's), one
/// transaction per iteration of the shape a checkout writes, with Microsoft.Data.Sqlite directly:
/// BEGIN IMMEDIATE; insert an order (~1 KB of JSON); reserve one unit with a conditional update of a
/// stock row; insert the reservation; close the cart; insert the payment; insert the ledger entry;
/// COMMIT. Same number of workers as the HTTP scenarios, each on its own thread and connection
/// (SQLite calls block), same warm-up and measured period.
/// </summary>
internal static class SqliteCheckout
{
    public const int StockRows = 2000;
    public const int Carts = 2000;
    private const int MaxIterations = 10_000_000;

    private const string Schema = """
        PRAGMA journal_mode=WAL;
        CREATE TABLE orders (Id TEXT NOT NULL PRIMARY KEY, ChannelId TEXT NOT NULL, Email TEXT NOT NULL, Currency TEXT NOT NULL,
            Lines TEXT NOT NULL, ShippingAddress TEXT NULL, Shipping TEXT NULL, AppliedPromotions TEXT NOT NULL,
            Subtotal INTEGER NOT NULL, GrandTotal INTEGER NOT NULL, IdempotencyScope TEXT NOT NULL, IdempotencyKey TEXT NOT NULL,
            Status TEXT NOT NULL, PaymentStatus TEXT NOT NULL, Version INTEGER NOT NULL, CreatedAt INTEGER NOT NULL, UpdatedAt INTEGER NOT NULL);
        CREATE UNIQUE INDEX IX_orders_idempotency ON orders (IdempotencyScope, IdempotencyKey);
        CREATE TABLE stock_levels (Sku TEXT NOT NULL, LocationId TEXT NOT NULL, OnHand INTEGER NOT NULL, Reserved INTEGER NOT NULL,
            CHECK (OnHand >= 0), CHECK (Reserved >= 0 AND Reserved <= OnHand), PRIMARY KEY (Sku, LocationId));
        CREATE TABLE reservations (Id INTEGER PRIMARY KEY AUTOINCREMENT, OrderId TEXT NOT NULL, Sku TEXT NOT NULL, LocationId TEXT NOT NULL,
            Quantity INTEGER NOT NULL, CreatedAt INTEGER NOT NULL);
        CREATE INDEX IX_reservations_OrderId ON reservations (OrderId);
        CREATE TABLE carts (Id TEXT NOT NULL PRIMARY KEY, Currency TEXT NOT NULL, Status TEXT NOT NULL, Version INTEGER NOT NULL,
            UpdatedAt INTEGER NOT NULL, OrderId TEXT NULL, Content TEXT NOT NULL);
        CREATE TABLE payments (Id TEXT NOT NULL PRIMARY KEY, OrderId TEXT NOT NULL, IdempotencyKey TEXT NOT NULL, Provider TEXT NOT NULL,
            Currency TEXT NOT NULL, Amount INTEGER NOT NULL, Status TEXT NOT NULL, AuthorizedAmount INTEGER NOT NULL,
            CreatedAt INTEGER NOT NULL, UpdatedAt INTEGER NOT NULL, Version INTEGER NOT NULL);
        CREATE UNIQUE INDEX IX_payments_IdempotencyKey ON payments (IdempotencyKey);
        CREATE INDEX IX_payments_OrderId ON payments (OrderId);
        CREATE TABLE ledger (Reference TEXT NOT NULL PRIMARY KEY, IdempotencyKey TEXT NOT NULL, OrderId TEXT NOT NULL, Token TEXT NOT NULL,
            Currency TEXT NOT NULL, RequestedAmount INTEGER NOT NULL, Status TEXT NOT NULL, AuthorizedAmount INTEGER NOT NULL,
            CreatedAt INTEGER NOT NULL, UpdatedAt INTEGER NOT NULL, Version INTEGER NOT NULL);
        CREATE UNIQUE INDEX IX_ledger_IdempotencyKey ON ledger (IdempotencyKey);
        """;

    /// <summary>A fresh scratch database at <paramref name="path"/>: the tables, 2,000 stock rows with plenty of units, 2,000 open carts.</summary>
    public static void Create(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
        using var connection = Open(path);
        Execute(connection, null, Schema);
        using var transaction = connection.BeginTransaction();
        for (var i = 0; i < StockRows; i++)
        {
            Execute(connection, transaction, "INSERT INTO stock_levels VALUES ($sku, 'loc_warehouse', 1000000000, 0)", ("$sku", Sku(i)));
        }
        var content = "{\"lines\":[{\"sku\":\"" + Sku(0) + "\",\"quantity\":1}],\"shippingAddress\":{\"country\":\"DE\",\"postalCode\":\"10115\",\"city\":\"Berlin\"},\"shippingMethod\":\"standard\"}";
        for (var i = 0; i < Carts; i++)
        {
            Execute(connection, transaction, "INSERT INTO carts VALUES ($id, 'EUR', 'open', 1, 0, NULL, $content)", ("$id", CartId(i)), ("$content", content));
        }
        transaction.Commit();
    }

    public static ScenarioResult Run(string path, int workers, TimeSpan warmUp, TimeSpan duration)
    {
        var measureFrom = Stopwatch.GetTimestamp() + (long)(warmUp.TotalSeconds * Stopwatch.Frequency);
        var measureTo = measureFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var tallies = new Tally[workers];
        var threads = new Thread[workers];
        for (var w = 0; w < workers; w++)
        {
            var worker = w;
            tallies[w] = new Tally();
            threads[w] = new Thread(() => Work(path, worker, measureFrom, measureTo, tallies[worker])) { IsBackground = true, Name = $"checkout-sqlite-{w}" };
            threads[w].Start();
        }
        foreach (var thread in threads)
        {
            thread.Join();
        }
        return Tally.Result("checkout-sqlite", "one SQLite transaction of checkout's shape (BEGIN IMMEDIATE; order ~1 KB JSON, conditional stock update, reservation, cart, payment, ledger; COMMIT), Microsoft.Data.Sqlite in this process, WAL",
            "checkout-sqlite", duration, workers, tallies);
    }

    private static void Work(string path, int worker, long measureFrom, long measureTo, Tally tally)
    {
        using var connection = Open(path);
        var random = new Random(worker);
        var lines = LinesJson();
        for (var i = 0; i < MaxIterations && Stopwatch.GetTimestamp() < measureTo; i++)
        {
            var began = Stopwatch.GetTimestamp();
            var outcome = Outcome.Ok;
            try
            {
                Transaction(connection, random, lines);
            }
            catch (SqliteException)
            {
                outcome = Outcome.Error;
            }
            tally.Count(new Attempt(outcome, began, Stopwatch.GetTimestamp(), 0), measureFrom, measureTo);
        }
    }

    private static void Transaction(SqliteConnection connection, Random random, string lines)
    {
        var orderId = "ord_" + Guid.NewGuid().ToString("N");
        var key = Guid.NewGuid().ToString("N");
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var sku = Sku(random.Next(StockRows));
        using var transaction = connection.BeginTransaction(deferred: false);
        Execute(connection, transaction, """
            INSERT INTO orders VALUES ($id, 'web', 'bench@example.com', 'EUR', $lines,
              '{"country":"DE","postalCode":"10115","city":"Berlin","lines":["Unter den Linden 1"],"name":"Ada Lovelace"}',
              '{"code":"standard","name":"Standard","amount":500}', '[]', 2999, 3499, 'checkout:web', $key, 'pending', 'pending', 1, $now, $now)
            """, ("$id", orderId), ("$lines", lines), ("$key", key), ("$now", now));
        var reserved = Execute(connection, transaction,
            "UPDATE stock_levels SET Reserved = Reserved + 1 WHERE Sku = $sku AND LocationId = 'loc_warehouse' AND OnHand - Reserved >= 1", ("$sku", sku));
        if (reserved != 1)
        {
            throw new InvalidOperationException("The checkout baseline ran out of stock.");
        }
        Execute(connection, transaction, "INSERT INTO reservations (OrderId, Sku, LocationId, Quantity, CreatedAt) VALUES ($id, $sku, 'loc_warehouse', 1, $now)",
            ("$id", orderId), ("$sku", sku), ("$now", now));
        Execute(connection, transaction, "UPDATE carts SET Status = 'completed', OrderId = $id, Version = Version + 1, UpdatedAt = $now WHERE Id = $cart",
            ("$id", orderId), ("$now", now), ("$cart", CartId(random.Next(Carts))));
        var paymentId = "pay_" + Guid.NewGuid().ToString("N");
        Execute(connection, transaction, "INSERT INTO payments VALUES ($pay, $id, $key, 'test', 'EUR', 3499, 'authorized', 3499, $now, $now, 1)",
            ("$pay", paymentId), ("$id", orderId), ("$key", "pay:" + orderId), ("$now", now));
        Execute(connection, transaction, "INSERT INTO ledger VALUES ($ref, $key, $id, 'tok_visa', 'EUR', 3499, 'authorized', 3499, $now, $now, 1)",
            ("$ref", "ch_" + Guid.NewGuid().ToString("N")), ("$key", "pay:" + orderId), ("$id", orderId), ("$now", now));
        transaction.Commit();
    }

    /// <summary>An order's lines as the Server stores them, padded with a realistic title and options to about 1 KB.</summary>
    public static string LinesJson()
    {
        var line = "{\"sku\":\"" + Sku(1) + "\",\"variantId\":\"var_01JD0000000000000000000000\",\"productId\":\"prd_01JD0000000000000000000000\"," +
            "\"title\":\"Nordwind Organic Cotton Relaxed Shirt\",\"variantTitle\":\"M / Navy\",\"options\":{\"size\":\"M\",\"color\":\"navy\"}," +
            "\"quantity\":1,\"unitPrice\":{\"amount\":2999,\"currency\":\"EUR\"},\"lineTotal\":{\"amount\":2999,\"currency\":\"EUR\"}," +
            "\"discount\":{\"amount\":0,\"currency\":\"EUR\"},\"tax\":{\"amount\":479,\"currency\":\"EUR\",\"rate\":0.19}," +
            "\"image\":\"https://cdn.example.com/products/nordwind-organic-cotton-relaxed-shirt/navy.jpg\",\"weightGrams\":300}";
        var json = "[" + line + "]";
        return json.Length >= 1000 ? json : json[..^2] + ",\"note\":\"" + new string('x', 1000 - json.Length) + "\"}]";
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, DefaultTimeout = 30 }.ToString());
        connection.Open();
        // The same lock waiting as the Server (SqliteBusyTimeout), so the baseline is the best SQLite does.
        Execute(connection, null, "PRAGMA busy_timeout = 30000;");
        return connection;
    }

    private static int Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return command.ExecuteNonQuery();
    }

    public static string Sku(int i) => "SKU-" + i.ToString("D6", CultureInfo.InvariantCulture);

    public static string CartId(int i) => "cart_" + i.ToString("D6", CultureInfo.InvariantCulture);
}
