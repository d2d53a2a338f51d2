using System.Security.Cryptography;
using System.Text;

namespace Identity.Service.Accounts.PageSecurity;

/// <summary>
/// The account pages' one stylesheet, inlined by the layout and allowed by its hash in the Content-Security-Policy: no
/// 'unsafe-inline', and no static-file pipeline for one small stylesheet. The hash is computed from this same text, so
/// the two cannot drift apart.
/// </summary>
public static class AccountPageStyles
{
    public const string Css = """
        body { font-family: system-ui, sans-serif; background: #f4f5f7; margin: 0; color: #1d1f23; }
        main { max-width: 24rem; margin: 4rem auto; background: #fff; padding: 2rem; border-radius: .5rem; box-shadow: 0 1px 4px rgba(0,0,0,.1); }
        h1 { font-size: 1.4rem; margin-top: 0; }
        label { display: block; margin: 1rem 0 .3rem; font-weight: 600; }
        input { width: 100%; box-sizing: border-box; padding: .55rem; border: 1px solid #b9bec7; border-radius: .3rem; font-size: 1rem; }
        button { margin-top: 1.4rem; width: 100%; padding: .65rem; border: 0; border-radius: .3rem; background: #2357d9; color: #fff; font-size: 1rem; cursor: pointer; }
        .error { background: #fdecec; color: #8a1c1c; padding: .6rem .8rem; border-radius: .3rem; }
        .field-error { color: #8a1c1c; font-size: .9rem; }
        p.alt { margin-top: 1.4rem; text-align: center; }
        """;

    /// <summary>The CSP source that allows exactly <see cref="Css"/> as an inline style.</summary>
    public static readonly string Hash = $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Css)))}'";
}
