using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Notifications.Worker.Data.Migrations
{
    /// <inheritdoc />
    public partial class EmailKinds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "pk_sent_order_confirmations",
                table: "sent_order_confirmations");

            migrationBuilder.AddColumn<string>(
                name: "kind",
                table: "sent_order_confirmations",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "Placed");

            // The rows kept are placed-order emails (the only kind there was); from now on every insert names its kind.
            migrationBuilder.Sql("ALTER TABLE sent_order_confirmations ALTER COLUMN kind DROP DEFAULT;");

            migrationBuilder.AddPrimaryKey(
                name: "pk_sent_order_confirmations",
                table: "sent_order_confirmations",
                columns: new[] { "order_id", "kind" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Back to one email per order: only the placed-order records fit the old key.
            migrationBuilder.Sql("DELETE FROM sent_order_confirmations WHERE kind <> 'Placed';");

            migrationBuilder.DropPrimaryKey(
                name: "pk_sent_order_confirmations",
                table: "sent_order_confirmations");

            migrationBuilder.DropColumn(
                name: "kind",
                table: "sent_order_confirmations");

            migrationBuilder.AddPrimaryKey(
                name: "pk_sent_order_confirmations",
                table: "sent_order_confirmations",
                column: "order_id");
        }
    }
}
