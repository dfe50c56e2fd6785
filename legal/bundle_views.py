"""Court bundle pages: ask for a bundle, follow its production (the case
page polls with htmx), and download the finished PDF.

A bundle the user may not see (another school's, or the LA's own bundle for
school staff) is answered with a 404, like one that does not exist.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from cases.selectors import visible_case_or_404
from legal import bundle_services
from legal.enums import BundleStatus
from legal.models import CourtBundle
from legal.permissions import can_produce_bundle, visible_bundles


def _bundle(request: HttpRequest, pk: int, bundle_pk: int) -> CourtBundle:
    case = visible_case_or_404(request.user, pk)
    bundle = get_object_or_404(visible_bundles(request.user, case), pk=bundle_pk)
    bundle.case = case
    return bundle


@require_POST
def bundle_request(request: HttpRequest, pk: int) -> HttpResponse:
    case = visible_case_or_404(request.user, pk)
    draft = request.POST.get("draft") == "1"
    if not can_produce_bundle(request.user, case, draft=draft):
        raise PermissionDenied("You cannot produce this bundle.")
    try:
        bundle = bundle_services.bundle_request(case=case, by=request.user, draft=draft)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(case.get_absolute_url() + "#bundles-heading")
    if request.htmx:
        return _status(request, bundle)
    messages.success(
        request, "The bundle is being produced: this page shows when it is ready."
    )
    return redirect("portal:legal:bundle_status", pk=case.pk, bundle_pk=bundle.pk)


def _status(request: HttpRequest, bundle: CourtBundle) -> HttpResponse:
    context = {"case": bundle.case, "bundle": bundle, "BundleStatus": BundleStatus}
    if request.htmx:
        return render(request, "legal/partials/bundle_status.html", context)
    return render(request, "legal/bundle.html", context)


@require_safe
def bundle_status(request: HttpRequest, pk: int, bundle_pk: int) -> HttpResponse:
    return _status(request, _bundle(request, pk, bundle_pk))


@require_safe
def bundle_download(request: HttpRequest, pk: int, bundle_pk: int) -> HttpResponse:
    bundle = _bundle(request, pk, bundle_pk)
    if bundle.status != BundleStatus.DONE:
        raise Http404("The bundle is not ready.")
    try:
        handle = bundle.pdf.open("rb")
    except FileNotFoundError as error:
        raise Http404("The bundle's file is missing.") from error
    bundle_services.bundle_downloaded(bundle=bundle, by=request.user)
    kind = "draft-bundle" if bundle.draft else "court-bundle"
    response = FileResponse(handle, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{kind}-case-{bundle.case_id}-'
        f'{bundle.finished_at:%Y-%m-%d}.pdf"'
    )
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
