using Microsoft.EntityFrameworkCore.Storage;

namespace ServiceDefaults.Data;

/// <summary>A transaction begun by <see cref="DatabaseExtensions.BeginUnitOfWorkAsync"/>: only its owner commits or rolls back.</summary>
public sealed class UnitOfWork(IDbContextTransaction? owned) : IAsyncDisposable
{
    public Task CommitAsync(CancellationToken cancellationToken) => owned?.CommitAsync(cancellationToken) ?? Task.CompletedTask;

    public ValueTask DisposeAsync() => owned?.DisposeAsync() ?? ValueTask.CompletedTask;
}
