using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using ServiceDefaults.Pagination;
using ServiceDefaults.Validation;

namespace Orders.Service.Orders;

public sealed record OrderLineRequest(string? Sku, string? Name, int? Quantity, decimal? UnitPrice);
