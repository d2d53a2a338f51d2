namespace Orders.Service.Catalog;

/// <summary>The position in the catalog list: the last SKU returned (SKUs ascending, byte order: the column's collation is "C").</summary>
public sealed record ProductCursor(string Sku);
