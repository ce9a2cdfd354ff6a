using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Meridian.Pricing.Data.PostgresMigrations
{
    /// <inheritdoc />
    internal partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "pricing_customer_usage",
                columns: table => new
                {
                    PromotionId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    CustomerId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Used = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pricing_customer_usage", x => new { x.PromotionId, x.CustomerId });
                    table.CheckConstraint("ck_customer_usage_used", "\"Used\" >= 0");
                });

            migrationBuilder.CreateTable(
                name: "pricing_promotions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    PercentBasisPoints = table.Column<int>(type: "integer", nullable: false),
                    Amount = table.Column<long>(type: "bigint", nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    MinSubtotal = table.Column<long>(type: "bigint", nullable: false),
                    ProductHandles = table.Column<List<string>>(type: "text[]", nullable: false),
                    CategoryHandles = table.Column<List<string>>(type: "text[]", nullable: false),
                    BrandHandles = table.Column<List<string>>(type: "text[]", nullable: false),
                    BuyQuantity = table.Column<int>(type: "integer", nullable: false),
                    GetQuantity = table.Column<int>(type: "integer", nullable: false),
                    StartsAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    EndsAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    UsageLimit = table.Column<int>(type: "integer", nullable: true),
                    PerCustomerLimit = table.Column<int>(type: "integer", nullable: true),
                    Used = table.Column<int>(type: "integer", nullable: false),
                    Combinable = table.Column<bool>(type: "boolean", nullable: false),
                    Priority = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pricing_promotions", x => x.Id);
                    table.CheckConstraint("ck_promotion_used", "\"Used\" >= 0 AND (\"UsageLimit\" IS NULL OR \"Used\" <= \"UsageLimit\")");
                });

            migrationBuilder.CreateTable(
                name: "pricing_redemptions",
                columns: table => new
                {
                    PromotionId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    OrderId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CustomerId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    RedeemedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pricing_redemptions", x => new { x.PromotionId, x.OrderId });
                });

            migrationBuilder.CreateTable(
                name: "pricing_shipping_zones",
                columns: table => new
                {
                    Code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Countries = table.Column<List<string>>(type: "text[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pricing_shipping_zones", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "pricing_tax_rates",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Country = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    TaxClass = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    RateBasisPoints = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pricing_tax_rates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "pricing_shipping_methods",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ZoneCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    Basis = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    FreeAbove = table.Column<long>(type: "bigint", nullable: true),
                    TaxClass = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Bands = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pricing_shipping_methods", x => x.Id);
                    table.ForeignKey(
                        name: "FK_pricing_shipping_methods_pricing_shipping_zones_ZoneCode",
                        column: x => x.ZoneCode,
                        principalTable: "pricing_shipping_zones",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_pricing_promotions_Code",
                table: "pricing_promotions",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_pricing_redemptions_OrderId",
                table: "pricing_redemptions",
                column: "OrderId");

            migrationBuilder.CreateIndex(
                name: "IX_pricing_shipping_methods_ZoneCode_Code_Currency",
                table: "pricing_shipping_methods",
                columns: new[] { "ZoneCode", "Code", "Currency" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_pricing_tax_rates_Country_TaxClass",
                table: "pricing_tax_rates",
                columns: new[] { "Country", "TaxClass" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "pricing_customer_usage");

            migrationBuilder.DropTable(
                name: "pricing_promotions");

            migrationBuilder.DropTable(
                name: "pricing_redemptions");

            migrationBuilder.DropTable(
                name: "pricing_shipping_methods");

            migrationBuilder.DropTable(
                name: "pricing_tax_rates");

            migrationBuilder.DropTable(
                name: "pricing_shipping_zones");
        }
    }
}
