using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Razor;
using ProcurementGroup.Data.Accounts;
using ProcurementGroup.Data.Auditing;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Mail;
using ProcurementGroup.Web.Features.Account;
using ProcurementGroup.Web.Features.Aggregation;
using ProcurementGroup.Web.Features.Campaigns;
using ProcurementGroup.Web.Features.Contracts;
using ProcurementGroup.Web.Features.Coordinator;
using ProcurementGroup.Web.Features.Costs;
using ProcurementGroup.Web.Features.Groups;
using ProcurementGroup.Web.Features.Members;
using ProcurementGroup.Web.Features.NeedsDocuments;
using ProcurementGroup.Web.Features.NeedsForms;
using ProcurementGroup.Web.Features.OpenData;
using ProcurementGroup.Web.Features.Runs;
using ProcurementGroup.Web.Features.Sites;
using ProcurementGroup.Web.Features.Statements;
using ProcurementGroup.Web.Features.Suppliers;
using ProcurementGroup.Web.Features.Tenders;
using ProcurementGroup.Web.Features.Thresholds;
using ProcurementGroup.Web.Features.Users;
using ProcurementGroup.Web.Infrastructure.Auditing;
using ProcurementGroup.Web.Infrastructure.Authorization;
using ProcurementGroup.Web.Infrastructure.Localization;
using ProcurementGroup.Web.Infrastructure.Platform;
using ProcurementGroup.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;

namespace ProcurementGroup.Web.Infrastructure;

/// <summary>Composition root: services, pipeline, start-up checks and the maintenance commands.</summary>
public static class AppHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        var (command, rest) = CommandLine.Split(args);
        var builder = WebApplication.CreateBuilder(rest);
        if (command is null && PublicBaseUrl.CheckAtStartup(builder.Configuration, builder.Environment) is { } refusal)
        {
            // One clear line for the operator, no stack trace; the maintenance commands send no links and are exempt.
            await Console.Error.WriteLineAsync(refusal);
            return 1;
        }

        ConfigureServices(builder);

        // Disposed on every way out: the console logger writes from a background queue, and a start-up refusal that
        // returns 1 at once would otherwise lose its one line for the operator (seen under load in CI).
        await using var app = builder.Build();

        var startup = app.Services.GetRequiredService<StartupTasks>();
        if (!await startup.PrepareDatabaseAsync(command))
        {
            return 1;
        }

        if (command is not null)
        {
            return await CommandLine.RunAsync(app, command, rest);
        }

        ConfigurePipeline(app);
        if (app.Environment.IsDevelopment())
        {
            EndpointAccess.ReportUndeclared(app);
        }

        startup.RegisterRecurringJobs();
        await startup.AnnounceAsync(app);
        await app.RunAsync();
        return 0;
    }

    public static void ConfigureServices(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;

        var databaseOptions = new DatabaseOptions();
        configuration.GetSection(DatabaseOptions.SectionName).Bind(databaseOptions);
        databaseOptions.ConnectionString ??= configuration.GetConnectionString("Default");
        services.AddSingleton(databaseOptions);
        var factory = DbConnectionFactory.FromOptions(databaseOptions, builder.Environment.ContentRootPath);
        services.AddSingleton(factory);
        services.AddSingleton<IDbConnectionFactory>(factory);
        services.AddSingleton<MigrationRunner>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<StartupTasks>();

        services.AddSingleton<IAuditLogRepository, AuditLogRepository>();
        services.AddSingleton<IOutboxRepository, OutboxRepository>();
        services.AddSingleton<IUserMemberRepository, UserMemberRepository>();
        services.AddSingleton<ProcurementGroup.Data.Needs.ICatalogueRepository, ProcurementGroup.Data.Needs.CatalogueRepository>();
        services.AddSingleton<ProcurementGroup.Data.Needs.INeedLinesStore, ProcurementGroup.Data.Needs.NeedLinesStore>();
        services.AddScoped<IAuditTrail, AuditTrail>();
        services.AddSingleton<Mail.EmailTemplates>();
        services.AddScoped<IMemberAccess, MemberAccess>();
        services.AddScoped<IAuthorizationHandler, MemberAccessHandler>();
        services.AddScoped<IMemberScope, MemberScope>();
        services.AddHttpContextAccessor();

        // French pages: write accented letters as they are rather than as &#xE9; entities (still HTML-safe).
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));

        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(o =>
        {
            string[] cultures = ["fr-FR", "en"];
            o.SetDefaultCulture("fr-FR").AddSupportedCultures(cultures).AddSupportedUICultures(cultures);
            o.RequestCultureProviders = [new CookieRequestCultureProvider()];
        });

        services.AddControllersWithViews(o =>
            {
                o.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
                FrenchModelBindingMessages.Apply(o.ModelBindingMessageProvider);
            })
            .AddRazorOptions(o =>
            {
                // One folder per feature: controllers, view models and views together.
                o.ViewLocationFormats.Clear();
                o.ViewLocationFormats.Add("/Features/{1}/{0}.cshtml");
                o.ViewLocationFormats.Add("/Features/Shared/{0}.cshtml");
            })
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, f) => f.Create(typeof(SharedResource)));

        services.AddAuthorization(Policies.Register);
        services.AddTransportSecurity(configuration, builder.Environment);

        // Request bodies: a little above the 5 MB upload limit so that the action, not the server, answers a too-large file.
        services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(o => o.MultipartBodyLengthLimit = UploadLimits.RequestBytes);
        builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = UploadLimits.RequestBytes);

        services.AddAccountFeature(configuration);
        services.AddAbuseLimits(configuration);
        services.AddUsersFeature();
        services.AddCoordinatorFeature();
        services.AddMembersFeature();
        services.AddGroupsFeature();
        services.AddSitesFeature();
        services.AddCampaignsFeature();
        services.AddNeedsFormsFeature();
        services.AddNeedsDocumentsFeature();
        services.AddAggregationFeature();
        services.AddThresholdsFeature();
        services.AddSuppliersFeature();
        services.AddTendersFeature();
        services.AddContractsFeature();
        services.AddCostsFeature();
        services.AddRunsFeature();
        services.AddStatementsFeature();
        services.AddOpenDataFeature();
        services.AddOcdsFeature(); // i10-ocds
        services.AddPlatform(configuration, builder.Environment, databaseOptions);
    }

    public static void ConfigurePipeline(WebApplication app)
    {
        app.UseTransportSecurity();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Home/Error");
        }

        app.UseStatusCodePagesWithReExecute("/Home/Status/{0}");
        app.UseRequestLocalization();

        // A body announced larger than the request limit is answered at once with the French "file too large" page,
        // rather than failing later while the form (and its antiforgery token) is read.
        app.Use((context, next) =>
        {
            if (context.Request.ContentLength > UploadLimits.RequestBytes
                && context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is null)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                return Task.CompletedTask;
            }

            return next(context);
        });
        app.UseRouting();
        app.UseAuthentication();
        app.UseMiddleware<TwoFactorRequirementMiddleware>();
        app.UseAuthorization();
        app.UseAbuseLimits();
        app.MapStaticAssets().AllowAnonymous();
        app.MapPlatformEndpoints();
        app.MapControllerRoute(name: "default", pattern: "{controller=Home}/{action=Index}/{id?}").WithStaticAssets();
    }
}

public static class UploadLimits
{
    /// <summary>The largest file users may upload.</summary>
    public const long FileBytes = 5 * 1024 * 1024;

    /// <summary>The request limit: the file plus the form around it.</summary>
    public const long RequestBytes = FileBytes + (512 * 1024);

    /// <summary>An XLSX is a zip: refuse one that unpacks to more than this (zip bomb).</summary>
    public const long UnzippedBytes = 50 * 1024 * 1024;
}
