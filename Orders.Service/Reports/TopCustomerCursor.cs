namespace Orders.Service.Reports;

public sealed record TopCustomerCursor(decimal TotalSpent, Guid UserId);
