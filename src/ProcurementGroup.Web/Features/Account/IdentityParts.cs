using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using ProcurementGroup.Core.Accounts;
using ProcurementGroup.Data.Accounts;

namespace ProcurementGroup.Web.Features.Account;

/// <summary>
/// The sign-in rules of the app on top of Identity's: a disabled account neither signs in nor keeps its session, and
/// every attempt costs one password hash and gets the same answer whatever the account's state (unknown, disabled,
/// locked, without a password yet): the page must not tell which accounts exist nor their state.
/// </summary>
public sealed class AppSignInManager(
    UserManager<AppUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<AppUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<AppUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<AppUser> confirmation)
    : SignInManager<AppUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    private static string? _dummyHash;

    public override async Task<bool> CanSignInAsync(AppUser user) => !user.IsDisabled && await base.CanSignInAsync(user);

    public override async Task<AppUser?> ValidateSecurityStampAsync(ClaimsPrincipal? principal)
    {
        // Disabling also changes the stamp; this check holds even if the stamp were left unchanged.
        var user = await base.ValidateSecurityStampAsync(principal);
        return user is { IsDisabled: false } ? user : null;
    }

    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var user = await UserManager.FindByNameAsync(userName);
        if (user is null)
        {
            // An unknown address costs the same hash as a known one.
            VerifyAgainstDummyHash(password);
            return SignInResult.Failed;
        }

        return await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
    }

    /// <summary>
    /// The password is checked first, whatever the account's state. Every wrong password is counted (atomically, see
    /// <see cref="AppUserManager.AccessFailedAsync"/>), also while locked; a right one on a locked or disabled account
    /// is refused without being counted. The caller shows one message for every refusal.
    /// </summary>
    public override async Task<SignInResult> CheckPasswordSignInAsync(AppUser user, string password, bool lockoutOnFailure)
    {
        ArgumentNullException.ThrowIfNull(user);
        bool passwordOk;
        if (user.PasswordHash is null)
        {
            // An invited account has no password yet: Identity would answer without hashing.
            VerifyAgainstDummyHash(password);
            passwordOk = false;
        }
        else
        {
            passwordOk = await UserManager.CheckPasswordAsync(user, password);
        }

        if (!passwordOk)
        {
            if (lockoutOnFailure && UserManager.SupportsUserLockout)
            {
                await UserManager.AccessFailedAsync(user);
            }

            return SignInResult.Failed;
        }

        if (UserManager.SupportsUserLockout && await UserManager.IsLockedOutAsync(user))
        {
            return SignInResult.LockedOut;
        }

        if (!await CanSignInAsync(user))
        {
            return SignInResult.NotAllowed;
        }

        // With two factors the count is reset once the second one is right (Identity does it then).
        if (!await UserManager.GetTwoFactorEnabledAsync(user))
        {
            await UserManager.ResetAccessFailedCountAsync(user);
        }

        return SignInResult.Success;
    }

    private void VerifyAgainstDummyHash(string password)
    {
        var hasher = UserManager.PasswordHasher;
        _dummyHash ??= hasher.HashPassword(new AppUser(), Guid.NewGuid().ToString("N"));
        hasher.VerifyHashedPassword(new AppUser(), _dummyHash, password);
    }
}

/// <summary>Identity's user manager with the failure count kept in the database rather than in memory.</summary>
public sealed class AppUserManager(
    IUserStore<AppUser> store,
    IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<AppUser> passwordHasher,
    IEnumerable<IUserValidator<AppUser>> userValidators,
    IEnumerable<IPasswordValidator<AppUser>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<AppUser>> logger,
    TimeProvider clock)
    : UserManager<AppUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    /// <summary>
    /// Identity increments the count in memory and saves the row under its concurrency stamp, so parallel failures
    /// lose increments (and the lockout). Here one SQL statement counts the failure and sets the lockout end.
    /// </summary>
    public override async Task<IdentityResult> AccessFailedAsync(AppUser user)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(user);
        if (Store is not IUserAccessFailureStore counter)
        {
            return await base.AccessFailedAsync(user);
        }

        var failure = await counter.RecordAccessFailureAsync(
            user.Id, Options.Lockout.MaxFailedAccessAttempts, clock.GetUtcNow() + Options.Lockout.DefaultLockoutTimeSpan, CancellationToken);
        user.AccessFailedCount = failure.AccessFailedCount;
        user.LockoutEnd = failure.LockoutEnd;
        user.ConcurrencyStamp = failure.ConcurrencyStamp;
        return IdentityResult.Success;
    }
}

/// <summary>The cookie's claims: id, e-mail, a display name, and one Role claim per role.</summary>
public sealed class AppClaimsPrincipalFactory(UserManager<AppUser> userManager, IOptions<IdentityOptions> optionsAccessor)
    : UserClaimsPrincipalFactory<AppUser>(userManager, optionsAccessor)
{
    /// <summary>Present when the account has two-factor authentication on.</summary>
    public const string TwoFactorClaimType = "pg:2fa";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        var name = identity.FindFirst(Options.ClaimsIdentity.UserNameClaimType);
        if (name is not null)
        {
            identity.RemoveClaim(name);
        }

        identity.AddClaim(new Claim(Options.ClaimsIdentity.UserNameClaimType, string.IsNullOrWhiteSpace(user.DisplayName) ? user.Email : user.DisplayName));
        if (!identity.HasClaim(c => c.Type == ClaimTypes.Email))
        {
            identity.AddClaim(new Claim(ClaimTypes.Email, user.Email));
        }

        foreach (var role in await UserManager.GetRolesAsync(user))
        {
            identity.AddClaim(new Claim(Options.ClaimsIdentity.RoleClaimType, role));
        }

        // Rebuilt with the stamp check and on every refresh: the two-factor requirement reads it without a query.
        if (user.TwoFactorEnabled)
        {
            identity.AddClaim(new Claim(TwoFactorClaimType, "1"));
        }

        return identity;
    }
}

public sealed class InvitationTokenProviderOptions : DataProtectionTokenProviderOptions;

/// <summary>The invitation link's token: its own purpose and a longer life (7 days) than a password reset's (24 hours).</summary>
public sealed class InvitationTokenProvider(
    IDataProtectionProvider dataProtectionProvider,
    IOptions<InvitationTokenProviderOptions> options,
    ILogger<DataProtectorTokenProvider<AppUser>> logger)
    : DataProtectorTokenProvider<AppUser>(dataProtectionProvider, options, logger)
{
    public const string ProviderName = "Invitation";

    public const string Purpose = "SetFirstPassword";
}

/// <summary>Identity's messages in French.</summary>
public sealed class FrenchIdentityErrorDescriber : IdentityErrorDescriber
{
    public override IdentityError DefaultError() => Error(nameof(DefaultError), "Une erreur est survenue.");

    public override IdentityError ConcurrencyFailure() => Error(nameof(ConcurrencyFailure), "Le compte a été modifié entre-temps ; rechargez la page et réessayez.");

    public override IdentityError PasswordMismatch() => Error(nameof(PasswordMismatch), "Le mot de passe actuel est incorrect.");

    public override IdentityError InvalidToken() => Error(nameof(InvalidToken), "Ce lien n'est plus valide. Demandez-en un nouveau.");

    public override IdentityError RecoveryCodeRedemptionFailed() => Error(nameof(RecoveryCodeRedemptionFailed), "Le code de récupération est incorrect.");

    public override IdentityError LoginAlreadyAssociated() => Error(nameof(LoginAlreadyAssociated), "Ce compte externe est déjà associé à un utilisateur.");

    public override IdentityError InvalidUserName(string? userName) => Error(nameof(InvalidUserName), $"L'identifiant « {userName} » n'est pas valide.");

    public override IdentityError InvalidEmail(string? email) => Error(nameof(InvalidEmail), $"L'adresse électronique « {email} » n'est pas valide.");

    public override IdentityError DuplicateUserName(string userName) => Error(nameof(DuplicateUserName), $"Un compte existe déjà pour « {userName} ».");

    public override IdentityError DuplicateEmail(string email) => Error(nameof(DuplicateEmail), $"Un compte existe déjà pour l'adresse « {email} ».");

    public override IdentityError InvalidRoleName(string? role) => Error(nameof(InvalidRoleName), $"Le rôle « {role} » n'existe pas.");

    public override IdentityError DuplicateRoleName(string role) => Error(nameof(DuplicateRoleName), $"Le rôle « {role} » existe déjà.");

    public override IdentityError UserAlreadyHasPassword() => Error(nameof(UserAlreadyHasPassword), "Ce compte a déjà un mot de passe.");

    public override IdentityError UserLockoutNotEnabled() => Error(nameof(UserLockoutNotEnabled), "Le verrouillage n'est pas activé pour ce compte.");

    public override IdentityError UserAlreadyInRole(string role) => Error(nameof(UserAlreadyInRole), $"L'utilisateur a déjà le rôle « {role} ».");

    public override IdentityError UserNotInRole(string role) => Error(nameof(UserNotInRole), $"L'utilisateur n'a pas le rôle « {role} ».");

    public override IdentityError PasswordTooShort(int length) => Error(nameof(PasswordTooShort), $"Le mot de passe doit contenir au moins {length} caractères.");

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) =>
        Error(nameof(PasswordRequiresUniqueChars), $"Le mot de passe doit contenir au moins {uniqueChars} caractères différents.");

    public override IdentityError PasswordRequiresNonAlphanumeric() => Error(nameof(PasswordRequiresNonAlphanumeric), "Le mot de passe doit contenir au moins un caractère spécial.");

    public override IdentityError PasswordRequiresDigit() => Error(nameof(PasswordRequiresDigit), "Le mot de passe doit contenir au moins un chiffre.");

    public override IdentityError PasswordRequiresLower() => Error(nameof(PasswordRequiresLower), "Le mot de passe doit contenir au moins une minuscule.");

    public override IdentityError PasswordRequiresUpper() => Error(nameof(PasswordRequiresUpper), "Le mot de passe doit contenir au moins une majuscule.");

    private static IdentityError Error(string code, string description) => new() { Code = code, Description = description };
}
