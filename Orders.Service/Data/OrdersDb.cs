using Microsoft.EntityFrameworkCore;
using Orders.Service.Catalog;
using Orders.Service.Customers;
using Orders.Service.Orders;
using ServiceDefaults.Idempotency;
using ServiceDefaults.Outbox;
using ServiceDefaults.Validation;

namespace Orders.Service.Data;

public sealed class OrdersDb(DbContextOptions<OrdersDb> options) : DbContext(options)
{
    /// <summary>Money is DECIMAL(10,2): cents, up to 99,999,999.99.</summary>
    public const int MoneyPrecision = 10;
    public const int MoneyScale = 2;

    /// <summary>The sequence order numbers are drawn from.</summary>
    public const string OrderNumbers = "order_numbers";

    public DbSet<Order> Orders => Set<Order>();

    public DbSet<Customer> Customers => Set<Customer>();

    public DbSet<Product> Products => Set<Product>();

    /// <summary>The products' lower-cased name (a stored generated column), for the case-insensitive name search.</summary>
    public const string ProductNameLower = "NameLower";

    /// <summary>How an order's status is stored: its name in lower case.</summary>
    public static string StatusName(OrderStatus status) => status.ToString().ToLowerInvariant();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasSequence<long>(OrderNumbers).StartsAt(1000);
        modelBuilder.Entity<Order>(order =>
        {
            order.ToTable("orders");
            order.HasKey(o => o.Id);
            order.Property(o => o.Number).HasDefaultValueSql($"nextval('{OrderNumbers}')");
            order.HasIndex(o => o.Number).IsUnique();
            order.Property(o => o.Status).HasConversion(s => StatusName(s), s => Enum.Parse<OrderStatus>(s, true))
                .HasMaxLength(16).HasDefaultValueSql("'pending'").HasSentinel(OrderStatus.Pending); // both defaults agree: a new order is pending
            order.Property(o => o.Currency).HasMaxLength(3).IsFixedLength();
            order.Property(o => o.Total).HasPrecision(MoneyPrecision, MoneyScale);
            order.Property(o => o.CreatedAt).HasDefaultValueSql("now()");
            order.Property(o => o.UpdatedAt).HasDefaultValueSql("now()");
            order.Property(o => o.Version).IsRowVersion();
            order.HasMany(o => o.Items).WithOne().HasForeignKey(i => i.OrderId).OnDelete(DeleteBehavior.Cascade);
            // The caller's list, newest first (also serves an admin's user_id filter): an index range scan, never a sort of all orders.
            order.HasIndex(o => new { o.UserId, o.CreatedAt, o.Id }).IsDescending(false, true, true).HasDatabaseName("ix_orders_user_newest");
            order.HasIndex(o => new { o.Status, o.CreatedAt, o.Id }).IsDescending(false, true, true).HasDatabaseName("ix_orders_status_newest");
            order.ToTable(t => t.HasCheckConstraint("ck_orders_total_positive", "total > 0"));
        });

        modelBuilder.Entity<OrderItem>(item =>
        {
            item.ToTable("order_items");
            item.HasKey(i => new { i.OrderId, i.Line });
            item.Property(i => i.Sku).HasMaxLength(64);
            item.Property(i => i.Name).HasMaxLength(2000);
            item.Property(i => i.UnitPrice).HasPrecision(MoneyPrecision, MoneyScale);
            item.ToTable(t =>
            {
                t.HasCheckConstraint("ck_order_items_quantity", "quantity BETWEEN 1 AND 1000");
                t.HasCheckConstraint("ck_order_items_unit_price", "unit_price > 0");
            });
        });

        modelBuilder.Entity<Customer>(customer =>
        {
            customer.ToTable("customers");
            customer.HasKey(c => c.UserId);
            customer.Property(c => c.Email).HasMaxLength(255);
            customer.Property(c => c.Name).HasMaxLength(1000);
            customer.Property(c => c.TotalSpent).HasPrecision(14, 2);
            // The top-customers report: WHERE total_spent > @min ORDER BY total_spent DESC, user_id: an index range scan.
            customer.HasIndex(c => new { c.TotalSpent, c.UserId }).IsDescending(true, false).HasDatabaseName("ix_customers_top");
        });

        modelBuilder.Entity<Product>(product =>
        {
            product.ToTable("products");
            product.HasKey(p => p.Sku);
            // Collation "C": SKUs sort and compare byte by byte, the same in the list's ORDER BY, its cursor and the key's index.
            product.Property(p => p.Sku).HasMaxLength(CreateProductRequest.MaxSkuLength).UseCollation("C");
            product.Property(p => p.Name).HasMaxLength(ProductRequest.MaxNameLength * TextRules.MaxUnitsPerCharacter);
            product.Property(p => p.Description).HasMaxLength(ProductRequest.MaxDescriptionLength * TextRules.MaxUnitsPerCharacter);
            product.Property(p => p.UnitPrice).HasPrecision(MoneyPrecision, MoneyScale);
            product.Property(p => p.CreatedAt).HasDefaultValueSql("now()");
            product.Property(p => p.UpdatedAt).HasDefaultValueSql("now()");
            product.Property(p => p.Version).IsRowVersion();
            product.Property<string>(ProductNameLower).HasComputedColumnSql("lower(name)", stored: true)
                .HasMaxLength(ProductRequest.MaxNameLength * TextRules.MaxUnitsPerCharacter);
            // The name search (q): LIKE 'prefix%' on lower(name); text_pattern_ops serves it whatever the database's collation.
            product.HasIndex(ProductNameLower).HasOperators("text_pattern_ops").HasDatabaseName("ix_products_name_prefix");
            product.ToTable(t =>
            {
                t.HasCheckConstraint("ck_products_unit_price", "unit_price > 0");
                t.HasCheckConstraint("ck_products_stock", "stock >= 0");
            });
        });

        modelBuilder.AddOutbox();
        modelBuilder.AddIdempotencyRecords();
    }
}
