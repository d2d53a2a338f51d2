using Microsoft.EntityFrameworkCore;
using Orders.Service.Data;

namespace Orders.Service.Catalog;

/// <summary>
/// A few products to try the shop with, added at start when <c>Shop:DemoCatalog</c> is true (the local stack's default:
/// the AppHost sets it; never in production) and only into an empty catalog, so an admin's own products are never touched.
/// </summary>
public static class DemoCatalog
{
    public const string SettingKey = "Shop:DemoCatalog";

    private static readonly (string Sku, string Name, string Description, decimal Price, int Stock)[] Products =
    [
        ("MUG-ENAMEL", "Enamel camp mug", "350 ml, chip-resistant enamel on steel.", 12.50m, 40),
        ("BOTTLE-STEEL", "Steel water bottle", "750 ml, double-walled: cold for a day, hot for twelve hours.", 24.90m, 25),
        ("NOTEBOOK-A5", "A5 dot-grid notebook", "160 pages of 100 g paper that takes fountain pens.", 9.80m, 60),
        ("PEN-FOUNTAIN", "Fountain pen", "Steel nib, medium, with a converter for bottled ink.", 32.00m, 15),
        ("INK-BLUE", "Blue-black ink", "50 ml bottle, water-resistant once dry.", 11.40m, 30),
        ("TOTE-CANVAS", "Canvas tote bag", "Heavy cotton canvas with an inner pocket.", 18.00m, 20),
        ("LAMP-DESK", "Desk lamp", "Warm LED, dimmable, with a weighted base.", 49.00m, 8),
        ("GUIDE-BIRDS", "Field guide to coastal birds", "Every bird of the coast, drawn, with maps.", 27.50m, 3),
    ];

    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        if (!services.GetRequiredService<IConfiguration>().GetValue(SettingKey, false))
        {
            return;
        }

        var db = services.GetRequiredService<OrdersDb>();
        if (await db.Products.AnyAsync(ct))
        {
            return;
        }

        var now = DateTimeOffset.UtcNow;
        db.Products.AddRange(Products.Select(p => new Product
        {
            Sku = p.Sku, Name = p.Name, Description = p.Description, UnitPrice = p.Price, Stock = p.Stock, CreatedAt = now, UpdatedAt = now,
        }));
        await db.SaveChangesAsync(ct);
    }
}
