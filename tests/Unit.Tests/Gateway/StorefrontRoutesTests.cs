using Gateway.Storefront;

namespace Unit.Tests.Gateway;

/// <summary>Which GETs the gateway answers with the web app's index.html, and which stay the backend's.</summary>
public sealed class StorefrontRoutesTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/cart")]
    [InlineData("/orders/4f1c1f43-5b7e-4a43-9d7e-3b1f0f0d2a11")]
    [InlineData("/admin/products/MUG-1")]
    [InlineData("/apis")] // only whole segments are the backend's
    [InlineData("/accounting")]
    public void A_screen_of_the_app_gets_the_index_page(string path) => Assert.True(StorefrontRoutes.IsAppScreen(path));

    [Theory]
    [InlineData("/api")]
    [InlineData("/api/v2/nothing")]
    [InlineData("/API/v1/users")]
    [InlineData("/connect/token")]
    [InlineData("/account/login")]
    [InlineData("/.well-known/openid-configuration")]
    [InlineData("/openapi/users.json")]
    [InlineData("/docs")]
    [InlineData("/health/ready")]
    [InlineData("/assets/index-C5iPgj0S.js")] // a file: served if it exists, else a 404, never the page
    [InlineData("/favicon.ico")]
    [InlineData("/.git/config")]
    [InlineData("/admin/.ssh/id_rsa")]
    public void A_backend_path_or_a_file_never_gets_the_index_page(string path) => Assert.False(StorefrontRoutes.IsAppScreen(path));

    [Theory]
    [InlineData("/assets/index-C5iPgj0S.js", StorefrontHeaders.ImmutableAsset)]
    [InlineData("/index.html", StorefrontHeaders.Revalidate)]
    [InlineData("/favicon.svg", StorefrontHeaders.Revalidate)]
    public void Only_content_hashed_assets_are_cached_for_good(string path, string cacheControl)
    {
        var http = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        StorefrontHeaders.Apply(http.Response, path);
        Assert.Equal(cacheControl, http.Response.Headers.CacheControl.ToString());
    }
}
