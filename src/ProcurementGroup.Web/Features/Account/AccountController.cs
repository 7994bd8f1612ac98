using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using ProcurementGroup.Core.Accounts;
using ProcurementGroup.Web.Features.Users;
using ProcurementGroup.Web.Infrastructure.Authorization;
using ProcurementGroup.Web.Infrastructure.Localization;

namespace ProcurementGroup.Web.Features.Account;

[Authorize(Policy = Policies.SignedIn)]
public sealed class AccountController(
    SignInManager<AppUser> signInManager,
    UserManager<AppUser> userManager,
    AccountEmails emails,
    UserAdministration administration,
    IStringLocalizer<SharedResource> t) : Controller
{
    public const string BadCredentials = "Adresse électronique ou mot de passe incorrect.";

    public const string ForgotPasswordAnswer =
        "Si un compte existe pour cette adresse, un courriel vient d'y être envoyé avec un lien pour choisir un nouveau mot de passe.";

    [HttpGet]
    [AllowAnonymous]
    public IActionResult Login(string? returnUrl = null) => View(new LoginViewModel { ReturnUrl = returnUrl });

    [HttpPost]
    [AllowAnonymous]
    public async Task<IActionResult> Login(LoginViewModel model)
    {
        if (!ModelState.IsValid)
        {
            return View(model);
        }

        var email = model.Email!.Trim();
        var result = await signInManager.PasswordSignInAsync(email, model.Password!, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return LocalRedirectOrHome(model.ReturnUrl);
        }

        if (result.RequiresTwoFactor)
        {
            return RedirectToAction(nameof(LoginWithTwoFactor), new { returnUrl = model.ReturnUrl });
        }

        // One answer for every refusal (unknown address, wrong password, locked, disabled): the page tells nobody
        // which accounts exist nor their state. A lockout is lifted by the "forgotten password" link.
        await administration.RecordSignInEventAsync(email, "LoginFailed");
        ModelState.AddModelError(string.Empty, t[BadCredentials]);
        model.Password = null;
        return View(model);
    }

    /// <summary>The second step of a login with two-factor authentication: the authenticator app's code.</summary>
    [HttpGet]
    [AllowAnonymous]
    public async Task<IActionResult> LoginWithTwoFactor(string? returnUrl = null) =>
        await signInManager.GetTwoFactorAuthenticationUserAsync() is null
            ? RedirectToAction(nameof(Login))
            : View(new TwoFactorLoginViewModel { ReturnUrl = returnUrl });

    [HttpPost]
    [AllowAnonymous]
    public async Task<IActionResult> LoginWithTwoFactor(TwoFactorLoginViewModel model)
    {
        var user = await signInManager.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return RedirectToAction(nameof(Login));
        }

        if (!ModelState.IsValid)
        {
            return View(new TwoFactorLoginViewModel { ReturnUrl = model.ReturnUrl });
        }

        var result = await signInManager.TwoFactorAuthenticatorSignInAsync(
            TwoFactor.TwoFactorController.Digits(model.Code), isPersistent: false, rememberClient: false);
        if (result.Succeeded)
        {
            return LocalRedirectOrHome(model.ReturnUrl);
        }

        await administration.RecordSignInEventAsync(user.Email, "TwoFactorLoginFailed");
        ModelState.AddModelError(nameof(TwoFactorLoginViewModel.Code), t[TwoFactor.TwoFactorController.WrongCode]);
        return View(new TwoFactorLoginViewModel { ReturnUrl = model.ReturnUrl });
    }

    /// <summary>The second step with a recovery code instead of the app (each code works once).</summary>
    [HttpGet]
    [AllowAnonymous]
    public async Task<IActionResult> LoginWithRecoveryCode(string? returnUrl = null) =>
        await signInManager.GetTwoFactorAuthenticationUserAsync() is null
            ? RedirectToAction(nameof(Login))
            : View(new RecoveryCodeLoginViewModel { ReturnUrl = returnUrl });

    [HttpPost]
    [AllowAnonymous]
    public async Task<IActionResult> LoginWithRecoveryCode(RecoveryCodeLoginViewModel model)
    {
        var user = await signInManager.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return RedirectToAction(nameof(Login));
        }

        if (!ModelState.IsValid)
        {
            return View(new RecoveryCodeLoginViewModel { ReturnUrl = model.ReturnUrl });
        }

        var result = await signInManager.TwoFactorRecoveryCodeSignInAsync(model.RecoveryCode!.Trim());
        if (result.Succeeded)
        {
            await administration.RecordSignInEventAsync(user.Email, "RecoveryCodeUsed");
            return LocalRedirectOrHome(model.ReturnUrl);
        }

        await administration.RecordSignInEventAsync(user.Email, "RecoveryCodeLoginFailed");
        ModelState.AddModelError(nameof(RecoveryCodeLoginViewModel.RecoveryCode), t["Ce code de récupération est incorrect ou a déjà servi."]);
        return View(new RecoveryCodeLoginViewModel { ReturnUrl = model.ReturnUrl });
    }

    [HttpPost]
    [AllowAnonymous]
    public async Task<IActionResult> Logout()
    {
        await signInManager.SignOutAsync();
        return RedirectToAction(nameof(Login));
    }

    [HttpGet]
    public IActionResult ChangePassword() => View(new ChangePasswordViewModel());

    [HttpPost]
    public async Task<IActionResult> ChangePassword(ChangePasswordViewModel model)
    {
        if (!ModelState.IsValid)
        {
            return View(new ChangePasswordViewModel());
        }

        var user = await userManager.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        // A wrong current password counts towards the lockout like a wrong login (a stolen session must not guess it).
        if (!await userManager.CheckPasswordAsync(user, model.CurrentPassword!))
        {
            await userManager.AccessFailedAsync(user);
            await administration.RecordSignInEventAsync(user.Email, "ChangePasswordFailed");
            if (await userManager.IsLockedOutAsync(user))
            {
                await signInManager.SignOutAsync();
                return RedirectToAction(nameof(Login));
            }

            ModelState.AddModelError(nameof(ChangePasswordViewModel.CurrentPassword), t["Le mot de passe actuel est incorrect."]);
            return View(new ChangePasswordViewModel());
        }

        var result = await userManager.ChangePasswordAsync(user, model.CurrentPassword!, model.NewPassword!);
        if (!result.Succeeded)
        {
            AddErrors(result, nameof(ChangePasswordViewModel.NewPassword), nameof(ChangePasswordViewModel.CurrentPassword));
            return View(new ChangePasswordViewModel());
        }

        // The stamp changed: renew this session's cookie (the other sessions end at their next check).
        await administration.RecordSelfServiceAsync(user.Id, "PasswordChanged");
        await signInManager.RefreshSignInAsync(user);
        TempData["Success"] = t["Votre mot de passe a été changé."].Value;
        return RedirectToAction("Index", "Home");
    }

    [HttpGet]
    [AllowAnonymous]
    public IActionResult ForgotPassword() => View(new ForgotPasswordViewModel());

    [HttpPost]
    [AllowAnonymous]
    public async Task<IActionResult> ForgotPassword(ForgotPasswordViewModel model, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return View(model);
        }

        var user = await userManager.FindByEmailAsync(model.Email!.Trim());
        if (user is { IsDisabled: false })
        {
            await emails.SendPasswordResetAsync(user, cancellationToken);
        }

        // The same answer whether or not the account exists: the page must not tell who has an account.
        model.Sent = true;
        return View(model);
    }

    [HttpGet]
    [AllowAnonymous]
    public IActionResult ResetPassword(string? email, string? token) =>
        View(new NewPasswordViewModel { Email = email, Token = token });

    [HttpPost]
    [AllowAnonymous]
    public async Task<IActionResult> ResetPassword(NewPasswordViewModel model)
    {
        if (!ModelState.IsValid)
        {
            return View(model.WithoutPasswords());
        }

        var user = await userManager.FindByEmailAsync(model.Email!);
        if (user is null || user.IsDisabled)
        {
            ModelState.AddModelError(string.Empty, t["Ce lien n'est plus valide. Demandez-en un nouveau."]);
            return View(model.WithoutPasswords());
        }

        var result = await userManager.ResetPasswordAsync(user, model.Token!, model.NewPassword!);
        if (!result.Succeeded)
        {
            AddErrors(result, nameof(NewPasswordViewModel.NewPassword));
            return View(model.WithoutPasswords());
        }

        await UnlockAsync(user);
        await administration.RecordSelfServiceAsync(user.Id, "PasswordReset");
        TempData["Success"] = t["Votre mot de passe a été changé : vous pouvez vous connecter."].Value;
        return RedirectToAction(nameof(Login));
    }

    [HttpGet]
    [AllowAnonymous]
    public IActionResult SetPassword(string? email, string? token) =>
        View(new NewPasswordViewModel { Email = email, Token = token });

    /// <summary>The invitation link: sets the first password and confirms the address the invitation reached.</summary>
    [HttpPost]
    [AllowAnonymous]
    public async Task<IActionResult> SetPassword(NewPasswordViewModel model)
    {
        if (!ModelState.IsValid)
        {
            return View(model.WithoutPasswords());
        }

        var user = await userManager.FindByEmailAsync(model.Email!);
        if (user is null || user.IsDisabled
            || !await userManager.VerifyUserTokenAsync(user, InvitationTokenProvider.ProviderName, InvitationTokenProvider.Purpose, model.Token!))
        {
            ModelState.AddModelError(string.Empty, t["Ce lien d'invitation n'est plus valide. Demandez à l'administrateur de vous le renvoyer."]);
            return View(model.WithoutPasswords());
        }

        // Setting the password changes the security stamp, which makes this invitation link unusable afterwards.
        var reset = await userManager.GeneratePasswordResetTokenAsync(user);
        var result = await userManager.ResetPasswordAsync(user, reset, model.NewPassword!);
        if (!result.Succeeded)
        {
            AddErrors(result, nameof(NewPasswordViewModel.NewPassword));
            return View(model.WithoutPasswords());
        }

        user.EmailConfirmed = true;
        await userManager.UpdateAsync(user);
        await administration.RecordSelfServiceAsync(user.Id, "InvitationAccepted");
        TempData["Success"] = t["Votre mot de passe est enregistré : vous pouvez vous connecter."].Value;
        return RedirectToAction(nameof(Login));
    }

    private IActionResult LocalRedirectOrHome(string? returnUrl) =>
        Url.IsLocalUrl(returnUrl) ? LocalRedirect(returnUrl) : RedirectToAction("Index", "Home");

    private async Task UnlockAsync(AppUser user)
    {
        // Proving access to the mailbox is enough to lift a lockout.
        await userManager.SetLockoutEndDateAsync(user, null);
        await userManager.ResetAccessFailedCountAsync(user);
    }

    private void AddErrors(IdentityResult result, string passwordField, string? mismatchField = null)
    {
        foreach (var error in result.Errors)
        {
            var field = error.Code switch
            {
                nameof(IdentityErrorDescriber.PasswordMismatch) => mismatchField ?? string.Empty,
                nameof(IdentityErrorDescriber.InvalidToken) => string.Empty,
                _ when error.Code.StartsWith("Password", StringComparison.Ordinal) => passwordField,
                _ => string.Empty,
            };
            ModelState.AddModelError(field, error.Description);
        }
    }
}
