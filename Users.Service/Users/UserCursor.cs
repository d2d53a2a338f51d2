using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using ServiceDefaults.Pagination;
using ServiceDefaults.Validation;

namespace Users.Service.Users;

/// <summary>The position in the list: the last id returned.</summary>
public sealed record UserCursor(Guid Id);
