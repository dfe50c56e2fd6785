"""The staff pages: a manager's own organisation's staff, invitations, roles,
leavers; and the page where an invited person sets their password.

Out of reach is a 404: another organisation, someone with no role here.
"""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts import selectors, services
from accounts.forms import InviteForm, RoleGiveForm
from schools.form_errors import service_errors_into
from schools.models import StaffMembership


def _list_url(kind: str, pk: int):
    return redirect("portal:staff:list", kind=kind, pk=pk)


def _person_url(kind: str, pk: int, person_pk: int):
    return redirect("portal:staff:person", kind=kind, pk=pk, person_pk=person_pk)


def _member(request: HttpRequest, kind: str, pk: int, person_pk: int):
    """The organisation the manager manages, and one person with a role there;
    404 for anything else."""
    organisation = selectors.organisation_managed(request.user, kind, pk)
    return organisation, selectors.staff_member(organisation, person_pk)


def staff_home(request: HttpRequest) -> HttpResponse:
    organisations = selectors.organisations_managed(request.user)
    if len(organisations) == 1:
        organisation = organisations[0]
        kind, pk = services.organisation_key(organisation)
        return _list_url(kind, pk)
    if not organisations:
        return render(request, "accounts/not_a_manager.html", status=404)
    return render(
        request,
        "accounts/home.html",
        {
            "organisations": [
                (organisation, *services.organisation_key(organisation))
                for organisation in organisations
            ]
        },
    )


def staff_list(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    organisation = selectors.organisation_managed(request.user, kind, pk)
    return render(
        request,
        "accounts/list.html",
        {
            "organisation": organisation,
            "kind": kind,
            "staff": selectors.staff_at(organisation),
            "changes": list(selectors.changes_at(organisation)),
        },
    )


def staff_invite(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    organisation = selectors.organisation_managed(request.user, kind, pk)
    roles = services.giveable_at(request.user, organisation)
    form = InviteForm(request.POST or None, roles=roles)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.staff_invite(
                by=request.user, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            email = form.cleaned_data["email"]
            messages.success(
                request,
                f"Invitation sent to {email}."
                if invitation
                else f"{email} already has an account: they now hold the role here.",
            )
            return _list_url(kind, pk)
    return render(
        request,
        "accounts/invite.html",
        {"organisation": organisation, "kind": kind, "form": form},
    )


def staff_person(
    request: HttpRequest, kind: str, pk: int, person_pk: int
) -> HttpResponse:
    organisation, member = _member(request, kind, pk, person_pk)
    return _person_page(request, organisation, kind, member)


def _person_page(request, organisation, kind, member, form=None, status=200):
    giveable = services.giveable_at(request.user, organisation)
    is_self = member.person.pk == request.user.pk
    held = {membership.role for membership in member.memberships}
    return render(
        request,
        "accounts/person.html",
        {
            "organisation": organisation,
            "kind": kind,
            "member": member,
            "is_self": is_self,
            "removable": set() if is_self else giveable,
            "form": form or RoleGiveForm(roles=set() if is_self else giveable - held),
            "may_manage": services.may_manage(request.user, member.person),
            "invitation": selectors.open_invitation(member.person),
            "changes": list(selectors.changes_of(organisation, member.person)),
        },
        status=status,
    )


@require_POST
def staff_role_give(
    request: HttpRequest, kind: str, pk: int, person_pk: int
) -> HttpResponse:
    organisation, member = _member(request, kind, pk, person_pk)
    held = {membership.role for membership in member.memberships}
    giveable = services.giveable_at(request.user, organisation) - held
    form = RoleGiveForm(request.POST, roles=giveable)
    if form.is_valid():
        try:
            services.role_give(
                by=request.user,
                organisation=organisation,
                person=member.person,
                **form.cleaned_data,
            )
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            messages.success(request, "Role given.")
            return _person_url(kind, pk, person_pk)
    return _person_page(request, organisation, kind, member, form=form, status=400)


@require_POST
def staff_role_remove(
    request: HttpRequest, kind: str, pk: int, person_pk: int, membership_pk: int
) -> HttpResponse:
    organisation, member = _member(request, kind, pk, person_pk)
    membership = get_object_or_404(
        StaffMembership,
        pk=membership_pk,
        pk__in=[m.pk for m in member.memberships],
    )
    services.role_remove(by=request.user, membership=membership)
    messages.success(request, f"{membership.get_role_display()} removed.")
    if len(member.memberships) == 1:
        return _list_url(kind, pk)
    return _person_url(kind, pk, person_pk)


@require_POST
def staff_deactivate(
    request: HttpRequest, kind: str, pk: int, person_pk: int
) -> HttpResponse:
    _, member = _member(request, kind, pk, person_pk)
    services.staff_deactivate(by=request.user, person=member.person)
    messages.success(
        request,
        f"{member.person.get_full_name()}'s account is deactivated and every "
        "session of theirs has ended.",
    )
    return _list_url(kind, pk)


@require_POST
def staff_second_factor_reset(
    request: HttpRequest, kind: str, pk: int, person_pk: int
) -> HttpResponse:
    _, member = _member(request, kind, pk, person_pk)
    services.second_factor_reset(by=request.user, person=member.person)
    messages.success(
        request,
        f"{member.person.get_full_name()} will set up a new authenticator app "
        "when they next sign in.",
    )
    return _person_url(kind, pk, person_pk)


@require_POST
def staff_invitation_resend(
    request: HttpRequest, kind: str, pk: int, person_pk: int
) -> HttpResponse:
    organisation, member = _member(request, kind, pk, person_pk)
    try:
        services.invitation_resend(
            by=request.user, person=member.person, organisation=organisation
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"A new invitation went to {member.person.email}.")
    return _person_url(kind, pk, person_pk)


@login_not_required
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Set a password from an invitation's link, then set up the authenticator."""
    invitation = services.invitation_open(token)
    if invitation is None:
        return render(request, "accounts/invitation_closed.html", status=404)
    form = SetPasswordForm(invitation.person, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.invitation_accept(
                invitation=invitation, password=form.cleaned_data["new_password1"]
            )
        except ValidationError:
            return render(request, "accounts/invitation_closed.html", status=404)
        # The password step is done; the second factor's set-up comes next.
        login(request, person, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("portal:second_factor_setup")
    return render(
        request,
        "accounts/invitation.html",
        {"form": form, "person": invitation.person},
    )
