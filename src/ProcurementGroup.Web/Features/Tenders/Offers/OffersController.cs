using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using ProcurementGroup.Data.Tenders;
using ProcurementGroup.Web.Features.NeedsDocuments;
using ProcurementGroup.Web.Infrastructure.Authorization;
using ProcurementGroup.Web.Infrastructure.Forms;
using ProcurementGroup.Web.Infrastructure.Localization;
using ProcurementGroup.Web.Infrastructure.Uploads;

namespace ProcurementGroup.Web.Features.Tenders.Offers;

/// <summary>
/// The offers of a tender's lot, for procurement officers (and administrators): the register of offers received (the
/// opening itself is the tender's closing, Tenders/Close, the one audited path), unit prices (typed or the lot's BPU), technical scores, the evaluation with its ranking,
/// ties, abnormally-low decisions and the price-formula simulator. Offers stay sealed until opened: before, every page
/// that would show a price or a score shows the sealed notice instead, whatever the role. Lots are keyed by tender lot
/// id, offers by offer id; a missing one answers 404. Member buyers and finance never reach these pages.
/// </summary>
[Authorize(Policy = Policies.ProcurementOfficer)]
public sealed class OffersController(OfferService service, IStringLocalizer<SharedResource> t) : Controller
{
    private const string Views = "~/Features/Tenders/Offers/";

    public async Task<IActionResult> Index(long id, CancellationToken cancellationToken)
    {
        if (await service.LoadLotAsync(id, cancellationToken) is not { } context)
        {
            return NotFound();
        }

        return await RegisterViewAsync(context, new OfferRegisterForm { LotIds = [id], ReceivedAt = Core.Text.ParisTime.ForInput(context.NowUtc) }, cancellationToken);
    }

    [HttpPost]
    public async Task<IActionResult> Register(long id, OfferRegisterForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (await service.LoadLotAsync(id, cancellationToken) is not { } context)
        {
            return NotFound();
        }

        var result = await service.RegisterAsync(context, form.SupplierId, form.ReceivedAt, form.LotIds, cancellationToken);
        if (result.Status != SaveStatus.Saved)
        {
            ModelState.Clear();
            this.ShowErrors(result, nameof(OfferRegisterViewModel.Form));
            return await RegisterViewAsync(context, form, cancellationToken);
        }

        TempData["Success"] = t["L'offre a été enregistrée au registre."].Value;
        return RedirectToAction(nameof(Index), new { id });
    }

    /// <summary>The lot's BPU to send to suppliers: items and DQE quantities, no price (available before the deadline).</summary>
    public async Task<IActionResult> Bpu(long id, CancellationToken cancellationToken)
    {
        if (await service.LoadLotAsync(id, cancellationToken) is not { } context)
        {
            return NotFound();
        }

        var lot = context.ToBpuLot();
        var bytes = await BpuSpreadsheetExport.CreateAsync(lot, cancellationToken);
        return File(bytes, NeedsDocumentsController.XlsxContentType, BpuSpreadsheetExport.FileName(lot));
    }

    public async Task<IActionResult> Prices(long id, CancellationToken cancellationToken)
    {
        var (refusal, found) = await OpenedOfferAsync(id, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var form = PricesForm(found.Offer);
        return View(Views + "Prices.cshtml", new OfferPricesViewModel { Context = found.Context, Offer = found.Offer, Form = form });
    }

    [HttpPost]
    public async Task<IActionResult> Prices(long id, OfferPricesForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var (refusal, found) = await OpenedOfferAsync(id, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var result = await service.SaveTypedPricesAsync(found.Context, found.Offer.Offer, form.Version, form.Prices, cancellationToken);
        if (result.Status != SaveStatus.Saved)
        {
            ModelState.Clear();
            this.ShowErrors(result, nameof(OfferPricesViewModel.Form));
            return View(Views + "Prices.cshtml", new OfferPricesViewModel { Context = found.Context, Offer = found.Offer, Form = form });
        }

        TempData["Success"] = t["Les prix unitaires ont été enregistrés."].Value;
        return RedirectToAction(nameof(Prices), new { id });
    }

    [HttpPost]
    public async Task<IActionResult> UploadBpu(long id, CancellationToken cancellationToken)
    {
        var (refusal, found) = await OpenedOfferAsync(id, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var form = PricesForm(found.Offer);

        // The form is read here rather than bound, so that a body the server refuses becomes a message, not an error page.
        IFormFile? file;
        try
        {
            var posted = await Request.ReadFormAsync(cancellationToken);
            file = posted.Files.GetFile(OfferPricesForm.FileField);
            form.Version = int.TryParse(posted["Version"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version) ? version : 0;
        }
        catch (Exception ex) when (ex is BadHttpRequestException or InvalidDataException or IOException)
        {
            return UploadRefused(found, form, XlsxUpload.TooLargeMessage, []);
        }

        var read = await BpuSpreadsheetReader.ReadAsync(file, found.Context.ToBpuLot(), cancellationToken);
        if (read.Prices is null)
        {
            // A file error alone, or the rows' messages: the first says nothing was saved, the others name row and column.
            return read.FileError is { } fileError
                ? UploadRefused(found, form, fileError, [])
                : UploadRefused(found, form, read.Errors.FirstOrDefault() ?? BpuSpreadsheetReader.NothingSavedMessage, read.Errors.Skip(1).ToList());
        }

        var result = await service.SaveBpuPricesAsync(found.Context, found.Offer.Offer, form.Version, read.Prices, cancellationToken);
        if (result.Status != SaveStatus.Saved)
        {
            this.ShowErrors(result, nameof(OfferPricesViewModel.Form));
            return View(Views + "Prices.cshtml", new OfferPricesViewModel { Context = found.Context, Offer = found.Offer, Form = form });
        }

        TempData["Success"] = t["Les prix unitaires du BPU importé ont été enregistrés."].Value;
        return RedirectToAction(nameof(Prices), new { id });
    }

    public async Task<IActionResult> Scores(long id, CancellationToken cancellationToken)
    {
        var (refusal, found) = await OpenedOfferAsync(id, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var stored = await service.ScoresAsync(id, cancellationToken);
        var form = new OfferScoresForm
        {
            Version = found.Offer.Offer.Version,
            Scores = stored.ToDictionary(s => s.Code, s => (string?)Core.Tenders.TenderScore.FromScaled(s.ScoreTenThousandths).ToString("0.####", Fr.Culture), StringComparer.Ordinal),
            Justifications = stored.ToDictionary(s => s.Code, s => (string?)s.Justification, StringComparer.Ordinal),
        };
        return View(Views + "Scores.cshtml", new OfferScoresViewModel { Context = found.Context, Offer = found.Offer, Form = form });
    }

    [HttpPost]
    public async Task<IActionResult> Scores(long id, OfferScoresForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var (refusal, found) = await OpenedOfferAsync(id, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var result = await service.SaveScoresAsync(found.Context, found.Offer.Offer, form.Version, form.Scores, form.Justifications, cancellationToken);
        if (result.Status != SaveStatus.Saved)
        {
            ModelState.Clear();
            this.ShowErrors(result, nameof(OfferScoresViewModel.Form));
            return View(Views + "Scores.cshtml", new OfferScoresViewModel { Context = found.Context, Offer = found.Offer, Form = form });
        }

        TempData["Success"] = t["Les notes ont été enregistrées."].Value;
        return RedirectToAction(nameof(Scores), new { id });
    }

    public async Task<IActionResult> Evaluation(long id, CancellationToken cancellationToken)
    {
        if (await service.LoadLotAsync(id, cancellationToken) is not { } context)
        {
            return NotFound();
        }

        return await EvaluationViewAsync(context, new TieForm(), new AbnormallyLowForm(), cancellationToken);
    }

    [HttpPost]
    public async Task<IActionResult> SettleTie(long id, TieForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (await service.LoadLotAsync(id, cancellationToken) is not { } context)
        {
            return NotFound();
        }

        var result = await service.SettleTieAsync(context, form.WinnerOfferId, form.Reason, MemberAccess.UserId(User), cancellationToken);
        if (result.Status != SaveStatus.Saved)
        {
            ModelState.Clear();
            this.ShowErrors(result, nameof(OfferEvaluationViewModel.Tie));
            return await EvaluationViewAsync(context, form, new AbnormallyLowForm(), cancellationToken);
        }

        TempData["Success"] = t["Le départage de l'égalité a été enregistré."].Value;
        return RedirectToAction(nameof(Evaluation), new { id });
    }

    [HttpPost]
    public async Task<IActionResult> AbnormallyLow(long id, AbnormallyLowForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (await service.LoadLotAsync(id, cancellationToken) is not { } context)
        {
            return NotFound();
        }

        var offer = (await service.ListAsync(id, cancellationToken)).FirstOrDefault(o => o.Offer.Id == form.OfferId)?.Offer;
        if (offer is null)
        {
            return NotFound();
        }

        var result = await service.DecideAbnormallyLowAsync(context, offer, form.Version, form.Outcome, form.Justification, cancellationToken);
        if (result.Status != SaveStatus.Saved)
        {
            ModelState.Clear();
            this.ShowErrors(result, nameof(OfferEvaluationViewModel.AbnormallyLow));
            return await EvaluationViewAsync(context, new TieForm(), form, cancellationToken);
        }

        TempData["Success"] = t["La décision sur l'offre anormalement basse a été enregistrée."].Value;
        return RedirectToAction(nameof(Evaluation), new { id });
    }

    private async Task<IActionResult> RegisterViewAsync(OfferLotContext context, OfferRegisterForm form, CancellationToken cancellationToken) =>
        View(Views + "Index.cshtml", new OfferRegisterViewModel
        {
            Context = context,
            Offers = await service.ListAsync(context.Lot.Id, cancellationToken),
            Suppliers = await service.SuppliersAsync(cancellationToken),
            Form = form,
        });

    private async Task<IActionResult> EvaluationViewAsync(OfferLotContext context, TieForm tie, AbnormallyLowForm low, CancellationToken cancellationToken)
    {
        if (await service.EvaluateAsync(context, cancellationToken) is not { } evaluation)
        {
            return Sealed(context);
        }

        return View(Views + "Evaluation.cshtml", new OfferEvaluationViewModel
        {
            Context = context,
            Evaluation = evaluation,
            Offers = await service.ListAsync(context.Lot.Id, cancellationToken),
            Tie = tie,
            AbnormallyLow = low,
        });
    }

    /// <summary>
    /// The offer and its lot once the offers are opened; otherwise the answer to give instead: 404 for an unknown offer,
    /// the sealed page before the opening (no price nor score is shown or taken before it).
    /// </summary>
    private async Task<(IActionResult? Refusal, (OfferLotContext Context, OfferWithDqe Offer) Found)> OpenedOfferAsync(long id, CancellationToken cancellationToken)
    {
        if (await service.LoadOfferAsync(id, cancellationToken) is not { } found)
        {
            return (NotFound(), default);
        }

        return found.Context.Opened ? (null, found) : (Sealed(found.Context), default);
    }

    /// <summary>The prices form as stored: each unit price with 2 to 4 decimals.</summary>
    private static OfferPricesForm PricesForm(OfferWithDqe offer) => new()
    {
        Version = offer.Offer.Version,
        Prices = offer.Lines.ToDictionary(l => l.ItemId, l => (string?)l.UnitPrice.Euros.ToString("0.00##", Fr.Culture)),
    };

    private ViewResult Sealed(OfferLotContext context) => View(Views + "Sealed.cshtml", context);

    private ViewResult UploadRefused((OfferLotContext Context, Data.Tenders.OfferWithDqe Offer) found, OfferPricesForm form, string message, IReadOnlyList<string> errors)
    {
        ModelState.AddModelError(OfferPricesForm.FileField, message);
        return View(Views + "Prices.cshtml", new OfferPricesViewModel { Context = found.Context, Offer = found.Offer, Form = form, UploadErrors = errors });
    }
}
