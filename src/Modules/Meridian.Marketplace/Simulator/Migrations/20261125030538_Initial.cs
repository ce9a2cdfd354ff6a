using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Meridian.Marketplace.Simulator.Migrations
{
    /// <inheritdoc />
    internal partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "marketplace_sim_listings",
                columns: table => new
                {
                    ChannelId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Sku = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Stock = table.Column<int>(type: "INTEGER", nullable: true),
                    StockPushes = table.Column<int>(type: "INTEGER", nullable: false),
                    Price = table.Column<long>(type: "INTEGER", nullable: true),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: true),
                    PricePushes = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_marketplace_sim_listings", x => new { x.ChannelId, x.Sku });
                });

            migrationBuilder.CreateTable(
                name: "marketplace_sim_orders",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ChannelId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Lines = table.Column<string>(type: "TEXT", nullable: false),
                    ShippingTotal = table.Column<long>(type: "INTEGER", nullable: false),
                    Total = table.Column<long>(type: "INTEGER", nullable: false),
                    PaymentReference = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    BuyerEmail = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    BuyerName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ShippingAddress = table.Column<string>(type: "TEXT", nullable: false),
                    CancelReason = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    DeliveryStatus = table.Column<int>(type: "INTEGER", nullable: true),
                    AcknowledgedOrderId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_marketplace_sim_orders", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_marketplace_sim_orders_ChannelId_UpdatedAt",
                table: "marketplace_sim_orders",
                columns: new[] { "ChannelId", "UpdatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "marketplace_sim_listings");

            migrationBuilder.DropTable(
                name: "marketplace_sim_orders");
        }
    }
}
