namespace ServiceDefaults.Data;

/// <summary>What a service does with its database schema at start (setting <c>Database:Migrations</c>).</summary>
public enum MigrationMode
{
    /// <summary>Apply pending migrations and seed, then serve: local runs, the tests, the dev overlay.</summary>
    Apply,

    /// <summary>Apply pending migrations and seed, then exit 0 without serving: the production migrate Job.</summary>
    Only,

    /// <summary>Migrate nothing; refuse to start while a migration this build needs is pending: production pods.</summary>
    Verify,
}
