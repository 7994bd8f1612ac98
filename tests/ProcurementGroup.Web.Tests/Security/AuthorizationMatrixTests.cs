using System.Globalization;
using System.Net;
using System.Text;
using Dapper;
using Microsoft.AspNetCore.Antiforgery;
using ProcurementGroup.Web.Features.Runs;
using ProcurementGroup.Web.Features.Tenders;
using ProcurementGroup.Web.Tests.Infrastructure;
using ProcurementGroup.Web.Tests.NeedsForms;
using static ProcurementGroup.Web.Tests.Security.Expect;

namespace ProcurementGroup.Web.Tests.Security;

/// <summary>The class of answer a request gets.</summary>
public enum Expect
{
    Ok,
    Login,
    Redirect,
    BadRequest,
    Forbidden,
    NotFound,
    Conflict,
    TooMany,
}

/// <summary>
/// One endpoint of the app (as <see cref="AppEndpoints"/> names it: "GET /Members/Details"; ANY when the action takes every
/// method), the URL that reaches it (placeholders filled from the demo data, below) and the answer each account gets.
/// </summary>
public sealed record MatrixRow(string Endpoint, string Url, Expect Anon, Expect Admin, Expect Officer, Expect Finance, Expect Own, Expect Other, bool RunLast)
{
    public string Method => Endpoint[..Endpoint.IndexOf(' ', StringComparison.Ordinal)];

    /// <summary>Sent as a POST with the token; GET and ANY rows are sent as GETs (ANY also gets the token-less POST check).</summary>
    public bool IsUnsafe => Method is "POST" or "PUT" or "PATCH" or "DELETE";

    public override string ToString() => Format(Anon, Admin, Officer, Finance, Own, Other);

    public string Format(Expect anon, Expect admin, Expect officer, Expect finance, Expect own, Expect other) =>
        $"Row(\"{Endpoint}\", \"{Url}\", anon: {anon}, admin: {admin}, officer: {officer}, finance: {finance}, own: {own}, other: {other}{(RunLast ? ", last: true" : string.Empty)}),";
}

/// <summary>
/// The authorization matrix: every endpoint of the app × each demo account, with the answer expected. "own" is the Vimeu
/// buyer on Vimeu's resources ({member}, {site}, {form}...), "other" the Amiens buyer on the same Vimeu resources (the
/// demo's validated telecom form is Vimeu's, hence Vimeu as the owner). A new
/// endpoint fails <see cref="Table_HasExactlyOneRowPerEndpoint"/> until it gets its row (the message prints it, ready to
/// paste). Unsafe requests carry the antiforgery token read from a rendered form and an empty body, so that they are
/// refused as invalid rather than change anything; the few that would act on an empty body target a missing id (999999),
/// which still tells the policy (403) from the resource (404).
/// </summary>
public sealed class AuthorizationMatrixTests(TestApp app) : IClassFixture<TestApp>
{
    private const string Missing = "999999";

    private static MatrixRow Row(string endpoint, string url, Expect anon, Expect admin, Expect officer, Expect finance, Expect own, Expect other, bool last = false) =>
        new(endpoint, url, anon, admin, officer, finance, own, other, last);

    /// <summary>
    /// Placeholders: {member} CC du Vimeu, {site} one of its sites, {form} its form in the latest campaign, {submittedForm} a
    /// submitted or validated form of Vimeu, {campaign} that latest campaign, {group}, {user} the Amiens buyer, {threshold}, {supplier}, {audit},
    /// {outbox} any of theirs; {contract} the demo's ENT accord-cadre (recorded without a tender); {missing} an id that does not exist; {tender} the demo's awarded telecom tender, {tenderCampaign}
    /// its campaign, {tenderLot} its lot 1, {offer} the unsuccessful offer of Hauts-de-France Télécom Services in that lot.
    /// {outbox} any of theirs; {missing} an id that does not exist. The demo's finance quarter (i9-demo2): {issuedRun} its issued
    /// telecom run, {rectifyingRun} the rectifying run of it, {statement} Vimeu's statement in {issuedRun}, {costContract} the
    /// telecom mobile contract (with its key), {costEntry} the shared hub's invoice (with its own key, in {issuedRun}).
    /// </summary>
    public static readonly IReadOnlyList<MatrixRow> Table =
    [
        // Account: anonymous pages, and the signed-in user's own password.
        Row("GET /Account/Login", "/Account/Login", anon: Ok, admin: Ok, officer: Ok, finance: Ok, own: Ok, other: Ok),
        Row("POST /Account/Login", "/Account/Login", anon: Ok, admin: Ok, officer: Ok, finance: Ok, own: Ok, other: Ok),
        // Logging out sends everyone back to the login page: run last, as it ends each account's session.
        Row("POST /Account/Logout", "/Account/Logout", anon: Login, admin: Login, officer: Login, finance: Login, own: Login, other: Login, last: true),
        Row("GET /Account/ChangePassword", "/Account/ChangePassword", anon: Login, admin: Ok, officer: Ok, finance: Ok, own: Ok, other: Ok),
        Row("POST /Account/ChangePassword", "/Account/ChangePassword", anon: Login, admin: Ok, officer: Ok, finance: Ok, own: Ok, other: Ok),
        Row("GET /Account/ForgotPassword", "/Account/ForgotPassword", anon: Ok, admin: Ok, officer: Ok, finance: Ok, own: Ok, other: Ok),
        Row("POST /Account/ForgotPassword", "/Account/ForgotPassword", anon: Ok, admin: Ok, officer: Ok, finance: Ok, own: Ok, other: Ok),
        Row("GET /Account/ResetPassword", "/Account/ResetPassword", anon: Ok, admin: Ok, officer: Ok, finance: Ok, own: Ok, other: Ok),
        Row("POST /Account/ResetPassword", "/Account/ResetPassword", anon: Ok, admin: Ok, officer: Ok, finance: Ok, own: Ok, other: Ok),
        Row("GET /Account/SetPassword", "/Account/SetPassword", anon: Ok, admin: Ok, officer: Ok, finance: Ok, own: Ok, other: Ok),
        Row("POST /Account/SetPassword", "/Account/SetPassword", anon: Ok, admin: Ok, officer: Ok, finance: Ok, own: Ok, other: Ok),
        Row("GET /Account/LoginWithTwoFactor", "/Account/LoginWithTwoFactor", anon: Login, admin: Login, officer: Login, finance: Login, own: Login, other: Login),
        Row("POST /Account/LoginWithTwoFactor", "/Account/LoginWithTwoFactor", anon: Login, admin: Login, officer: Login, finance: Login, own: Login, other: Login),
        Row("GET /Account/LoginWithRecoveryCode", "/Account/LoginWithRecoveryCode", anon: Login, admin: Login, officer: Login, finance: Login, own: Login, other: Login),
        Row("POST /Account/LoginWithRecoveryCode", "/Account/LoginWithRecoveryCode", anon: Login, admin: Login, officer: Login, finance: Login, own: Login, other: Login),
        Row("GET /TwoFactor/Index", "/TwoFactor/Index", anon: Login, admin: Ok, officer: Ok, finance: Ok, own: Ok, other: Ok),
        Row("GET /TwoFactor/Enable", "/TwoFactor/Enable", anon: Login, admin: Ok, officer: Ok, finance: Ok, own: Ok, other: Ok),
        Row("POST /TwoFactor/Enable", "/TwoFactor/Enable", anon: Login, admin: Ok, officer: Ok, finance: Ok, own: Ok, other: Ok),
        Row("POST /TwoFactor/RecoveryCodes", "/TwoFactor/RecoveryCodes", anon: Login, admin: Redirect, officer: Redirect, finance: Redirect, own: Redirect, other: Redirect),
        Row("POST /TwoFactor/Disable", "/TwoFactor/Disable", anon: Login, admin: Redirect, officer: Redirect, finance: Redirect, own: Redirect, other: Redirect),

        // Home, error and status pages, health, jobs dashboard.
        Row("ANY /Home/Index", "/", anon: Login, admin: Ok, officer: Ok, finance: Ok, own: Ok, other: Ok),
        Row("ANY /Home/Error", "/Home/Error", anon: Ok, admin: Ok, officer: Ok, finance: Ok, own: Ok, other: Ok),
        Row("ANY /Home/Status/{code:int}", "/Home/Status/404", anon: Ok, admin: Ok, officer: Ok, finance: Ok, own: Ok, other: Ok),
        Row("GET /health", "/health", anon: Ok, admin: Ok, officer: Ok, finance: Ok, own: Ok, other: Ok),
        Row("ANY /hangfire/{**path}", "/hangfire", anon: Login, admin: Ok, officer: Forbidden, finance: Forbidden, own: Forbidden, other: Forbidden),

        // Members: staff see all; a buyer its own members only (another's answers 404).
        Row("ANY /Members/Index", "/Members", anon: Login, admin: Ok, officer: Ok, finance: Ok, own: Ok, other: Ok),
        Row("ANY /Members/Details", "/Members/Details/{member}", anon: Login, admin: Ok, officer: Ok, finance: Ok, own: Ok, other: NotFound),
        Row("ANY /Members/Create", "/Members/Create", anon: Login, admin: Ok, officer: Forbidden, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("POST /Members/Create", "/Members/Create", anon: Login, admin: Ok, officer: Forbidden, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("ANY /Members/Edit", "/Members/Edit/{member}", anon: Login, admin: Ok, officer: Forbidden, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("POST /Members/Edit", "/Members/Edit/{member}", anon: Login, admin: Ok, officer: Forbidden, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("ANY /Members/Delete", "/Members/Delete/{member}", anon: Login, admin: Ok, officer: Forbidden, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("POST /Members/Delete", "/Members/Delete/{missing}", anon: Login, admin: NotFound, officer: Forbidden, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("ANY /Members/Bases", "/Members/Bases/{member}", anon: Login, admin: Ok, officer: Forbidden, finance: Ok, own: Forbidden, other: Forbidden),
        Row("POST /Members/Bases", "/Members/Bases/{member}", anon: Login, admin: Ok, officer: Forbidden, finance: Ok, own: Forbidden, other: Forbidden),
        Row("POST /Members/DeleteBase", "/Members/DeleteBase/{member}", anon: Login, admin: NotFound, officer: Forbidden, finance: NotFound, own: Forbidden, other: Forbidden),
        Row("ANY /Members/Export", "/Members/Export?format=csv", anon: Login, admin: Ok, officer: Forbidden, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("ANY /Members/Import", "/Members/Import", anon: Login, admin: Ok, officer: Forbidden, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("POST /Members/Import", "/Members/Import", anon: Login, admin: Ok, officer: Forbidden, finance: Forbidden, own: Forbidden, other: Forbidden),

        // Sites: the member's buyers and staff.
        Row("ANY /Sites/Index", "/Sites/Index?memberId={member}", anon: Login, admin: Ok, officer: Ok, finance: Ok, own: Ok, other: NotFound),
        Row("ANY /Sites/Create", "/Sites/Create?memberId={member}", anon: Login, admin: Ok, officer: Ok, finance: Ok, own: Ok, other: NotFound),
        Row("POST /Sites/Create", "/Sites/Create?memberId={member}", anon: Login, admin: Ok, officer: Ok, finance: Ok, own: Ok, other: NotFound),
        Row("ANY /Sites/Edit", "/Sites/Edit/{site}", anon: Login, admin: Ok, officer: Ok, finance: Ok, own: Ok, other: NotFound),
        Row("POST /Sites/Edit", "/Sites/Edit/{site}", anon: Login, admin: Ok, officer: Ok, finance: Ok, own: Ok, other: NotFound),
        Row("POST /Sites/Archive", "/Sites/Archive/{site}?restore=true", anon: Login, admin: Redirect, officer: Redirect, finance: Redirect, own: Redirect, other: NotFound),

        // Needs forms and their documents.
        Row("ANY /NeedsForms/Index", "/NeedsForms", anon: Login, admin: Ok, officer: Ok, finance: Ok, own: Ok, other: Ok),
        Row("ANY /NeedsForms/Campaign", "/NeedsForms/Campaign/{campaign}", anon: Login, admin: Redirect, officer: Redirect, finance: Redirect, own: Redirect, other: Redirect),
        Row("ANY /NeedsForms/Edit", "/NeedsForms/Edit/{form}", anon: Login, admin: Ok, officer: Ok, finance: Ok, own: Ok, other: NotFound),
        Row("POST /NeedsForms/Edit", "/NeedsForms/Edit/{form}", anon: Login, admin: Conflict, officer: Conflict, finance: Ok, own: Conflict, other: NotFound),
        Row("POST /NeedsForms/Validate", "/NeedsForms/Validate/{form}", anon: Login, admin: Ok, officer: Ok, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("POST /NeedsForms/Return", "/NeedsForms/Return/{form}", anon: Login, admin: Ok, officer: Ok, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("POST /NeedsForms/Reopen", "/NeedsForms/Reopen/{form}", anon: Login, admin: Ok, officer: Ok, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("ANY /NeedsForms/Officer", "/NeedsForms/Officer/{campaign}", anon: Login, admin: Ok, officer: Ok, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("ANY /NeedsDocuments/Download", "/NeedsDocuments/Download/{form}", anon: Login, admin: Ok, officer: Ok, finance: Ok, own: Ok, other: NotFound),
        Row("ANY /NeedsDocuments/Upload", "/NeedsDocuments/Upload/{form}", anon: Login, admin: Ok, officer: Ok, finance: Ok, own: Ok, other: NotFound),
        Row("POST /NeedsDocuments/Upload", "/NeedsDocuments/Upload/{form}", anon: Login, admin: Ok, officer: Ok, finance: Ok, own: Ok, other: NotFound),
        Row("ANY /NeedsDocuments/Recap", "/NeedsDocuments/Recap/{submittedForm}", anon: Login, admin: Ok, officer: Ok, finance: Ok, own: Ok, other: NotFound),

        // Campaigns and aggregation: procurement officers (and administrators).
        Row("ANY /Campaigns/Index", "/Campaigns", anon: Login, admin: Ok, officer: Ok, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("ANY /Campaigns/Create", "/Campaigns/Create", anon: Login, admin: Ok, officer: Ok, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("POST /Campaigns/Create", "/Campaigns/Create", anon: Login, admin: Ok, officer: Ok, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("ANY /Campaigns/Edit", "/Campaigns/Edit/{campaign}", anon: Login, admin: Ok, officer: Ok, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("POST /Campaigns/Edit", "/Campaigns/Edit/{campaign}", anon: Login, admin: Ok, officer: Ok, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("ANY /Campaigns/Details", "/Campaigns/Details/{campaign}", anon: Login, admin: Ok, officer: Ok, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("POST /Campaigns/Open", "/Campaigns/Open/{missing}", anon: Login, admin: NotFound, officer: NotFound, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("POST /Campaigns/Close", "/Campaigns/Close/{missing}", anon: Login, admin: NotFound, officer: NotFound, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("POST /Campaigns/CreateForm", "/Campaigns/CreateForm/{missing}", anon: Login, admin: NotFound, officer: NotFound, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("POST /Campaigns/Archive", "/Campaigns/Archive/{missing}", anon: Login, admin: NotFound, officer: NotFound, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("POST /Campaigns/Extend", "/Campaigns/Extend/{campaign}", anon: Login, admin: Ok, officer: Ok, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("ANY /Campaigns/Lot", "/Campaigns/Lot/{campaign}", anon: Login, admin: Ok, officer: Ok, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("POST /Campaigns/Lot", "/Campaigns/Lot/{campaign}", anon: Login, admin: Ok, officer: Ok, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("POST /Campaigns/DeleteLot", "/Campaigns/DeleteLot/{campaign}", anon: Login, admin: Redirect, officer: Redirect, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("ANY /Campaigns/Item", "/Campaigns/Item/{campaign}", anon: Login, admin: Ok, officer: Ok, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("POST /Campaigns/Item", "/Campaigns/Item/{campaign}", anon: Login, admin: Ok, officer: Ok, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("POST /Campaigns/DeleteItem", "/Campaigns/DeleteItem/{campaign}", anon: Login, admin: Redirect, officer: Redirect, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("POST /Campaigns/Copy", "/Campaigns/Copy/{campaign}", anon: Login, admin: Redirect, officer: Redirect, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("ANY /Campaigns/Export", "/Campaigns/Export/{campaign}", anon: Login, admin: Ok, officer: Ok, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("ANY /Campaigns/Import", "/Campaigns/Import/{campaign}", anon: Login, admin: Ok, officer: Ok, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("POST /Campaigns/Import", "/Campaigns/Import/{campaign}", anon: Login, admin: Ok, officer: Ok, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("GET /Aggregation/{campaignId:long}", "/Aggregation/{campaign}", anon: Login, admin: Ok, officer: Ok, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("GET /Aggregation/{campaignId:long}/Export", "/Aggregation/{campaign}/Export?format=csv", anon: Login, admin: Ok, officer: Ok, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("GET /Aggregation/{campaignId:long}/Advice", "/Aggregation/{campaign}/Advice", anon: Login, admin: Ok, officer: Ok, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("GET /Aggregation/{campaignId:long}/Advice/{adviceId:long}/Pdf", "/Aggregation/{campaign}/Advice/{missing}/Pdf", anon: Login, admin: NotFound, officer: NotFound, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("POST /Aggregation/{campaignId:long}/Advice", "/Aggregation/{missing}/Advice", anon: Login, admin: NotFound, officer: NotFound, finance: Forbidden, own: Forbidden, other: Forbidden),

        // Groupements: staff read, administrators change.
        Row("ANY /Groups/Index", "/Groups", anon: Login, admin: Ok, officer: Ok, finance: Ok, own: Forbidden, other: Forbidden),
        Row("ANY /Groups/Details", "/Groups/Details/{group}", anon: Login, admin: Ok, officer: Ok, finance: Ok, own: Forbidden, other: Forbidden),
        Row("ANY /Groups/Create", "/Groups/Create", anon: Login, admin: Ok, officer: Forbidden, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("POST /Groups/Create", "/Groups/Create", anon: Login, admin: Ok, officer: Forbidden, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("ANY /Groups/Edit", "/Groups/Edit/{group}", anon: Login, admin: Ok, officer: Forbidden, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("POST /Groups/Edit", "/Groups/Edit/{group}", anon: Login, admin: Ok, officer: Forbidden, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("POST /Groups/AddAdhesion", "/Groups/AddAdhesion/{group}", anon: Login, admin: Ok, officer: Forbidden, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("POST /Groups/EndAdhesion", "/Groups/EndAdhesion/{group}", anon: Login, admin: NotFound, officer: Forbidden, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("POST /Groups/RemoveAdhesion", "/Groups/RemoveAdhesion/{group}", anon: Login, admin: NotFound, officer: Forbidden, finance: Forbidden, own: Forbidden, other: Forbidden),

        // Suppliers: procurement officers and administrators keep them, finance reads them, member buyers have no access.
        Row("ANY /Suppliers/Index", "/Suppliers", anon: Login, admin: Ok, officer: Ok, finance: Ok, own: Forbidden, other: Forbidden),
        Row("ANY /Suppliers/Details", "/Suppliers/Details/{supplier}", anon: Login, admin: Ok, officer: Ok, finance: Ok, own: Forbidden, other: Forbidden),
        Row("ANY /Suppliers/Create", "/Suppliers/Create", anon: Login, admin: Ok, officer: Ok, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("POST /Suppliers/Create", "/Suppliers/Create", anon: Login, admin: Ok, officer: Ok, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("ANY /Suppliers/Edit", "/Suppliers/Edit/{supplier}", anon: Login, admin: Ok, officer: Ok, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("POST /Suppliers/Edit", "/Suppliers/Edit/{supplier}", anon: Login, admin: Ok, officer: Ok, finance: Forbidden, own: Forbidden, other: Forbidden),

        // Administration.
        Row("ANY /Coordinator/Edit", "/Coordinator/Edit", anon: Login, admin: Ok, officer: Forbidden, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("POST /Coordinator/Edit", "/Coordinator/Edit", anon: Login, admin: Ok, officer: Forbidden, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("ANY /Coordinator/Logo", "/Coordinator/Logo", anon: Login, admin: NotFound, officer: NotFound, finance: NotFound, own: NotFound, other: NotFound),
        Row("ANY /Thresholds/Index", "/Thresholds", anon: Login, admin: Ok, officer: Forbidden, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("ANY /Thresholds/Create", "/Thresholds/Create", anon: Login, admin: Ok, officer: Forbidden, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("POST /Thresholds/Create", "/Thresholds/Create", anon: Login, admin: Ok, officer: Forbidden, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("ANY /Thresholds/Edit", "/Thresholds/Edit/{threshold}", anon: Login, admin: Ok, officer: Forbidden, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("POST /Thresholds/Edit", "/Thresholds/Edit/{threshold}", anon: Login, admin: Ok, officer: Forbidden, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("POST /Thresholds/Delete", "/Thresholds/Delete/{missing}", anon: Login, admin: NotFound, officer: Forbidden, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("GET /Users/Index", "/Users", anon: Login, admin: Ok, officer: Forbidden, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("GET /Users/Invite", "/Users/Invite", anon: Login, admin: Ok, officer: Forbidden, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("POST /Users/Invite", "/Users/Invite", anon: Login, admin: Ok, officer: Forbidden, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("GET /Users/Edit", "/Users/Edit/{user}", anon: Login, admin: Ok, officer: Forbidden, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("POST /Users/Edit", "/Users/Edit/{user}", anon: Login, admin: Ok, officer: Forbidden, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("POST /Users/Disable", "/Users/Disable/{missing}", anon: Login, admin: Redirect, officer: Forbidden, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("POST /Users/Enable", "/Users/Enable/{missing}", anon: Login, admin: Redirect, officer: Forbidden, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("POST /Users/ResendInvitation", "/Users/ResendInvitation/{missing}", anon: Login, admin: Redirect, officer: Forbidden, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("ANY /Audit/Index", "/Audit", anon: Login, admin: Ok, officer: Forbidden, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("ANY /Audit/Details", "/Audit/Details/{audit}", anon: Login, admin: Ok, officer: Forbidden, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("ANY /Outbox/Index", "/Outbox", anon: Login, admin: Ok, officer: Forbidden, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("ANY /Outbox/Details", "/Outbox/Details/{outbox}", anon: Login, admin: Ok, officer: Forbidden, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("POST /Outbox/Resend", "/Outbox/Resend/{missing}", anon: Login, admin: NotFound, officer: Forbidden, finance: Forbidden, own: Forbidden, other: Forbidden),
        // i8-offers: the offers of a tender lot (register, opening, prices, BPU, scores, evaluation) are for procurement officers
        // and administrators only; finance and both member buyers never reach them. i8-demo: on the demo's awarded tender,
        // {tenderLot} its lot 1 and {offer} an unsuccessful offer of that lot; the tender is awarded, so every write is refused.
        Row("ANY /Offers/Index", "/Offers/Index/{tenderLot}", anon: Login, admin: Ok, officer: Ok, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("POST /Offers/Register", "/Offers/Register/{tenderLot}", anon: Login, admin: Ok, officer: Ok, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("ANY /Offers/Bpu", "/Offers/Bpu/{tenderLot}", anon: Login, admin: Ok, officer: Ok, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("ANY /Offers/Prices", "/Offers/Prices/{offer}", anon: Login, admin: Ok, officer: Ok, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("POST /Offers/Prices", "/Offers/Prices/{offer}", anon: Login, admin: Ok, officer: Ok, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("POST /Offers/UploadBpu", "/Offers/UploadBpu/{offer}", anon: Login, admin: Ok, officer: Ok, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("ANY /Offers/Scores", "/Offers/Scores/{offer}", anon: Login, admin: Ok, officer: Ok, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("POST /Offers/Scores", "/Offers/Scores/{offer}", anon: Login, admin: Ok, officer: Ok, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("ANY /Offers/Evaluation", "/Offers/Evaluation/{tenderLot}", anon: Login, admin: Ok, officer: Ok, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("POST /Offers/SettleTie", "/Offers/SettleTie/{tenderLot}", anon: Login, admin: Ok, officer: Ok, finance: Forbidden, own: Forbidden, other: Forbidden),
        // The decision names its offer in the body: an empty post names none of the lot's offers (404).
        Row("POST /Offers/AbnormallyLow", "/Offers/AbnormallyLow/{tenderLot}", anon: Login, admin: NotFound, officer: NotFound, finance: Forbidden, own: Forbidden, other: Forbidden),

        // i8-awards: award per lot, contract, documents and savings for procurement officers and administrators, on the demo's
        // awarded tender (i8-demo); member buyers read only their own contract shares (Vimeu's answers 404 to the Amiens buyer).
        Row("ANY /Awards/Lot", "/Awards/Lot/{tenderLot}", anon: Login, admin: Ok, officer: Ok, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("POST /Awards/Lot", "/Awards/Lot/{tenderLot}", anon: Login, admin: Ok, officer: Ok, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("POST /Awards/Sign", "/Awards/Sign/{tenderLot}", anon: Login, admin: Ok, officer: Ok, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("ANY /Awards/AnalysisReport", "/Awards/AnalysisReport/{tenderLot}", anon: Login, admin: Ok, officer: Ok, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("ANY /Awards/RejectionLetter", "/Awards/RejectionLetter/{offer}", anon: Login, admin: Ok, officer: Ok, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("ANY /Awards/PresentationReport", "/Awards/PresentationReport/{tender}", anon: Login, admin: Ok, officer: Ok, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("ANY /Awards/Savings", "/Awards/Savings/{tender}", anon: Login, admin: Ok, officer: Ok, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("ANY /Awards/SavingsXlsx", "/Awards/SavingsXlsx/{tender}", anon: Login, admin: Ok, officer: Ok, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("ANY /Awards/Mine", "/Awards/Mine", anon: Login, admin: Forbidden, officer: Forbidden, finance: Forbidden, own: Ok, other: Ok),
        Row("ANY /Awards/Shares", "/Awards/Shares/{member}", anon: Login, admin: Ok, officer: Ok, finance: Ok, own: Ok, other: NotFound),

        // i8-tenders: the tenders (consultations) are the procurement officers' and administrators'; finance and member buyers
        // have no access. i8-demo: {tender} is the demo's awarded tender, {tenderCampaign} its closed telecom campaign.
        Row("ANY /Tenders/Index", "/Tenders", anon: Login, admin: Ok, officer: Ok, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("ANY /Tenders/Create", "/Tenders/Create?campaignId={tenderCampaign}", anon: Login, admin: Ok, officer: Ok, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("POST /Tenders/Create", "/Tenders/Create?campaignId={tenderCampaign}", anon: Login, admin: Ok, officer: Ok, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("ANY /Tenders/Details", "/Tenders/Details/{tender}", anon: Login, admin: Ok, officer: Ok, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("ANY /Tenders/Edit", "/Tenders/Edit/{tender}", anon: Login, admin: Ok, officer: Ok, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("POST /Tenders/Edit", "/Tenders/Edit/{tender}", anon: Login, admin: Ok, officer: Ok, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("ANY /Tenders/Criteria", "/Tenders/Criteria/{tender}", anon: Login, admin: Ok, officer: Ok, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("POST /Tenders/Criteria", "/Tenders/Criteria/{tender}", anon: Login, admin: Ok, officer: Ok, finance: Forbidden, own: Forbidden, other: Forbidden),
        // The state changes carry the tender's Version: an empty post's stale one is refused before anything else (409).
        Row("POST /Tenders/Publish", "/Tenders/Publish/{tender}", anon: Login, admin: Conflict, officer: Conflict, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("POST /Tenders/Close", "/Tenders/Close/{tender}", anon: Login, admin: Conflict, officer: Conflict, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("POST /Tenders/Unsuccessful", "/Tenders/Unsuccessful/{tender}", anon: Login, admin: Conflict, officer: Conflict, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("POST /Tenders/Abandon", "/Tenders/Abandon/{tender}", anon: Login, admin: Conflict, officer: Conflict, finance: Forbidden, own: Forbidden, other: Forbidden),
        Row("POST /Tenders/Commission", "/Tenders/Commission/{tender}", anon: Login, admin: Conflict, officer: Conflict, finance: Forbidden, own: Forbidden, other: Forbidden),

        // i8-browser: the end of the analysis (Closed → Evaluated), which the browser walk needs before the CAO decision.
        Row("POST /Tenders/Evaluate", "/Tenders/Evaluate/{tender}", anon: Login, admin: Conflict, officer: Conflict, finance: Forbidden, own: Forbidden, other: Forbidden),

        // i9-contracts: « Marchés » for the staff; officers, finance and administrators record contracts and amendments; orders
        // on the demo's ENT accord-cadre ({contract}) by officers and administrators for any member taking part, by a member
        // buyer for its own: Vimeu's id ({member}) answers 404 to the Amiens buyer.
        Row("ANY /Contracts/Index", "/Contracts", anon: Login, admin: Ok, officer: Ok, finance: Ok, own: Forbidden, other: Forbidden),
        Row("ANY /Contracts/Details", "/Contracts/Details/{contract}", anon: Login, admin: Ok, officer: Ok, finance: Ok, own: Forbidden, other: Forbidden),
        Row("ANY /Contracts/Create", "/Contracts/Create", anon: Login, admin: Ok, officer: Ok, finance: Ok, own: Forbidden, other: Forbidden),
        Row("POST /Contracts/Create", "/Contracts/Create", anon: Login, admin: Ok, officer: Ok, finance: Ok, own: Forbidden, other: Forbidden),
        Row("POST /Contracts/Amend", "/Contracts/Amend/{contract}", anon: Login, admin: Ok, officer: Ok, finance: Ok, own: Forbidden, other: Forbidden),
        Row("ANY /Contracts/Order", "/Contracts/Order/{contract}", anon: Login, admin: Ok, officer: Ok, finance: Forbidden, own: Ok, other: Ok),
        Row("POST /Contracts/Order", "/Contracts/Order/{contract}?MemberId={member}", anon: Login, admin: Ok, officer: Ok, finance: Forbidden, own: Ok, other: NotFound),

        // i9-costs: Dépenses. Finance (and administrators) write, procurement officers read, member buyers have no access.
        // i9-demo2: on the demo's finance quarter: {costContract} the telecom mobile contract (its key corrected after the
        // issue), {costEntry} the shared hub's invoice, held by the issued run {issuedRun}: changing it, or clearing its own
        // key, answers 409; an empty post of a new invoice, an import or a key is refused in French (200).
        Row("ANY /Costs/Index", "/Costs", anon: Login, admin: Ok, officer: Ok, finance: Ok, own: Forbidden, other: Forbidden),
        Row("ANY /Costs/Create", "/Costs/Create?contractId={costContract}", anon: Login, admin: Ok, officer: Forbidden, finance: Ok, own: Forbidden, other: Forbidden),
        Row("POST /Costs/Create", "/Costs/Create?contractId={costContract}", anon: Login, admin: Ok, officer: Forbidden, finance: Ok, own: Forbidden, other: Forbidden),
        Row("ANY /Costs/Edit", "/Costs/Edit/{costEntry}", anon: Login, admin: Ok, officer: Forbidden, finance: Ok, own: Forbidden, other: Forbidden),
        Row("POST /Costs/Edit", "/Costs/Edit/{costEntry}", anon: Login, admin: Conflict, officer: Forbidden, finance: Conflict, own: Forbidden, other: Forbidden),
        Row("POST /Costs/Delete", "/Costs/Delete/{costEntry}", anon: Login, admin: Conflict, officer: Forbidden, finance: Conflict, own: Forbidden, other: Forbidden),
        Row("ANY /Costs/Import", "/Costs/Import?contractId={costContract}", anon: Login, admin: Ok, officer: Forbidden, finance: Ok, own: Forbidden, other: Forbidden),
        Row("POST /Costs/Import", "/Costs/Import?contractId={costContract}", anon: Login, admin: Ok, officer: Forbidden, finance: Ok, own: Forbidden, other: Forbidden),
        Row("ANY /Costs/Template", "/Costs/Template", anon: Login, admin: Ok, officer: Ok, finance: Ok, own: Forbidden, other: Forbidden),
        Row("ANY /Costs/Key", "/Costs/Key?contractId={costContract}", anon: Login, admin: Ok, officer: Ok, finance: Ok, own: Forbidden, other: Forbidden),
        Row("POST /Costs/Key", "/Costs/Key?contractId={costContract}", anon: Login, admin: Ok, officer: Forbidden, finance: Ok, own: Forbidden, other: Forbidden),
        Row("POST /Costs/ClearKey", "/Costs/ClearKey/{costEntry}", anon: Login, admin: Conflict, officer: Forbidden, finance: Conflict, own: Forbidden, other: Forbidden),
        Row("ANY /Costs/Preview", "/Costs/Preview", anon: Login, admin: Ok, officer: Ok, finance: Ok, own: Forbidden, other: Forbidden),
        Row("POST /Costs/Preview", "/Costs/Preview", anon: Login, admin: Ok, officer: Forbidden, finance: Ok, own: Forbidden, other: Forbidden),
        Row("ANY /Costs/Run", "/Costs/Run/{issuedRun}", anon: Login, admin: Ok, officer: Ok, finance: Ok, own: Forbidden, other: Forbidden),
        Row("ANY /Costs/Compare", "/Costs/Compare", anon: Login, admin: Ok, officer: Ok, finance: Ok, own: Forbidden, other: Forbidden),
        Row("ANY /Costs/Fee", "/Costs/Fee", anon: Login, admin: Ok, officer: Ok, finance: Ok, own: Forbidden, other: Forbidden),
        Row("POST /Costs/Fee", "/Costs/Fee", anon: Login, admin: Ok, officer: Forbidden, finance: Ok, own: Forbidden, other: Forbidden),
        // i9-runs: allocation runs are finance's (and administrators'). i9-demo2: {issuedRun} is the demo's issued telecom
        // run, {rectifyingRun} the rectifying run issued after it: both are frozen, so issuing or deleting them answers 409
        // to whoever may write runs.
        Row("ANY /Runs/Index", "/Runs", anon: Login, admin: Ok, officer: Forbidden, finance: Ok, own: Forbidden, other: Forbidden),
        Row("ANY /Runs/Details", "/Runs/Details/{issuedRun}", anon: Login, admin: Ok, officer: Forbidden, finance: Ok, own: Forbidden, other: Forbidden),
        Row("POST /Runs/Issue", "/Runs/Issue/{issuedRun}", anon: Login, admin: Conflict, officer: Forbidden, finance: Conflict, own: Forbidden, other: Forbidden),
        Row("POST /Runs/Delete", "/Runs/Delete/{rectifyingRun}", anon: Login, admin: Conflict, officer: Forbidden, finance: Conflict, own: Forbidden, other: Forbidden),
        Row("ANY /Runs/Export", "/Runs/Export/{rectifyingRun}?format=csv", anon: Login, admin: Ok, officer: Forbidden, finance: Ok, own: Forbidden, other: Forbidden),
        // i9-statements: every signed-in member buyer and staff member lists the statements it may see (a buyer: its
        // members' only); a run's batch, ZIP, the titres and payments and the unpaid list are finance's and administrators'.
        // i9-demo2: {statement} is Vimeu's statement of {issuedRun}: the Vimeu buyer downloads it, the Amiens buyer gets
        // 404 as for a missing one (and 403 on every finance page that names it or its run).
        Row("ANY /Statements/Mine", "/Statements/Mine", anon: Login, admin: Ok, officer: Ok, finance: Ok, own: Ok, other: Ok),
        Row("ANY /Statements/Download", "/Statements/Download/{statement}", anon: Login, admin: Ok, officer: Ok, finance: Ok, own: Ok, other: NotFound),
        Row("ANY /Statements/Run", "/Statements/Run/{issuedRun}", anon: Login, admin: Ok, officer: Ok, finance: Ok, own: Forbidden, other: Forbidden),
        Row("ANY /Statements/Progress", "/Statements/Progress/{issuedRun}", anon: Login, admin: Ok, officer: Ok, finance: Ok, own: Forbidden, other: Forbidden),
        Row("ANY /Statements/Zip", "/Statements/Zip/{issuedRun}", anon: Login, admin: Ok, officer: Ok, finance: Ok, own: Forbidden, other: Forbidden),
        Row("POST /Statements/Generate", "/Statements/Generate/{issuedRun}", anon: Login, admin: Redirect, officer: Forbidden, finance: Redirect, own: Forbidden, other: Forbidden),
        Row("ANY /Statements/Unpaid", "/Statements/Unpaid", anon: Login, admin: Ok, officer: Ok, finance: Ok, own: Forbidden, other: Forbidden),
        Row("ANY /Statements/Payment", "/Statements/Payment/{statement}", anon: Login, admin: Ok, officer: Forbidden, finance: Ok, own: Forbidden, other: Forbidden),
        Row("POST /Statements/Payment", "/Statements/Payment/{statement}", anon: Login, admin: Ok, officer: Forbidden, finance: Ok, own: Forbidden, other: Forbidden),
        // i9-wire: « Rectifier » an issued run is finance's (and administrators'); posted without its confirmation it
        // redisplays the run page with the French request to confirm and writes nothing.
        Row("POST /Runs/Rectify", "/Runs/Rectify/{issuedRun}", anon: Login, admin: Ok, officer: Forbidden, finance: Ok, own: Forbidden, other: Forbidden),
        // i9-limits: correcting the initial data of a recorded contract is for those who record contracts; the demo's ENT
        // accord-cadre already has cost entries, so its page says so and a post answers 409, changing nothing.
        Row("ANY /Contracts/Edit", "/Contracts/Edit/{contract}", anon: Login, admin: Ok, officer: Ok, finance: Ok, own: Forbidden, other: Forbidden),
        Row("POST /Contracts/Edit", "/Contracts/Edit/{contract}", anon: Login, admin: Conflict, officer: Conflict, finance: Conflict, own: Forbidden, other: Forbidden),
        // i10-decp: the DECP export is public (no login, R2196-1 open data); the checks page of the contracts left out is
        // for administrators and procurement officers.
        Row("GET /opendata/decp.json", "/opendata/decp.json", anon: Ok, admin: Ok, officer: Ok, finance: Ok, own: Ok, other: Ok),
        Row("GET /opendata/checks", "/opendata/checks", anon: Login, admin: Ok, officer: Ok, finance: Forbidden, own: Forbidden, other: Forbidden),
        // i10-ocds: the OCDS 1.1.5 release package is public open data: every account, and no login, reads it.
        Row("GET /opendata/ocds.json", "/opendata/ocds.json", anon: Ok, admin: Ok, officer: Ok, finance: Ok, own: Ok, other: Ok),
    ];

    private enum Account
    {
        Anon,
        Other,
        Own,
        Finance,
        Officer,
        Admin,
    }

    // Least privileged first, so a privileged request that changes something runs after the others saw the row.
    private static readonly (Account Account, string? Email)[] Accounts =
    [
        (Account.Anon, null),
        (Account.Other, "acheteur.amiens@demo.local"),
        (Account.Own, "acheteur.vimeu@demo.local"),
        (Account.Finance, "finances@demo.local"),
        (Account.Officer, "marches@demo.local"),
        (Account.Admin, "admin@demo.local"),
    ];

    private static Expect Expected(MatrixRow row, Account account) => account switch
    {
        Account.Anon => row.Anon,
        Account.Admin => row.Admin,
        Account.Officer => row.Officer,
        Account.Finance => row.Finance,
        Account.Own => row.Own,
        _ => row.Other,
    };

    /// <summary>
    /// Issue 10: the only endpoints open without a login are the login pages (with the two-factor steps and the logout),
    /// the password pages, the error and status pages, /health and the two open-data exports (the static files are left
    /// out of the endpoint list); the matrix answers the exports to an anonymous visitor, and no row outside this list.
    /// </summary>
    [Fact]
    public void PublicEndpoints_AreExactlyTheLoginAndPasswordPagesHealthStatusPagesAndTheOpenDataExports()
    {
        string[] openData = ["GET /opendata/decp.json", "GET /opendata/ocds.json"];
        string[] expected =
        [
            "GET /Account/Login", "POST /Account/Login", "GET /Account/LoginWithTwoFactor", "POST /Account/LoginWithTwoFactor",
            "GET /Account/LoginWithRecoveryCode", "POST /Account/LoginWithRecoveryCode", "POST /Account/Logout",
            "GET /Account/ForgotPassword", "POST /Account/ForgotPassword", "GET /Account/ResetPassword", "POST /Account/ResetPassword",
            "GET /Account/SetPassword", "POST /Account/SetPassword", "ANY /Home/Error", "ANY /Home/Status/{code:int}", "GET /health",
            .. openData,
        ];
        var anonymous = AppEndpoints.List(app.Services)
            .Where(e => e.Endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is not null)
            .Select(e => e.Key.ToString())
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(expected.Order(StringComparer.Ordinal).SequenceEqual(anonymous), "Endpoints open without a login:\n" + string.Join('\n', anonymous));

        var answeredAnonymously = Table.Where(r => r.Anon == Ok).Select(r => r.Endpoint).ToList();
        Assert.All(answeredAnonymously, endpoint => Assert.Contains(endpoint, expected));
        Assert.All(openData, endpoint => Assert.Contains(endpoint, answeredAnonymously));
    }

    [Fact]
    public void Table_HasExactlyOneRowPerEndpoint()
    {
        var endpoints = AppEndpoints.List(app.Services).Select(e => e.Key.ToString()).Distinct().ToList();
        var rows = Table.Select(r => r.Endpoint).ToList();

        var duplicates = rows.GroupBy(r => r).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        var missing = endpoints.Except(rows).Order(StringComparer.Ordinal).ToList();
        var extra = rows.Except(endpoints).ToList();
        var message = new StringBuilder();
        if (missing.Count > 0)
        {
            message.AppendLine("Endpoints without a row (add to AuthorizationMatrixTests.Table, with the answers each account must get):");
            foreach (var key in missing)
            {
                var url = key[(key.IndexOf(' ', StringComparison.Ordinal) + 1)..];
                message.AppendLine(CultureInfo.InvariantCulture, $"    Row(\"{key}\", \"{url}\", anon: Login, admin: Ok, officer: Forbidden, finance: Forbidden, own: Forbidden, other: Forbidden),");
            }
        }

        if (extra.Count > 0)
        {
            message.AppendLine("Rows without an endpoint (remove them): " + string.Join(", ", extra));
        }

        if (duplicates.Count > 0)
        {
            message.AppendLine("Rows given twice: " + string.Join(", ", duplicates));
        }

        Assert.True(message.Length == 0, message.ToString());
    }

    [Fact]
    public async Task EveryEndpoint_AnswersEachAccountAsTheTableSays()
    {
        var ids = await DemoIdsAsync();
        var clients = await ClientsAsync();
        Assert.All(ids, id => Assert.True(id.Value > 0, $"no demo {id.Key}"));

        var answers = Table.ToDictionary(r => r, _ => new Dictionary<Account, (Expect? Class, int Code, string? Location)>());
        foreach (var row in Table.Where(r => !r.RunLast).Concat(Table.Where(r => r.RunLast)))
        {
            var url = Fill(row.Url, ids);
            foreach (var (account, _) in Accounts)
            {
                var (client, token) = clients[account];
                using var response = row.IsUnsafe
                    ? await client.PostAsync(url, new FormUrlEncodedContent([new("__RequestVerificationToken", token)]))
                    : await client.GetAsync(url);
                answers[row][account] = (Classify(response), (int)response.StatusCode, response.Headers.Location?.OriginalString);
            }
        }

        var wrong = new StringBuilder();
        foreach (var (row, got) in answers)
        {
            if (Accounts.All(a => got[a.Account].Class == Expected(row, a.Account)))
            {
                continue;
            }

            string url(MatrixRow r) => Fill(r.Url, ids);
            string Show(Account a) => got[a].Class?.ToString() ?? $"Unexpected{got[a].Code}";
            wrong.AppendLine(CultureInfo.InvariantCulture, $"    expected {row}");
            var where = string.Join(", ", Accounts.Where(a => got[a.Account].Location is not null).Select(a => $"{a.Account} → {got[a.Account].Location}"));
            wrong.AppendLine(CultureInfo.InvariantCulture, $"    ({url(row)}{(where.Length > 0 ? "; " + where : string.Empty)})");
            wrong.AppendLine(CultureInfo.InvariantCulture, $"    got      Row(\"{row.Endpoint}\", \"{row.Url}\", anon: {Show(Account.Anon)}, admin: {Show(Account.Admin)}, officer: {Show(Account.Officer)}, finance: {Show(Account.Finance)}, own: {Show(Account.Own)}, other: {Show(Account.Other)}),");
        }

        Assert.True(wrong.Length == 0, "Unexpected answers:\n" + wrong);
    }

    /// <summary>Every unsafe request without the antiforgery token is refused (400), sent by an account the policy lets through.</summary>
    [Fact]
    public async Task EveryUnsafeEndpoint_RefusesARequestWithoutTheAntiforgeryToken()
    {
        var ids = await DemoIdsAsync();
        var clients = await ClientsAsync();
        var exempt = AppEndpoints.List(app.Services)
            .Where(e => e.Endpoint.Metadata.GetMetadata<IAntiforgeryMetadata>() is { RequiresValidation: false }
                || e.Endpoint.Metadata.OfType<Microsoft.AspNetCore.Mvc.IgnoreAntiforgeryTokenAttribute>().Any())
            .Select(e => e.Key.ToString())
            .ToHashSet();

        // Only the error pages, re-executed with the failed request's method, skip the check; anything else is a hole.
        Assert.Equal(["ANY /Home/Error", "ANY /Home/Status/{code:int}"], exempt.Order(StringComparer.Ordinal));

        var refused = 0;
        var wrong = new List<string>();
        foreach (var row in Table.Where(r => r.Method is "POST" or "ANY" && !exempt.Contains(r.Endpoint) && !r.Endpoint.StartsWith("ANY /hangfire", StringComparison.Ordinal)))
        {
            // Anonymous only where the endpoint lets it in; a signed-in account sent to the login page is logging out.
            var (account, _) = Accounts.First(a => Expected(row, a.Account) is not Forbidden && !(a.Account == Account.Anon && Expected(row, a.Account) == Login));
            var (client, _) = clients[account];
            using var response = await client.PostAsync(Fill(row.Url, ids), new FormUrlEncodedContent([new("Comment", "sans jeton")]));
            if (response.StatusCode == HttpStatusCode.BadRequest)
            {
                refused++;
            }
            else
            {
                wrong.Add($"{row.Endpoint} as {account}: {(int)response.StatusCode}");
            }
        }

        Assert.True(wrong.Count == 0, "Accepted without an antiforgery token:\n" + string.Join('\n', wrong));
        Assert.Equal(Table.Count(r => r.Method is "POST" or "ANY") - 3, refused);
    }

    /// <summary>The dashboard checks the token itself (sent by its scripts in a header) and answers 403 without it.</summary>
    [Fact]
    public async Task HangfireDashboard_RefusesAPostWithoutTheAntiforgeryToken()
    {
        var admin = await app.LoginAsync("admin@demo.local");
        using var response = await admin.PostAsync("/hangfire/recurring/trigger", new FormUrlEncodedContent([new("jobs[]", "needs-campaign-scheduler")]));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private static Expect? Classify(HttpResponseMessage response) => (int)response.StatusCode switch
    {
        200 => Ok,
        301 or 302 or 303 or 307 or 308 => response.Headers.Location?.OriginalString.Contains("/Account/Login", StringComparison.Ordinal) == true ? Login : Redirect,
        400 => BadRequest,
        403 => Forbidden,
        404 => NotFound,
        409 => Conflict,
        429 => TooMany,
        _ => null,
    };

    private static string Fill(string url, IReadOnlyDictionary<string, long> ids)
    {
        foreach (var (name, id) in ids)
        {
            url = url.Replace("{" + name + "}", id.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }

        Assert.DoesNotContain("{", url, StringComparison.Ordinal);
        return url;
    }

    private async Task<Dictionary<Account, (HttpClient Client, string Token)>> ClientsAsync()
    {
        var clients = new Dictionary<Account, (HttpClient, string)>();
        foreach (var (account, email) in Accounts)
        {
            var client = email is null ? app.NewClient() : await app.LoginAsync(email);
            // The token of any rendered form: the login page's, or the logout form of the layout.
            var token = await client.AntiforgeryTokenAsync(email is null ? "/Account/Login" : "/");
            clients[account] = (client, token);
        }

        return clients;
    }

    /// <summary>An e-mail in the outbox, queued the way the app queues them: a password-reset request.</summary>
    private async Task<long> OutboxMessageAsync()
    {
        var before = await MaxOutboxIdAsync();
        var response = await app.NewClient().PostFormAsync("/Account/ForgotPassword", "/Account/ForgotPassword", new Dictionary<string, string> { ["Email"] = "acheteur.vimeu@demo.local" });
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect, $"forgot-password answered {(int)response.StatusCode}");
        var after = await MaxOutboxIdAsync();
        Assert.True(after > before, "the password-reset request queued no e-mail");
        return after;
    }

    private async Task<long> MaxOutboxIdAsync()
    {
        await using var c = await app.ConnectionFactory.OpenAsync();
        return await c.ExecuteScalarAsync<long>("SELECT COALESCE(MAX(Id), 0) FROM OutboxMessages");
    }

    private async Task<IReadOnlyDictionary<string, long>> DemoIdsAsync()
    {
        await using var c = await app.ConnectionFactory.OpenAsync();
        var member = await c.ExecuteScalarAsync<long>("SELECT Id FROM Members WHERE Name = @name", new { name = NeedsFormScenarios.Vimeu });
        var form = await c.ExecuteScalarAsync<long>("SELECT Id FROM NeedsForms WHERE MemberId = @member ORDER BY CampaignId DESC LIMIT 1", new { member });
        var tender = await c.ExecuteScalarAsync<long>("SELECT MIN(Id) FROM Tenders");
        var lot = await c.ExecuteScalarAsync<long>("SELECT Id FROM TenderLots WHERE TenderId = @tender AND LotNumber = 1", new { tender });

        // The demo's finance quarter: its telecom run, issued then rectified, with every statement's PDF generated (the
        // batches the issue started, run here to their end as the Hangfire server would) so that a download answers 200.
        await Runs.RunScenario.RunPendingBatchesAsync(app);
        var issuedRun = await c.ExecuteScalarAsync<long>("SELECT RectifiesRunId FROM AllocationRuns WHERE RectifiesRunId IS NOT NULL");
        return new Dictionary<string, long>
        {
            ["member"] = member,
            ["site"] = await c.ExecuteScalarAsync<long>("SELECT MIN(Id) FROM MemberSites WHERE MemberId = @member", new { member }),
            ["form"] = form,
            ["submittedForm"] = await c.ExecuteScalarAsync<long>("SELECT MIN(Id) FROM NeedsForms WHERE MemberId = @member AND Status IN (1, 3)", new { member }),
            ["campaign"] = await c.ExecuteScalarAsync<long>("SELECT CampaignId FROM NeedsForms WHERE Id = @form", new { form }),
            ["group"] = await c.ExecuteScalarAsync<long>("SELECT MIN(PurchasingGroupId) FROM Adhesions WHERE MemberId = @member", new { member }),
            ["user"] = await c.ExecuteScalarAsync<long>("SELECT Id FROM Users WHERE Email = 'acheteur.amiens@demo.local'"),
            ["threshold"] = await c.ExecuteScalarAsync<long>("SELECT MIN(Id) FROM ProcurementThresholds"),
            ["supplier"] = await c.ExecuteScalarAsync<long>("SELECT MIN(Id) FROM Suppliers"),
            ["audit"] = await c.ExecuteScalarAsync<long>("SELECT MIN(Id) FROM AuditLog"),
            ["contract"] = await c.ExecuteScalarAsync<long>("SELECT Id FROM Contracts WHERE Reference = 'ENT-2024-01'"),
            ["outbox"] = await OutboxMessageAsync(),
            ["missing"] = long.Parse(Missing, CultureInfo.InvariantCulture),
            ["tender"] = tender,
            ["tenderCampaign"] = await c.ExecuteScalarAsync<long>("SELECT CampaignId FROM Tenders WHERE Id = @tender", new { tender }),
            ["tenderLot"] = lot,
            ["offer"] = await c.ExecuteScalarAsync<long>(
                "SELECT o.Id FROM TenderOffers o JOIN Suppliers s ON s.Id = o.SupplierId WHERE o.TenderLotId = @lot AND s.Name = @name",
                new { lot, name = TendersDemoSeed.HautsDeFrance }),
            ["issuedRun"] = issuedRun,
            ["rectifyingRun"] = await c.ExecuteScalarAsync<long>("SELECT Id FROM AllocationRuns WHERE RectifiesRunId = @issuedRun", new { issuedRun }),
            ["statement"] = await c.ExecuteScalarAsync<long>("SELECT Id FROM Statements WHERE RunId = @issuedRun AND MemberId = @member", new { issuedRun, member }),
            ["costContract"] = await c.ExecuteScalarAsync<long>("SELECT Id FROM Contracts WHERE Reference LIKE '%-TEL-01-L1' AND AllocationKeyId IS NOT NULL"),
            ["costEntry"] = await c.ExecuteScalarAsync<long>(
                "SELECT e.Id FROM CostEntries e JOIN RunCostLines l ON l.CostEntryId = e.Id WHERE l.RunId = @issuedRun AND e.Label = @label AND e.AllocationKeyId IS NOT NULL",
                new { issuedRun, label = FinanceDemoSeed.HubLabel }),
        };
    }
}
