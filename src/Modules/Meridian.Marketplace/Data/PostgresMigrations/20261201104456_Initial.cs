using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Meridian.Marketplace.Data.PostgresMigrations
{
    /// <inheritdoc />
    internal partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "marketplace_channel_secrets",
                columns: table => new
                {
                    ChannelId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Secret = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_marketplace_channel_secrets", x => x.ChannelId);
                });

            migrationBuilder.CreateTable(
                name: "marketplace_order_links",
                columns: table => new
                {
                    ChannelId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    MarketplaceOrderId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    OrderId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Fingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Via = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ImportedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_marketplace_order_links", x => new { x.ChannelId, x.MarketplaceOrderId });
                });

            migrationBuilder.CreateTable(
                name: "marketplace_pushes",
                columns: table => new
                {
                    ChannelId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Sku = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Value = table.Column<long>(type: "bigint", nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    ProductId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    EventId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    PushedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_marketplace_pushes", x => new { x.ChannelId, x.Kind, x.Sku });
                });

            migrationBuilder.CreateTable(
                name: "marketplace_reconciliation_findings",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    RunId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ChannelId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    MarketplaceOrderId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    OrderId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    Difference = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Detail = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Action = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_marketplace_reconciliation_findings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "marketplace_reconciliation_runs",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ChannelId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Trigger = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    WindowStart = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    WindowEnd = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    FinishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Examined = table.Column<int>(type: "integer", nullable: false),
                    Imported = table.Column<int>(type: "integer", nullable: false),
                    Cancelled = table.Column<int>(type: "integer", nullable: false),
                    Flagged = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_marketplace_reconciliation_runs", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_marketplace_order_links_OrderId",
                table: "marketplace_order_links",
                column: "OrderId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_marketplace_pushes_ChannelId_ProductId",
                table: "marketplace_pushes",
                columns: new[] { "ChannelId", "ProductId" });

            migrationBuilder.CreateIndex(
                name: "IX_marketplace_reconciliation_findings_ChannelId_MarketplaceOr~",
                table: "marketplace_reconciliation_findings",
                columns: new[] { "ChannelId", "MarketplaceOrderId" });

            migrationBuilder.CreateIndex(
                name: "IX_marketplace_reconciliation_findings_RunId",
                table: "marketplace_reconciliation_findings",
                column: "RunId");

            migrationBuilder.CreateIndex(
                name: "IX_marketplace_reconciliation_runs_ChannelId_Id",
                table: "marketplace_reconciliation_runs",
                columns: new[] { "ChannelId", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "marketplace_channel_secrets");

            migrationBuilder.DropTable(
                name: "marketplace_order_links");

            migrationBuilder.DropTable(
                name: "marketplace_pushes");

            migrationBuilder.DropTable(
                name: "marketplace_reconciliation_findings");

            migrationBuilder.DropTable(
                name: "marketplace_reconciliation_runs");
        }
    }
}
