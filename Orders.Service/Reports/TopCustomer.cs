namespace Orders.Service.Reports;

public sealed record TopCustomer(Guid UserId, string? Name, int OrderCount, decimal TotalSpent);
