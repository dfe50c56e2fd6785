"""Writes for staff accounts: invitations, roles given in the portal,
deactivation, resetting the second factor, and ending sessions.

Each checks the manager's right with ``accounts.rules`` and refuses with
``PermissionDenied`` (the views have already answered 404 for anything out of
the manager's reach); each writes the organisation's audit log
(``schools.StaffChange``) in the same transaction as the change.
"""

from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Invitation, SignedInSession, new_token, token_digest
from accounts.rules import may_change_role, may_manage_person, roles_giveable
from schools.enums import StaffChangeKind
from schools.models import LocalAuthority, School, StaffMembership
from schools.permissions import roles_held
from schools.services import membership_add, membership_remove, staff_change_record

Organisation = School | LocalAuthority


def organisation_key(organisation: Organisation) -> tuple[str, int]:
    return ("school" if isinstance(organisation, School) else "la", organisation.pk)


def manager_roles_at(user) -> dict[tuple[str, int], set[str]]:
    """The user's roles by organisation, read once a request."""
    held: dict[tuple[str, int], set[str]] = {}
    for role, school_id, la_id in roles_held(user):
        key = ("school", school_id) if school_id else ("la", la_id)
        held.setdefault(key, set()).add(role)
    return held


def person_roles_at(person) -> dict[tuple[str, int], set[str]]:
    held: dict[tuple[str, int], set[str]] = {}
    for role, school_id, la_id in StaffMembership.objects.filter(
        user=person
    ).values_list("role", "school_id", "local_authority_id"):
        key = ("school", school_id) if school_id else ("la", la_id)
        held.setdefault(key, set()).add(role)
    return held


def giveable_at(user, organisation: Organisation) -> frozenset[str]:
    return roles_giveable(
        manager_roles_at(user).get(organisation_key(organisation), ())
    )


def _check_role_change(*, by, organisation: Organisation, person, role: str) -> None:
    if not may_change_role(
        manager_roles=manager_roles_at(by).get(organisation_key(organisation), ()),
        role=role,
        is_self=person is not None and person.pk == by.pk,
    ):
        raise PermissionDenied("You may not give or remove that role here.")


def may_manage(by, person) -> bool:
    return may_manage_person(
        manager_roles_at=manager_roles_at(by),
        person_roles_at=person_roles_at(person),
        is_self=person.pk == by.pk,
    )


# --- Invitations ------------------------------------------------------------


@transaction.atomic
def staff_invite(
    *,
    by: AbstractBaseUser,
    organisation: Organisation,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    job_title: str = "",
) -> Invitation | None:
    """Invite a new member of staff, or give an existing account the role.

    A new account gets the role at once and an email with a one-time link to
    set a password; until then its password is unusable. An address that
    already has an active account just gets the role (returns None): they sign
    in as before. A deactivated account is refused: restoring one is a
    decision for the site's administrators, not a school.
    """
    _check_role_change(by=by, organisation=organisation, person=None, role=role)
    email = email.strip().lower()
    User = get_user_model()
    existing = (
        User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email))
        .order_by("pk")
        .first()
    )
    if existing is not None and not existing.is_active:
        raise ValidationError(
            {
                "email": "This address belongs to an account that has been "
                "deactivated. Ask the portal's administrators to restore it."
            }
        )
    if existing is not None:
        if existing.pk == by.pk:
            raise ValidationError({"email": "You cannot invite yourself."})
        membership_add(
            user=existing,
            organisation=organisation,
            role=role,
            job_title=job_title,
            by=by,
        )
        return None
    person = User.objects.create_user(
        username=email, email=email, first_name=first_name, last_name=last_name
    )
    membership_add(
        user=person, organisation=organisation, role=role, job_title=job_title, by=by
    )
    return _invitation_send(by=by, person=person, organisation=organisation)


def _invitation_send(*, by, person, organisation: Organisation) -> Invitation:
    token = new_token()
    expires_at = timezone.now() + timedelta(days=settings.ACCOUNTS_INVITATION_DAYS)
    invitation = Invitation.objects.create(
        person=person,
        token_digest=token_digest(token),
        invited_by=by,
        expires_at=expires_at,
    )
    staff_change_record(
        kind=StaffChangeKind.INVITED, person=person, organisation=organisation, by=by
    )
    link = settings.PORTAL_BASE_URL.rstrip("/") + reverse(
        "portal:staff:invitation", kwargs={"token": token}
    )
    inviter = by.get_full_name() or by.get_username()
    # Sent inside the transaction: if the mail server refuses it, nothing of
    # the invitation is kept and the manager is told.
    send_mail(
        subject="Your invitation to the school attendance staff portal",
        message=(
            f"Hello {person.first_name},\n\n"
            f"{inviter} has invited you to the school attendance staff portal "
            f"at {organisation}.\n\n"
            f"Set your password here (the link works once, until "
            f"{timezone.localtime(expires_at):%d %B %Y at %H:%M}):\n{link}\n\n"
            "You will also need an authenticator app on your phone, such as "
            "Microsoft Authenticator or Google Authenticator: the portal asks "
            "for a code from it each time you sign in.\n\n"
            "If you were not expecting this, you can ignore this email.\n"
        ),
        from_email=None,
        recipient_list=[person.email],
    )
    return invitation


def invitation_resend(*, by, person, organisation: Organisation) -> Invitation:
    """A new link for someone who has not accepted yet; older links stop working."""
    with transaction.atomic():
        if not may_manage(by, person):
            raise PermissionDenied("You may not invite this person again.")
        if person.has_usable_password():
            raise ValidationError("This person has already set their password.")
        Invitation.objects.filter(
            person=person, accepted_at=None, withdrawn_at=None
        ).update(withdrawn_at=timezone.now())
        return _invitation_send(by=by, person=person, organisation=organisation)


def invitation_open(token: str) -> Invitation | None:
    """The open invitation this link's token belongs to, or None."""
    invitation = (
        Invitation.objects.select_related("person")
        .filter(token_digest=token_digest(token))
        .first()
    )
    if invitation is None or not invitation.is_open():
        return None
    if not invitation.person.is_active:
        return None
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, password: str):
    """Set the new member of staff's password; the link then stops working.

    The password has been validated by the form (Django's password rules).
    Returns the account, for the view to take on to the second factor.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open():
        raise ValidationError("This invitation has expired or has been used.")
    person = invitation.person
    person.set_password(password)
    person.save(update_fields=["password"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    for membership in StaffMembership.objects.filter(user=person).select_related(
        "school", "local_authority"
    ):
        staff_change_record(
            kind=StaffChangeKind.INVITATION_ACCEPTED,
            person=person,
            organisation=membership.organisation,
            role=membership.role,
            by=person,
        )
    return person


# --- Roles ------------------------------------------------------------------


def role_give(*, by, organisation: Organisation, person, role: str, job_title=""):
    with transaction.atomic():
        _check_role_change(by=by, organisation=organisation, person=person, role=role)
        if not person.is_active:
            raise ValidationError("This account has been deactivated.")
        return membership_add(
            user=person,
            organisation=organisation,
            role=role,
            job_title=job_title,
            by=by,
        )


def role_remove(*, by, membership: StaffMembership) -> None:
    with transaction.atomic():
        _check_role_change(
            by=by,
            organisation=membership.organisation,
            person=membership.user,
            role=membership.role,
        )
        membership_remove(membership=membership, by=by)


# --- Leavers and lost phones ------------------------------------------------


@transaction.atomic
def staff_deactivate(*, by, person) -> None:
    """A leaver: every role goes, the account cannot sign in, and every session
    of theirs ends now. Their records stay, attributed to them."""
    person = get_user_model().objects.select_for_update().get(pk=person.pk)
    if not may_manage(by, person):
        raise PermissionDenied("You may not deactivate this account.")
    memberships = list(
        StaffMembership.objects.filter(user=person).select_related(
            "school", "local_authority"
        )
    )
    for membership in memberships:
        membership_remove(membership=membership, by=by)
    for organisation in {m.organisation for m in memberships}:
        staff_change_record(
            kind=StaffChangeKind.DEACTIVATED,
            person=person,
            organisation=organisation,
            by=by,
        )
    person.is_active = False
    person.save(update_fields=["is_active"])
    Invitation.objects.filter(
        person=person, accepted_at=None, withdrawn_at=None
    ).update(withdrawn_at=timezone.now())
    sessions_end(person)


@transaction.atomic
def second_factor_reset(*, by, person) -> None:
    """Someone lost their phone and their backup codes: their app and codes go,
    their sessions end, and at their next sign-in they set up a new app."""
    if not may_manage(by, person):
        raise PermissionDenied("You may not reset this person's sign-in.")
    TOTPDevice.objects.filter(user=person).delete()
    StaticDevice.objects.filter(user=person).delete()
    for membership in StaffMembership.objects.filter(user=person).select_related(
        "school", "local_authority"
    ):
        staff_change_record(
            kind=StaffChangeKind.SECOND_FACTOR_RESET,
            person=person,
            organisation=membership.organisation,
            by=by,
        )
    sessions_end(person)


# --- Sessions ---------------------------------------------------------------


def session_list(*, session_key: str, user, ip_address: str | None) -> None:
    """List a session that has passed both factors."""
    SignedInSession.objects.update_or_create(
        session_key=session_key, defaults={"user": user, "ip_address": ip_address}
    )


def session_forget(session_key: str | None) -> None:
    """A session that signed out is no longer listed."""
    if session_key:
        SignedInSession.objects.filter(session_key=session_key).delete()


def sessions_end(user, *, keep: str | None = None) -> int:
    """End every listed session of this user (but ``keep``); returns how many."""
    engine = import_module(settings.SESSION_ENGINE)
    ended = 0
    with transaction.atomic():
        for signed_in in SignedInSession.objects.select_for_update().filter(user=user):
            if signed_in.session_key == keep:
                continue
            engine.SessionStore(session_key=signed_in.session_key).delete()
            signed_in.delete()
            ended += 1
    return ended
