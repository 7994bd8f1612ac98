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
            return Url.IsLocalUrl(model.ReturnUrl) ? LocalRedirect(model.ReturnUrl) : RedirectToAction("Index", "Home");
        }

        var user = await userManager.FindByEmailAsync(email);
        if (result.IsLockedOut && user?.LockoutEnd is { } end)
        {
            ModelState.AddModelError(string.Empty, t["Trop d'essais infructueux : le compte est verrouillé jusqu'à {0} (heure de Paris).", Fr.Instant(end.UtcDateTime)]);
        }
        else if (result.IsNotAllowed && user is { IsDisabled: true } && await userManager.CheckPasswordAsync(user, model.Password!))
        {
            // Said only to whoever knows the password: to anyone else the account looks like any wrong attempt.
            ModelState.AddModelError(string.Empty, t["Ce compte est désactivé. Adressez-vous à l'administrateur du groupement."]);
        }
        else
        {
            ModelState.AddModelError(string.Empty, t[BadCredentials]);
        }

        model.Password = null;
        return View(model);
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
