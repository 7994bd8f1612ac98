using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using ProcurementGroup.Core.Accounts;
using ProcurementGroup.Web.Features.Account;
using ProcurementGroup.Web.Features.Users;
using ProcurementGroup.Web.Infrastructure.Authorization;
using ProcurementGroup.Web.Infrastructure.Localization;

namespace ProcurementGroup.Web.Features.TwoFactor;

/// <summary>
/// Two-factor authentication of one's own account with an authenticator app (TOTP, Identity's authenticator token
/// provider): turn it on with a first code, see the recovery codes once, make new ones, turn it off.
/// </summary>
[Authorize(Policy = Policies.SignedIn)]
[AllowWithoutTwoFactor]
public sealed class TwoFactorController(
    UserManager<AppUser> userManager,
    SignInManager<AppUser> signInManager,
    UserAdministration administration,
    TwoFactorRequirement requirement,
    UrlEncoder urlEncoder,
    IStringLocalizer<SharedResource> t) : Controller
{
    public const string Issuer = "ProcurementGroup";

    public const int RecoveryCodeCount = 10;

    public const string WrongCode = "Le code est incorrect ou a expiré. Saisissez le code à 6 chiffres affiché maintenant par l'application.";

    [HttpGet]
    public async Task<IActionResult> Index()
    {
        var user = await userManager.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        return View(new TwoFactorIndexViewModel
        {
            Enabled = user.TwoFactorEnabled,
            RecoveryCodesLeft = user.TwoFactorEnabled ? await userManager.CountRecoveryCodesAsync(user) : 0,
            Required = requirement.AppliesTo(User),
        });
    }

    [HttpGet]
    public async Task<IActionResult> Enable()
    {
        var user = await userManager.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (user.TwoFactorEnabled)
        {
            return RedirectToAction(nameof(Index));
        }

        return View(await EnableModelAsync(user, new EnableTwoFactorViewModel()));
    }

    [HttpPost]
    public async Task<IActionResult> Enable(EnableTwoFactorViewModel model)
    {
        var user = await userManager.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (user.TwoFactorEnabled)
        {
            return RedirectToAction(nameof(Index));
        }

        if (!ModelState.IsValid)
        {
            return View(await EnableModelAsync(user, model));
        }

        if (string.IsNullOrEmpty(user.AuthenticatorKey)
            || !await userManager.VerifyTwoFactorTokenAsync(user, userManager.Options.Tokens.AuthenticatorTokenProvider, Digits(model.Code)))
        {
            ModelState.AddModelError(nameof(EnableTwoFactorViewModel.Code), t[WrongCode]);
            return View(await EnableModelAsync(user, model));
        }

        await userManager.SetTwoFactorEnabledAsync(user, true);
        var codes = await userManager.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount) ?? [];
        await administration.RecordSelfServiceAsync(user.Id, "TwoFactorEnabled");
        await signInManager.RefreshSignInAsync(user);
        return View("RecoveryCodes", new RecoveryCodesViewModel { Codes = codes.ToList(), JustEnabled = true });
    }

    [HttpPost]
    public async Task<IActionResult> RecoveryCodes()
    {
        var user = await userManager.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (!user.TwoFactorEnabled)
        {
            return RedirectToAction(nameof(Enable));
        }

        var codes = await userManager.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount) ?? [];
        await administration.RecordSelfServiceAsync(user.Id, "RecoveryCodesRegenerated");
        return View(new RecoveryCodesViewModel { Codes = codes.ToList() });
    }

    [HttpPost]
    public async Task<IActionResult> Disable(DisableTwoFactorViewModel model)
    {
        var user = await userManager.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (!user.TwoFactorEnabled)
        {
            return RedirectToAction(nameof(Index));
        }

        if (requirement.AppliesTo(User))
        {
            TempData["Error"] = t["Votre rôle exige la double authentification : elle ne peut pas être désactivée."].Value;
            return RedirectToAction(nameof(Index));
        }

        if (!ModelState.IsValid
            || !await userManager.VerifyTwoFactorTokenAsync(user, userManager.Options.Tokens.AuthenticatorTokenProvider, Digits(model.Code)))
        {
            TempData["Error"] = t[WrongCode].Value;
            return RedirectToAction(nameof(Index));
        }

        await userManager.SetTwoFactorEnabledAsync(user, false);
        // A new key and no recovery code: turning it on again starts from scratch.
        await userManager.ResetAuthenticatorKeyAsync(user);
        await userManager.GenerateNewTwoFactorRecoveryCodesAsync(user, 0);
        await administration.RecordSelfServiceAsync(user.Id, "TwoFactorDisabled");
        await signInManager.RefreshSignInAsync(user);
        TempData["Success"] = t["La double authentification est désactivée."].Value;
        return RedirectToAction(nameof(Index));
    }

    /// <summary>The code as typed, without spaces or dashes ("123 456" is the same code).</summary>
    public static string Digits(string? code) =>
        new((code ?? string.Empty).Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray());

    private async Task<EnableTwoFactorViewModel> EnableModelAsync(AppUser user, EnableTwoFactorViewModel model)
    {
        var key = await userManager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            // A new key changes the security stamp: renew this session's cookie with it.
            await userManager.ResetAuthenticatorKeyAsync(user);
            await signInManager.RefreshSignInAsync(user);
            key = await userManager.GetAuthenticatorKeyAsync(user) ?? string.Empty;
        }

        model.SharedKey = FormatKey(key);
        model.AuthenticatorUri = string.Create(
            CultureInfo.InvariantCulture,
            $"otpauth://totp/{urlEncoder.Encode(Issuer)}:{urlEncoder.Encode(user.Email)}?secret={key}&issuer={urlEncoder.Encode(Issuer)}&digits=6");
        model.Code = null;
        model.Required = requirement.AppliesTo(User);
        return model;
    }

    private static string FormatKey(string key)
    {
        var result = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            if (i > 0)
            {
                result.Append(' ');
            }

            result.Append(key.AsSpan(i, Math.Min(4, key.Length - i)));
        }

        return result.ToString().ToLowerInvariant();
    }
}

public sealed class TwoFactorIndexViewModel
{
    public bool Enabled { get; init; }

    public int RecoveryCodesLeft { get; init; }

    public bool Required { get; init; }
}

public sealed class EnableTwoFactorViewModel
{
    [Display(Name = "Code à 6 chiffres")]
    [Required(ErrorMessage = "Saisissez le code affiché par l'application.")]
    [StringLength(12, ErrorMessage = "Le code est trop long.")]
    public string? Code { get; set; }

    public string SharedKey { get; set; } = string.Empty;

    public string AuthenticatorUri { get; set; } = string.Empty;

    public bool Required { get; set; }
}

public sealed class DisableTwoFactorViewModel
{
    [Display(Name = "Code à 6 chiffres")]
    [Required(ErrorMessage = "Saisissez le code affiché par l'application.")]
    [StringLength(12, ErrorMessage = "Le code est trop long.")]
    public string? Code { get; set; }
}

public sealed class RecoveryCodesViewModel
{
    public IReadOnlyList<string> Codes { get; init; } = [];

    public bool JustEnabled { get; init; }
}
