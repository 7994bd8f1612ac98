using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ProcurementGroup.Web.Infrastructure.Security;

namespace ProcurementGroup.Web.Tests.Accounts;

/// <summary>Issue 6, defect 4: which endpoints the rate limiter guards, read from the app's own endpoint list.</summary>
public sealed class RateLimitedEndpointsTests(AccountsTestApp app) : IClassFixture<AccountsTestApp>
{
    [Fact]
    public void PasswordChecks_PasswordPages_AndEveryUpload_AreRateLimited_AndNothingElse()
    {
        var limited = app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Where(e => e.Metadata.GetMetadata<EnableRateLimitingAttribute>() is not null)
            .Select(e => (
                Action: e.Metadata.GetMetadata<ControllerActionDescriptor>() is { } a ? $"{a.ControllerName}.{a.MethodInfo.Name}" : e.DisplayName,
                Policy: e.Metadata.GetMetadata<EnableRateLimitingAttribute>()!.PolicyName))
            .OrderBy(e => e.Action, StringComparer.Ordinal)
            .ToList();

        (string? Action, string? Policy)[] expected =
        [
            ("Account.ChangePassword", AbuseLimits.Login),
            ("Account.ForgotPassword", AbuseLimits.Password),
            ("Account.Login", AbuseLimits.Login),
            ("Account.LoginWithRecoveryCode", AbuseLimits.Login),
            ("Account.LoginWithTwoFactor", AbuseLimits.Login),
            ("Account.ResetPassword", AbuseLimits.Password),
            ("Account.SetPassword", AbuseLimits.Password),
            ("Campaigns.ImportPost", AbuseLimits.Upload),
            ("Coordinator.Edit", AbuseLimits.Upload),
            ("Members.Import", AbuseLimits.Upload),
            ("NeedsDocuments.UploadPost", AbuseLimits.Upload),
            ("Offers.UploadBpu", AbuseLimits.Upload),
        ];
        Assert.Equal(expected, limited);
    }
}
