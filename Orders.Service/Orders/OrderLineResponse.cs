using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using ServiceDefaults.Pagination;
using ServiceDefaults.Validation;

namespace Orders.Service.Orders;

public sealed record OrderLineResponse(string Sku, string Name, int Quantity, decimal UnitPrice, decimal LineTotal);
