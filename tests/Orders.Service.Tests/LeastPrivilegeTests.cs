using System.Text;
using Backend.Testing;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Orders.Service.Tests;

/// <summary>
/// Each service reaches PostgreSQL with a role of its own that owns its database and nothing else, and RabbitMQ as a
/// user of its own that may publish only its events and read only its queues (the AppHost makes them:
/// AppHost/Infrastructure/OwnedDatabases.cs, BrokerUsers.cs). Checked with the very connection strings the services
/// are given; that every service works with them is what the rest of the suite shows.
/// </summary>
public sealed class LeastPrivilegeTests(OrdersFixture orders)
{
    private static readonly string[] Databases = ["usersdb", "ordersdb", "identitydb", "notificationsdb"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_service_connects_as_its_own_role_which_is_no_superuser_and_owns_all_of_its_database()
    {
        foreach (var database in Databases)
        {
            await using var connection = new NpgsqlConnection(await orders.ConnectionStringAsync(database));
            await connection.OpenAsync(Ct);
            await using var query = new NpgsqlCommand("""
                SELECT current_user, rolsuper, rolcreatedb, rolcreaterole, rolbypassrls,
                       (SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner <> current_user),
                       (SELECT count(*) FROM pg_tables WHERE schemaname = 'public')
                FROM pg_roles WHERE rolname = current_user
                """, connection);
            await using var row = await query.ExecuteReaderAsync(Ct);
            Assert.True(await row.ReadAsync(Ct));

            Assert.Equal($"{database}_owner", row.GetString(0));
            Assert.False(row.GetBoolean(1), $"{database}: superuser");
            Assert.False(row.GetBoolean(2), $"{database}: may create databases");
            Assert.False(row.GetBoolean(3), $"{database}: may create roles");
            Assert.False(row.GetBoolean(4), $"{database}: bypasses row security");
            Assert.Equal(0, row.GetInt64(5));
            Assert.True(row.GetInt64(6) > 0, $"{database} has its tables (migrated by its service)");
        }
    }

    [Theory]
    [InlineData("usersdb", "ordersdb")]
    [InlineData("usersdb", "identitydb")]
    [InlineData("ordersdb", "usersdb")]
    [InlineData("notificationsdb", "identitydb")]
    public async Task A_service_s_credentials_cannot_even_connect_to_another_service_s_database(string own, string other)
    {
        var credentials = new NpgsqlConnectionStringBuilder(await orders.ConnectionStringAsync(own)) { Database = other, Pooling = false };
        await using var connection = new NpgsqlConnection(credentials.ConnectionString);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => connection.OpenAsync(Ct));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        Assert.Contains($"permission denied for database \"{other}\"", refused.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Users_service_s_broker_user_can_neither_fake_an_order_event_nor_read_the_worker_s_queue()
    {
        var factory = new ConnectionFactory { Uri = new Uri(await orders.ConnectionStringAsync("messaging-users")) };
        await using var connection = await factory.CreateConnectionAsync(Ct);

        await using (var publisher = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), Ct))
        {
            var faked = await Assert.ThrowsAnyAsync<Exception>(async () => await publisher.BasicPublishAsync("backend:orders:order-placed:v1", "", mandatory: false,
                new BasicProperties(), Encoding.UTF8.GetBytes("{}"), Ct));
            Assert.Contains("ACCESS_REFUSED", Describe(faked), StringComparison.Ordinal);
        }

        await using var reader = await connection.CreateChannelAsync(cancellationToken: Ct);
        var read = await Assert.ThrowsAsync<OperationInterruptedException>(() => reader.BasicGetAsync("order-confirmation-email", autoAck: false, Ct));
        Assert.Contains("ACCESS_REFUSED", Describe(read), StringComparison.Ordinal);
    }

    private static string Describe(Exception e) => e is OperationInterruptedException { ShutdownReason: { } reason } ? $"{reason.ReplyText} {e.Message}" : e.ToString();
}
