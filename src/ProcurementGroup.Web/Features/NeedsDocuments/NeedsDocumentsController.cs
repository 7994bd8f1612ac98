using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using ProcurementGroup.Documents.Needs;
using ProcurementGroup.Web.Features.NeedsForms;
using ProcurementGroup.Web.Infrastructure.Authorization;
using ProcurementGroup.Web.Infrastructure.Localization;
using ProcurementGroup.Web.Infrastructure.Uploads;

namespace ProcurementGroup.Web.Features.NeedsDocuments;

/// <summary>
/// A needs form's documents: the XLSX download and upload (the file is the whole form) and the PDF recap. A form of a
/// member the user does not act for answers 404, exactly like a form that does not exist.
/// </summary>
[Authorize(Policy = Policies.StaffOrMemberBuyer)]
public sealed class NeedsDocumentsController(
    NeedsFormContextLoader loader,
    NeedsSpreadsheetExport export,
    NeedsSpreadsheetImport import,
    NeedsRecap recap,
    NeedsFormWorkflow forms,
    IStringLocalizer<SharedResource> t) : Controller
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public async Task<IActionResult> Download(long id, CancellationToken cancellationToken)
    {
        if (await loader.LoadAsync(User, id, cancellationToken) is not { } context)
        {
            return NotFound();
        }

        var bytes = await export.DownloadAsync(context, cancellationToken);
        return File(bytes, XlsxContentType, $"etat-des-besoins-{id}-v{context.Form.Version}.xlsx");
    }

    public async Task<IActionResult> Upload(long id, CancellationToken cancellationToken)
    {
        if (await loader.LoadAsync(User, id, cancellationToken) is not { } context)
        {
            return NotFound();
        }

        return View(Model(context));
    }

    [HttpPost]
    [ActionName("Upload")]
    public async Task<IActionResult> UploadPost(long id, CancellationToken cancellationToken)
    {
        if (await loader.LoadAsync(User, id, cancellationToken) is not { } context)
        {
            return NotFound();
        }

        if (!loader.MayUpload(User, context))
        {
            ModelState.AddModelError("File", t["Ce formulaire ne peut plus être modifié : il a été transmis, validé, ou la campagne est close."]);
            return View(new NeedsUploadViewModel { Context = context, UploadAllowed = false });
        }

        // The form is read here rather than bound, so that a body the server refuses becomes a message, not an error page.
        IFormFile? file;
        string? reason;
        try
        {
            var form = await Request.ReadFormAsync(cancellationToken);
            file = form.Files.GetFile("File");
            reason = form["ChangeReason"].ToString().Trim();
        }
        catch (Exception ex) when (ex is BadHttpRequestException or InvalidDataException or IOException)
        {
            return Refused(context, XlsxUpload.TooLargeMessage);
        }

        if (file is null || file.Length == 0)
        {
            return Refused(context, NeedsSpreadsheet.RequiredMessage);
        }

        if (file.Length > Infrastructure.UploadLimits.FileBytes)
        {
            return Refused(context, XlsxUpload.TooLargeMessage);
        }

        using var buffer = new MemoryStream();
        await using (var input = file.OpenReadStream())
        {
            await input.CopyToAsync(buffer, cancellationToken);
        }

        OfficerChangeNotice? change = null;
        if (loader.ReasonRequired(User, context))
        {
            if (NeedsFormWorkflow.ChangeReasonError(reason) is { } reasonError)
            {
                ModelState.AddModelError("ChangeReason", t[reasonError]);
                return View("Upload", Model(context));
            }

            change = await forms.OfficerChangeNoticeAsync(context.Form, context.Member.Name, context.Campaign, context.DeadlineUtc, reason!, cancellationToken);
        }

        var outcome = await import.UploadAsync(context, buffer, buffer.Length, MemberAccess.UserId(User), change, cancellationToken);
        if (outcome.FileError is not null)
        {
            return Refused(context, outcome.FileError);
        }

        var reloaded = outcome.Saved ? await loader.LoadAsync(User, id, cancellationToken) ?? context : context;
        return View(new NeedsUploadViewModel { Context = reloaded, UploadAllowed = loader.MayUpload(User, reloaded), ReasonRequired = loader.ReasonRequired(User, reloaded), Report = outcome.Report, Saved = outcome.Saved });
    }

    public async Task<IActionResult> Recap(long id, CancellationToken cancellationToken)
    {
        if (await loader.LoadAsync(User, id, cancellationToken) is not { } context)
        {
            return NotFound();
        }

        if (!context.RecapAvailable)
        {
            // A draft is no commitment yet: say so, with the 404 a missing document gets.
            Response.StatusCode = StatusCodes.Status404NotFound;
            return View("RecapUnavailable", context);
        }

        var model = await recap.BuildAsync(context, cancellationToken);
        return File(NeedsRecapDocument.Render(model), "application/pdf", $"recapitulatif-besoins-{id}.pdf");
    }

    private ViewResult Refused(NeedsFormContext context, string message)
    {
        ModelState.AddModelError("File", t[message]);
        return View("Upload", Model(context));
    }

    private NeedsUploadViewModel Model(NeedsFormContext context) =>
        new() { Context = context, UploadAllowed = loader.MayUpload(User, context), ReasonRequired = loader.ReasonRequired(User, context) };
}
