using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Meridian.Catalog.Data.Migrations
{
    /// <inheritdoc />
    internal partial class ProductTaxClass : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "TaxClass",
                table: "catalog_products",
                type: "TEXT",
                maxLength: 40,
                nullable: false,
                defaultValue: "standard");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "TaxClass",
                table: "catalog_products");
        }
    }
}
