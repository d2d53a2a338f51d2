namespace Gateway.Protection;

public sealed class EdgeOptions
{
    public const string SectionName = "Gateway";

    public CorsOptions Cors { get; set; } = new();
    public RateLimitOptions RateLimiting { get; set; } = new();
    public LimitOptions Limits { get; set; } = new();
    public StrictTransportSecurityOptions StrictTransportSecurity { get; set; } = new();

    public sealed class CorsOptions
    {
        public string[] AllowedOrigins { get; set; } = [];
    }

    public sealed class RateLimitOptions
    {
        /// <summary>Authenticated callers, by user (<c>sub</c> of a valid token): a token bucket.</summary>
        public BucketOptions PerUser { get; set; } = new() { PermitLimit = 50, TokensPerPeriod = 50 };

        /// <summary>Anonymous callers, by client IPv4 address or IPv6 /64 (see <see cref="ClientNetworks"/>).</summary>
        public BucketOptions PerClientIp { get; set; } = new() { PermitLimit = 20, TokensPerPeriod = 20 };

        /// <summary>Sign-in, registration and the token endpoint, by client IPv4 address or IPv6 /64: credential stuffing (OWASP API4/API6).</summary>
        public WindowOptions Credentials { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromMinutes(1) };
    }

    public sealed class BucketOptions
    {
        public int PermitLimit { get; set; }
        public int TokensPerPeriod { get; set; }
        public TimeSpan Period { get; set; } = TimeSpan.FromSeconds(1);
    }

    public sealed class WindowOptions
    {
        public int PermitLimit { get; set; }
        public TimeSpan Window { get; set; }
    }

    public sealed class LimitOptions
    {
        public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
        public int MaxUrlLength { get; set; } = 4096;
        public int MaxHeaderBytes { get; set; } = 16 * 1024;
        public int MaxHeaderCount { get; set; } = 64;
    }

    /// <summary>
    /// HSTS on every response the gateway serves over HTTPS (its own TLS, or an Ingress's, told by a trusted proxy's
    /// X-Forwarded-Proto). Subdomains and preload are the operator's choice: they bind hosts this gateway does not serve.
    /// </summary>
    public sealed class StrictTransportSecurityOptions
    {
        public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(365);
        public bool IncludeSubDomains { get; set; }
        public bool Preload { get; set; }
    }
}
