namespace Notifications.Worker.OrderEmails;

/// <summary>Which step of the order's life an email tells of: one email per order and kind. Stored by name in the ledger.</summary>
public enum OrderEmailKind
{
    Placed,
    Confirmed,
    Shipped,
    Cancelled,
}
