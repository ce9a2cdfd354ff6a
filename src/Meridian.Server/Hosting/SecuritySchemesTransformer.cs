using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Meridian.Server.Hosting;

/// <summary>Names the contract's two credentials in the OpenAPI document so the API reference can send them.</summary>
internal sealed class SecuritySchemesTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "Meridian";
        document.Info.Description = "A resilient, headless commerce engine. Send a channel key in X-Api-Key; customers add a bearer token.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["ApiKey"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "X-Api-Key",
            Description = "A publishable (pk_) or secret (sk_) key.",
        };
        document.Components.SecuritySchemes["Customer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A customer's access token from POST /v1/customers/token.",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("ApiKey", document)] = [] });
        return Task.CompletedTask;
    }
}
