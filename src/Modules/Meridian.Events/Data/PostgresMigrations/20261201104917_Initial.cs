using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Meridian.Events.Data.PostgresMigrations
{
    /// <inheritdoc />
    internal partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "events_checkpoints",
                columns: table => new
                {
                    Consumer = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_events_checkpoints", x => x.Consumer);
                });

            migrationBuilder.CreateTable(
                name: "events_dead_letters",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Consumer = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    EventId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    ErrorType = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ErrorMessage = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    FailedAt = table.Column<long>(type: "bigint", nullable: false),
                    ReplayedAt = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_events_dead_letters", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "events_inbox",
                columns: table => new
                {
                    Consumer = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    EventId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ProcessedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_events_inbox", x => new { x.Consumer, x.EventId });
                });

            migrationBuilder.CreateTable(
                name: "events_leases",
                columns: table => new
                {
                    Name = table.Column<string>(type: "character varying(140)", maxLength: 140, nullable: false),
                    Holder = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ExpiresAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_events_leases", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "events_outbox",
                columns: table => new
                {
                    Position = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    EventId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Source = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Subject = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Time = table.Column<long>(type: "bigint", nullable: false),
                    Data = table.Column<string>(type: "text", nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: true),
                    PublishedAt = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_events_outbox", x => x.Position);
                });

            migrationBuilder.CreateTable(
                name: "events_transport_checkpoints",
                columns: table => new
                {
                    Transport = table.Column<string>(type: "character varying(140)", maxLength: 140, nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_events_transport_checkpoints", x => x.Transport);
                });

            migrationBuilder.CreateIndex(
                name: "IX_events_dead_letters_Consumer_FailedAt",
                table: "events_dead_letters",
                columns: new[] { "Consumer", "FailedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_events_inbox_ProcessedAt",
                table: "events_inbox",
                column: "ProcessedAt");

            migrationBuilder.CreateIndex(
                name: "IX_events_outbox_EventId",
                table: "events_outbox",
                column: "EventId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_events_outbox_PublishedAt",
                table: "events_outbox",
                column: "PublishedAt");

            migrationBuilder.CreateIndex(
                name: "IX_events_outbox_Sequence",
                table: "events_outbox",
                column: "Sequence",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "events_checkpoints");

            migrationBuilder.DropTable(
                name: "events_dead_letters");

            migrationBuilder.DropTable(
                name: "events_inbox");

            migrationBuilder.DropTable(
                name: "events_leases");

            migrationBuilder.DropTable(
                name: "events_outbox");

            migrationBuilder.DropTable(
                name: "events_transport_checkpoints");
        }
    }
}
