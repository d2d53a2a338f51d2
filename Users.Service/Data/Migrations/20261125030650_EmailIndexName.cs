using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Users.Service.Data.Migrations
{
    /// <inheritdoc />
    public partial class EmailIndexName : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameIndex(
                name: "ix_users_email_prefix",
                table: "users",
                newName: "ux_users_email");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameIndex(
                name: "ux_users_email",
                table: "users",
                newName: "ix_users_email_prefix");
        }
    }
}
