using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ProcurementGroup.Web.Infrastructure.Authorization;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.Security;

/// <summary>Every endpoint declares who may reach it; member-scoped resources go through one path.</summary>
public sealed class DenyByDefaultTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public void EveryEndpoint_NamesAPolicyOrAllowsAnonymous()
    {
        var endpoints = AppEndpoints.List(app.Services);
        Assert.True(endpoints.Count > 50, $"only {endpoints.Count} endpoints found: the list is not the app's");

        var undeclared = endpoints
            .Select(e => (e.Key, e.Endpoint, Why: AppEndpoints.MissingDeclaration(e.Endpoint)))
            .Where(e => e.Why is not null)
            .Select(e => $"{e.Key} ({e.Endpoint.DisplayName}): {e.Why} [{string.Join(", ", e.Endpoint.Metadata.Select(m => m.GetType().Name))}]")
            .ToList();
        Assert.True(undeclared.Count == 0, "Endpoints without a declared access rule:\n" + string.Join('\n', undeclared));
    }

    [Fact]
    public void EveryNamedPolicy_IsRegistered()
    {
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuthorizationOptions>>().Value;
        var named = AppEndpoints.List(app.Services)
            .SelectMany(e => e.Endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>())
            .Select(d => d.Policy)
            .OfType<string>()
            .Distinct()
            .ToList();
        Assert.NotEmpty(named);
        Assert.All(named, p => Assert.NotNull(options.GetPolicy(p)));
        Assert.All(named, p => Assert.Contains(p, Policies.EndpointPolicies));
    }

    [Fact]
    public void MissingDeclaration_FlagsBareAuthorizeAndNothing()
    {
        static Endpoint With(params object[] metadata) => new(_ => Task.CompletedTask, new EndpointMetadataCollection(metadata), "test");

        Assert.NotNull(AppEndpoints.MissingDeclaration(With()));
        Assert.NotNull(AppEndpoints.MissingDeclaration(With(new AuthorizeAttribute())));
        Assert.NotNull(AppEndpoints.MissingDeclaration(With(new AuthorizeAttribute(Policies.Staff), new AuthorizeAttribute())));
        Assert.Null(AppEndpoints.MissingDeclaration(With(new AuthorizeAttribute(Policies.SignedIn))));
        Assert.Null(AppEndpoints.MissingDeclaration(With(new AllowAnonymousAttribute())));
    }

    /// <summary>Controllers load member-scoped resources through IMemberScope; none asks IMemberAccess by hand.</summary>
    [Fact]
    public void NoController_AsksMemberAccessByHand()
    {
        var controllers = AppEndpoints.List(app.Services)
            .Select(e => e.Endpoint.Metadata.GetMetadata<ControllerActionDescriptor>()?.ControllerTypeInfo)
            .OfType<System.Reflection.TypeInfo>()
            .Distinct()
            .ToList();
        Assert.True(controllers.Count >= 10, $"only {controllers.Count} controllers found");
        var offenders = controllers
            .Where(c => c.GetConstructors().SelectMany(k => k.GetParameters()).Any(p => p.ParameterType == typeof(IMemberAccess)))
            .Select(c => c.Name)
            .ToList();
        Assert.Empty(offenders);
    }

    /// <summary>Views ask policies (IAuthorizationService), never role names; and no page carries inline script or style.</summary>
    [Fact]
    public void Views_AskPoliciesAndCarryNoInlineScriptOrStyle()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "ProcurementGroup.sln")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        var views = Directory.GetFiles(Path.Combine(root.FullName, "src", "ProcurementGroup.Web", "Features"), "*.cshtml", SearchOption.AllDirectories);
        Assert.True(views.Length > 30, $"only {views.Length} views found");
        var inlineScript = new System.Text.RegularExpressions.Regex(@"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+=""|style=""", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        var offenders = views
            .SelectMany(v => File.ReadAllLines(v).Select((line, i) => (File: Path.GetFileName(v), Line: i + 1, Text: line)))
            .Where(l => l.Text.Contains("IsInRole", StringComparison.Ordinal) || inlineScript.IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();
        Assert.True(offenders.Count == 0, string.Join('\n', offenders));
    }
}
