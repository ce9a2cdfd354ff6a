using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Meridian.Events.Data.Migrations
{
    /// <inheritdoc />
    internal partial class TransportCheckpoints : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "events_transport_checkpoints",
                columns: table => new
                {
                    Transport = table.Column<string>(type: "TEXT", maxLength: 140, nullable: false),
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_events_transport_checkpoints", x => x.Transport);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "events_transport_checkpoints");
        }
    }
}
