using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;

namespace Identity.Service.Authorization;

/// <summary>
/// Deletes expired, redeemed and revoked tokens and spent authorizations every <see cref="TokenPruningOptions.Interval"/>:
/// token storage stays on (rotation and revocation need it), so without this the tables only grow. A failed pass
/// (database down) is logged and the next tick tries again.
/// </summary>
public sealed partial class TokenPruning(IServiceScopeFactory scopes, IOptions<TokenPruningOptions> options, TimeProvider clock,
    ILogger<TokenPruning> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, clock);
        do
        {
            try
            {
                await PruneOnceAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogPruningFailed(logger, e, options.Value.Interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One pass: deletes what is spent and older than <see cref="TokenPruningOptions.MinimumAge"/>.</summary>
    internal async Task PruneOnceAsync(CancellationToken cancellationToken)
    {
        var threshold = clock.GetUtcNow() - options.Value.MinimumAge;
        await using var scope = scopes.CreateAsyncScope();
        var tokens = await scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>().PruneAsync(threshold, cancellationToken);
        var authorizations = await scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>().PruneAsync(threshold, cancellationToken);
        LogPruned(logger, tokens, authorizations, threshold);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pruned {Tokens} token(s) and {Authorizations} authorization(s) created before {Threshold:O}")]
    private static partial void LogPruned(ILogger logger, long tokens, long authorizations, DateTimeOffset threshold);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pruning tokens failed; trying again in {Interval}")]
    private static partial void LogPruningFailed(ILogger logger, Exception exception, TimeSpan interval);
}
