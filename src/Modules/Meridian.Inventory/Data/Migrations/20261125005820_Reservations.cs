using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Meridian.Inventory.Data.Migrations
{
    /// <inheritdoc />
    internal partial class Reservations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "inventory_reservations",
                columns: table => new
                {
                    OrderId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Sku = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    LocationId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Quantity = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_inventory_reservations", x => new { x.OrderId, x.Sku, x.LocationId });
                    table.CheckConstraint("ck_reservation_quantity", "\"Quantity\" >= 0");
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "inventory_reservations");
        }
    }
}
