"""The LA workspace's pages for joint approaches and sibling contacts.

A page the LA runs answers 404 to everyone who does not run the work of the
pupil's LA (school staff, the other LA, legal officers): never a 403 that
would confirm the pupil or record exists.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from attendance.selectors import with_own_school_figures
from cases.selectors import visible_case_or_404
from contracts.models import code_of_conduct_for
from la_workspace import services
from la_workspace.forms import (
    CodeOfConductForm,
    JointApproachForm,
    SiblingSchoolContactForm,
)
from la_workspace.models import JointApproach, LaSettingsChange
from la_workspace.panels import contact_schools, siblings_panel
from la_workspace.selectors import (
    chosen_local_authority,
    ensure_la_figures,
    joint_approaches_of,
    managed_local_authorities,
    open_case_of,
    severely_absent_pupils,
    siblings_for,
)
from letters.kinds import letter_kinds
from letters.models import LetterTemplate
from meetings.types import resolve_types
from returns.forms import ReturnSettingsForm
from returns.models import return_settings_for
from schools.form_errors import service_errors_into
from schools.models import LocalAuthority, Pupil


def _managed_la(request: HttpRequest) -> tuple[LocalAuthority, list[LocalAuthority]]:
    """The LA the page is for (``?la=``) among those the user runs; 404 if none."""
    return chosen_local_authority(
        list(managed_local_authorities(request.user).order_by("name", "pk")),
        request.GET.get("la"),
    )


def _managed_pupil_or_404(request: HttpRequest, pupil_pk: int) -> Pupil:
    return get_object_or_404(
        Pupil.objects.select_related("school__local_authority"),
        pk=pupil_pk,
        school__local_authority__in=managed_local_authorities(request.user),
    )


def joint_approaches(request: HttpRequest) -> HttpResponse:
    """The LA's severely absent pupils of compulsory school age, those without
    a joint approach this year first."""
    la, choices = _managed_la(request)
    today = timezone.localdate()
    ensure_la_figures(la, as_of=today)
    schools = list(la.schools.order_by("name"))
    school_id = request.GET.get("school")
    school = next((s for s in schools if str(s.pk) == school_id), None)
    pupils = list(
        severely_absent_pupils(la, as_of=today, school_id=school.pk if school else None)
    )
    without = [p for p in pupils if p.joint_approach_pk is None]
    agreed = [p for p in pupils if p.joint_approach_pk is not None]
    return render(
        request,
        "la_workspace/joint_approaches.html",
        {
            "la": la,
            "choices": choices,
            "schools": schools,
            "school": school,
            "without": without,
            "agreed": agreed,
            "today": today,
        },
    )


def joint_approach_new(request: HttpRequest, pupil_pk: int) -> HttpResponse:
    pupil = _managed_pupil_or_404(request, pupil_pk)
    today = timezone.localdate()
    if request.method == "POST":
        form = JointApproachForm(request.POST)
        if form.is_valid():
            try:
                approach = services.joint_approach_record(
                    by=request.user, pupil=pupil, today=today, **form.cleaned_data
                )
            except ValidationError as error:
                service_errors_into(form, error)
            else:
                if approach.case_id:
                    messages.success(
                        request,
                        "Joint approach recorded. The case is shared with the "
                        "LA team on the school's agreement.",
                    )
                else:
                    messages.success(
                        request,
                        "Joint approach recorded. The pupil has no open case at "
                        "the school, so there is no case to share yet.",
                    )
                return redirect(
                    "portal:la_workspace:joint_approach_detail", approach.pk
                )
    else:
        form = JointApproachForm(initial={"school_agreed_on": today})
    figures = with_own_school_figures(Pupil.objects.filter(pk=pupil.pk)).get()
    return render(
        request,
        "la_workspace/joint_approach_new.html",
        {
            "pupil": pupil,
            "figures": figures,
            "form": form,
            "case": open_case_of(pupil),
            "earlier": list(joint_approaches_of(pupil)[:5]),
        },
    )


def joint_approach_detail(request: HttpRequest, pk: int) -> HttpResponse:
    approach = get_object_or_404(
        JointApproach.objects.select_related(
            "pupil__school", "school", "case", "recorded_by"
        ),
        pk=pk,
        school__local_authority__in=managed_local_authorities(request.user),
    )
    pupil = approach.pupil
    return render(
        request,
        "la_workspace/joint_approach_detail.html",
        {
            "approach": approach,
            "pupil": pupil,
            "others": [
                a for a in joint_approaches_of(pupil)[:10] if a.pk != approach.pk
            ],
            "siblings": siblings_for(
                user=request.user, pupil=pupil, as_of=timezone.localdate()
            ),
        },
    )


@require_POST
def sibling_contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = visible_case_or_404(request.user, pk)
    siblings = siblings_for(
        user=request.user, pupil=case.pupil, as_of=timezone.localdate()
    )
    form = SiblingSchoolContactForm(
        request.POST, schools=contact_schools(siblings, case)
    )
    if form.is_valid():
        try:
            services.sibling_school_contact_record(
                by=request.user,
                case=case,
                today=timezone.localdate(),
                **form.cleaned_data,
            )
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            messages.success(request, "Contact with the sibling's school recorded.")
            return redirect(f"{case.get_absolute_url()}#siblings")
    return render(
        request,
        "la_workspace/sibling_contact_refused.html",
        {"case": case, "panel": siblings_panel(request, case, form=form)},
        status=400 if form.errors else 200,
    )


def la_settings(request: HttpRequest) -> HttpResponse:
    """The LA's settings in one place: its code of conduct for notices, the
    notifications schools send it, and where its meeting types and letter
    templates are kept."""
    la, choices = _managed_la(request)
    kind_names = {kind.key: kind.name for kind in letter_kinds()}
    code_form = CodeOfConductForm(
        request.POST or None, instance=code_of_conduct_for(la), prefix="code"
    )
    returns_form = ReturnSettingsForm(
        request.POST or None, instance=return_settings_for(la), prefix="returns"
    )
    forms = [code_form, returns_form]
    if request.method == "POST":
        if all(form.is_valid() for form in forms):
            try:
                changed = services.la_settings_save(
                    by=request.user, local_authority=la, forms=forms
                )
            except ValidationError as error:
                service_errors_into(code_form, error)
            else:
                messages.success(
                    request,
                    f"Settings saved: {changed} changed."
                    if changed
                    else "Nothing was changed.",
                )
                return redirect(f"{request.path}?la={la.pk}")
    return render(
        request,
        "la_workspace/settings.html",
        {
            "la": la,
            "choices": choices,
            "code_form": code_form,
            "returns_form": returns_form,
            "meeting_types": resolve_types(
                la_settings=list(la.meeting_type_settings.all())
            ),
            "letter_templates": [
                (template, kind_names.get(template.kind, template.kind))
                for template in LetterTemplate.objects.filter(
                    local_authority=la
                ).order_by("kind", "pk")
            ],
            "changes": list(
                LaSettingsChange.objects.filter(local_authority=la).select_related(
                    "changed_by"
                )[:10]
            ),
        },
    )
