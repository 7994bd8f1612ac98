using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ProcurementGroup.Core.Accounts;
using ProcurementGroup.Data.Accounts;
using ProcurementGroup.Web.Infrastructure;
using ProcurementGroup.Web.Infrastructure.Mail;
using ProcurementGroup.Web.Infrastructure.Seeding;

namespace ProcurementGroup.Web.Features.Account;

public static class AccountServices
{
    public static IServiceCollection AddAccountFeature(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddIdentityCore<AppUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                // The user name is the e-mail address: any character an address may hold is allowed.
                o.User.AllowedUserNameCharacters = string.Empty;
                o.SignIn.RequireConfirmedAccount = false;

                // Issue 2: 12 characters or more; length beats character classes, so no class is required,
                // only a few distinct characters so that "aaaaaaaaaaaa" is refused.
                o.Password.RequiredLength = 12;
                o.Password.RequiredUniqueChars = 4;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;

                // Issue 2: lockout after 5 failures for 15 minutes, new accounts included.
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;

                o.Tokens.ProviderMap[InvitationTokenProvider.ProviderName] = new TokenProviderDescriptor(typeof(InvitationTokenProvider));
            })
            .AddUserStore<UserStore>()
            .AddErrorDescriber<FrenchIdentityErrorDescriber>()
            .AddClaimsPrincipalFactory<AppClaimsPrincipalFactory>()
            .AddUserManager<AppUserManager>()
            .AddSignInManager<AppSignInManager>()
            // Not AddDefaultTokenProviders: its phone provider needs a phone store, and its e-mail provider would offer
            // codes by e-mail as a second factor. Links use the default provider; the second factor is the authenticator app.
            .AddTokenProvider<DataProtectorTokenProvider<AppUser>>(TokenOptions.DefaultProvider)
            .AddTokenProvider<AuthenticatorTokenProvider<AppUser>>(TokenOptions.DefaultAuthenticatorProvider);
        services.Replace(ServiceDescriptor.Scoped<ILookupNormalizer, SafeLookupNormalizer>());
        services.AddTransient<InvitationTokenProvider>();
        services.Configure<InvitationTokenProviderOptions>(o =>
        {
            o.Name = InvitationTokenProvider.ProviderName;
            o.TokenLifespan = TimeSpan.FromDays(7);
        });
        services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromHours(24));

        // Role changes and disabling must reach open sessions quickly: the cookie is checked against the
        // database every minute (the principal is rebuilt with the current roles, a changed stamp ends it).
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/Account/Login";
            o.LogoutPath = "/Account/Logout";
            o.AccessDeniedPath = "/Home/Status/403";
            o.Cookie.Name = "pg.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            // A signed-in user without the right answers 403 (the status page says so) instead of a redirect.
            o.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });

        services.AddSingleton<TwoFactorRequirement>();
        services.AddSingleton<IUserRepository, UserRepository>();
        services.AddSingleton<IAccountMemberDirectory, AccountMemberDirectory>();
        services.AddScoped<AccountLinks>();
        services.AddScoped<AccountEmails>();
        services.AddScoped<CreateAdminCommand>();

        // The platform feature registers the real mailer (SMTP + outbox + jobs); until then e-mails stay in the outbox.
        services.TryAddScoped<IMailer, OutboxOnlyMailer>();

        // Demo accounts: StartupTasks runs the seed steps only in Development (or -- seed-demo, refused elsewhere).
        services.AddScoped<IDemoSeedStep, DemoAccountsSeedStep>();
        return services;
    }
}
