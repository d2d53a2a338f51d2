using MassTransit;
using Microsoft.EntityFrameworkCore;
using Orders.Service.Data;

namespace Orders.Service.Customers;

/// <summary>
/// Follows Users.Service's profile events into the customers read model. Each event carries when the
/// profile changed; an event older than what is stored is ignored, so redeliveries and reordering
/// (at-least-once delivery) cannot roll a name back.
/// </summary>
public sealed class CustomerProfileConsumer(OrdersDb db) : IConsumer<UserCreated>, IConsumer<UserUpdated>, IConsumer<UserDeleted>
{
    public Task Consume(ConsumeContext<UserCreated> context) =>
        SetProfileAsync(context.Message.UserId, context.Message.Email, context.Message.Name, deleted: false, context.Message.OccurredAt, context.CancellationToken);

    public Task Consume(ConsumeContext<UserUpdated> context) =>
        SetProfileAsync(context.Message.UserId, context.Message.Email, context.Message.Name, deleted: false, context.Message.OccurredAt, context.CancellationToken);

    public Task Consume(ConsumeContext<UserDeleted> context) =>
        SetProfileAsync(context.Message.UserId, email: null, name: null, deleted: true, context.Message.OccurredAt, context.CancellationToken);

    private Task<int> SetProfileAsync(Guid userId, string? email, string? name, bool deleted, DateTimeOffset changedAt, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO customers (user_id, email, name, deleted, profile_updated_at, order_count, total_spent)
            VALUES ({userId}, {email}, {name}, {deleted}, {changedAt}, 0, 0)
            ON CONFLICT (user_id) DO UPDATE SET
                email = EXCLUDED.email,
                name = EXCLUDED.name,
                deleted = EXCLUDED.deleted,
                profile_updated_at = EXCLUDED.profile_updated_at
            WHERE customers.profile_updated_at IS NULL OR customers.profile_updated_at < EXCLUDED.profile_updated_at
            """, ct);
}
