"""The pupil's subject access page: ask for an export, watch it, download it.

Only the headteacher and attendance lead of the pupil's school reach it;
everyone else gets a 404, as for a pupil they cannot see.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from schools.models import Pupil
from subject_access.enums import ExportStatus
from subject_access.models import SubjectAccessExport
from subject_access.permissions import can_export
from subject_access.services import IN_HAND, export_downloaded, export_request


def _pupil(request: HttpRequest, pupil_pk: int) -> Pupil:
    pupil = get_object_or_404(Pupil.objects.select_related("school"), pk=pupil_pk)
    if not can_export(request.user, pupil):
        raise Http404("No pupil this user may export.")
    return pupil


def exports(request: HttpRequest, pupil_pk: int) -> HttpResponse:
    pupil = _pupil(request, pupil_pk)
    if request.method == "POST":
        try:
            export_request(pupil=pupil, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                "The export is being produced. This page shows when it is ready.",
            )
        return redirect("portal:subject_access:exports", pupil_pk=pupil.pk)
    listed = list(
        SubjectAccessExport.objects.filter(pupil=pupil)
        .select_related("requested_by")
        .prefetch_related("downloads__by")
    )
    context = {
        "pupil": pupil,
        "exports": listed,
        "in_hand": any(export.status in IN_HAND for export in listed),
    }
    if request.htmx:
        return render(request, "subject_access/partials/exports.html", context)
    return render(request, "subject_access/exports.html", context)


def download(request: HttpRequest, pupil_pk: int, export_pk: int) -> HttpResponse:
    pupil = _pupil(request, pupil_pk)
    export = get_object_or_404(
        SubjectAccessExport, pk=export_pk, pupil=pupil, status=ExportStatus.DONE
    )
    export_downloaded(export=export, by=request.user)
    response = FileResponse(export.archive.open("rb"), content_type="application/zip")
    response["Content-Disposition"] = (
        f'attachment; filename="subject-access-pupil-{pupil.pk}-{export.pk}.zip"'
    )
    return response
