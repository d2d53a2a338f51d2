namespace Orders.Service.Orders;

public enum OrderStatus
{
    Pending,
    Confirmed,
    Shipped,
    Cancelled,
}
