using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Orders.Service.Data.Migrations
{
    /// <inheritdoc />
    public partial class OrderLimitsAndSpending : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "order_window_started_at",
                table: "customers",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "orders_in_window",
                table: "customers",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "pending_orders",
                table: "customers",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // Existing customers: their pending orders, and what they spent recomputed as the report now counts it
            // (orders not cancelled, in the shop's currency). Before the catalog every order chose its currency, EUR by
            // default, and EUR is the shop's default currency: orders in other currencies stay, uncounted.
            migrationBuilder.Sql("""
                UPDATE customers c SET
                    pending_orders = a.pending,
                    order_count = a.not_cancelled,
                    total_spent = a.spent
                FROM (
                    SELECT user_id,
                        count(*) FILTER (WHERE status = 'pending') AS pending,
                        count(*) FILTER (WHERE status <> 'cancelled') AS not_cancelled,
                        COALESCE(sum(total) FILTER (WHERE status <> 'cancelled' AND currency = 'EUR'), 0) AS spent
                    FROM orders GROUP BY user_id) a
                WHERE a.user_id = c.user_id;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "order_window_started_at",
                table: "customers");

            migrationBuilder.DropColumn(
                name: "orders_in_window",
                table: "customers");

            migrationBuilder.DropColumn(
                name: "pending_orders",
                table: "customers");
        }
    }
}
