using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ServiceDefaults.OpenApi;

public static class TagExtensions
{
    /// <summary>Tags the group's operations and says, once, what the tag is (the API document's tag description).</summary>
    public static RouteGroupBuilder WithTag(this RouteGroupBuilder group, string name, string description) =>
        group.WithTags(name).WithMetadata(new TagDescription(name, description));
}
