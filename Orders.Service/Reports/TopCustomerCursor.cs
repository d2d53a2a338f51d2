using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Orders.Service.Data;
using Orders.Service.Orders;
using ServiceDefaults.Api;
using ServiceDefaults.Pagination;
using ServiceDefaults.Validation;

namespace Orders.Service.Reports;

public sealed record TopCustomerCursor(decimal TotalSpent, Guid UserId);
