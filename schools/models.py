"""Organisations, pupils, families and parents/carers, and staff memberships.

Roles are held as one Django group per (organisation, role); the groups hold
django-guardian object permissions on the School or LocalAuthority, stored in
the direct foreign-key tables below so that "pupils I may see" is one join.
"""

import pgtrigger
from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from schools.append_only import AppendOnlyModel
from schools.enums import (
    LocalAuthorityRole,
    Phase,
    Relationship,
    SchoolRole,
    SenStatus,
    StaffChangeKind,
    YearGroup,
)
from schools.upn import validate_upn

urn_validator = RegexValidator(r"^\d{6}$", "A URN is six digits.")
la_code_validator = RegexValidator(
    r"^\d{3}$", "An LA number is three digits (for example 373)."
)


class LocalAuthority(models.Model):
    name = models.CharField(max_length=120, unique=True)
    code = models.CharField(
        "LA number",
        max_length=3,
        unique=True,
        validators=[la_code_validator],
        help_text="The DfE's three-digit local authority number.",
    )
    attendance_team_email = models.EmailField(blank=True)
    attendance_team_phone = models.CharField(max_length=30, blank=True)

    class Meta:
        verbose_name = "local authority"
        verbose_name_plural = "local authorities"
        ordering = ["name"]
        default_permissions = ()
        permissions = [
            (
                "view_pupil_directory",
                "See the pupil directory (name, school, year) of the LA's schools",
            ),
            ("view_la_figures", "See the attendance figures of the LA's schools"),
            (
                "manage_la_work",
                "Run the LA's targeting support, joint approaches, notifications "
                "and settings",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class School(models.Model):
    name = models.CharField(max_length=160)
    urn = models.CharField("URN", max_length=6, unique=True, validators=[urn_validator])
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="schools"
    )
    phase = models.CharField(max_length=30, choices=Phase.choices)
    address = models.TextField(blank=True)
    phone = models.CharField("main phone", max_length=30, blank=True)
    email = models.EmailField("main email", blank=True)

    class Meta:
        ordering = ["name"]
        default_permissions = ()
        permissions = [
            ("view_pupil_record", "See pupils' full records at this school"),
            ("view_attendance", "See pupils' registers and attendance figures"),
            ("import_registers", "Import pupils and register marks"),
            ("view_school_overview", "See the school's attendance overview"),
            ("send_la_returns", "Send the school's notifications to the LA"),
            (
                "view_targeting_meetings",
                "See the school's termly targeting-support meetings with the LA",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Family(models.Model):
    """A household of siblings, who may attend different schools."""

    reference = models.CharField(
        max_length=40,
        unique=True,
        help_text="A reference for the family, unique across the system.",
    )

    class Meta:
        verbose_name_plural = "families"
        default_permissions = ()

    def __str__(self) -> str:
        return f"Family {self.reference}"


class Pupil(models.Model):
    upn = models.CharField("UPN", max_length=13, unique=True, validators=[validate_upn])
    legal_forename = models.CharField(max_length=80)
    legal_surname = models.CharField(max_length=80)
    preferred_forename = models.CharField(max_length=80, blank=True)
    preferred_surname = models.CharField(max_length=80, blank=True)
    date_of_birth = models.DateField()
    year_group = models.SmallIntegerField(choices=YearGroup.choices)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="pupils")
    family = models.ForeignKey(
        Family,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pupils",
    )
    sen_status = models.CharField(
        "SEN status", max_length=1, choices=SenStatus.choices, default=SenStatus.NONE
    )
    pupil_premium = models.BooleanField(default=False)
    has_social_worker = models.BooleanField(default=False)
    looked_after = models.BooleanField(
        "looked after",
        default=False,
        help_text="A child in the care of an LA, under a care order or "
        "accommodated by agreement.",
    )
    subject_to_care_order = models.BooleanField(
        "subject to a care order",
        default=False,
        help_text="Narrower than looked after: no education supervision order can "
        "be made for this child.",
    )

    class Meta:
        ordering = ["legal_surname", "legal_forename", "pk"]
        default_permissions = ()
        constraints = [
            models.CheckConstraint(
                name="care_order_means_looked_after",
                condition=models.Q(subject_to_care_order=False)
                | models.Q(looked_after=True),
                violation_error_message="A child subject to a care order is looked "
                "after.",
            ),
        ]
        indexes = [
            models.Index(
                fields=["school", "legal_surname", "legal_forename"],
                name="pupil_school_name_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("portal:pupil_detail", kwargs={"pk": self.pk})

    @property
    def forename(self) -> str:
        return self.preferred_forename or self.legal_forename

    @property
    def surname(self) -> str:
        return self.preferred_surname or self.legal_surname

    @property
    def display_name(self) -> str:
        return f"{self.forename} {self.surname}"

    @property
    def legal_name(self) -> str:
        return f"{self.legal_forename} {self.legal_surname}"


class PupilMove(AppendOnlyModel):
    """A pupil joined another school of this installation: the roll's history.

    The pupil's ``school`` is the new one from then on. The previous school
    keeps its register marks and its cases (each has its own school), and sees
    the pupil in its list of leavers. Written once by ``pupil_move``.
    """

    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="moves")
    from_school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="pupils_left"
    )
    to_school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="pupils_joined"
    )
    joined_on = models.DateField(help_text="The first day on the new school's roll.")
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "pupil move"
        ordering = ["-joined_on", "-pk"]
        default_permissions = ()
        indexes = [
            models.Index(fields=["from_school", "-joined_on"], name="move_from_school")
        ]
        triggers = [
            pgtrigger.Protect(
                name="pupil_move_append_only",
                operation=pgtrigger.Update | pgtrigger.Delete,
            )
        ]

    def __str__(self) -> str:
        return f"Pupil {self.pupil_id} joined school {self.to_school_id}"


class ParentCarer(models.Model):
    """A parent or carer; one person may be linked to several siblings."""

    title = models.CharField(max_length=20, blank=True)
    forename = models.CharField(max_length=80)
    surname = models.CharField(max_length=80)
    mobile_phone = models.CharField(max_length=30, blank=True)
    home_phone = models.CharField(max_length=30, blank=True)
    work_phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    address = models.TextField(blank=True)
    preferred_language = models.CharField(max_length=60, default="English")
    # "<school URN>:<the MIS's contact id>", set by the contacts import so that
    # one person linked to siblings stays one record and a re-import updates it.
    mis_reference = models.CharField(max_length=80, blank=True)

    class Meta:
        verbose_name = "parent/carer"
        verbose_name_plural = "parents/carers"
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["mis_reference"],
                condition=~models.Q(mis_reference=""),
                name="one_carer_per_mis_reference",
            )
        ]

    def __str__(self) -> str:
        return " ".join(
            part for part in (self.title, self.forename, self.surname) if part
        )


class CarerRelationship(models.Model):
    """How a parent/carer stands to one pupil."""

    pupil = models.ForeignKey(
        Pupil, on_delete=models.CASCADE, related_name="carer_relationships"
    )
    parent_carer = models.ForeignKey(
        ParentCarer, on_delete=models.CASCADE, related_name="relationships"
    )
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    has_parental_responsibility = models.BooleanField(default=True)
    has_day_to_day_care = models.BooleanField(
        "lives with the pupil / has day-to-day care", default=True
    )
    contact_priority = models.PositiveSmallIntegerField(default=1)
    may_contact = models.BooleanField(
        "may be contacted about the pupil",
        default=True,
        help_text="Untick where the school must not contact this person (for "
        "example a court order), and say why below.",
    )
    contact_restriction = models.CharField(
        "why not to contact", max_length=200, blank=True
    )

    class Meta:
        ordering = ["contact_priority", "pk"]
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["pupil", "parent_carer"], name="one_relationship_per_carer"
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.parent_carer} ({self.get_relationship_display()} of {self.pupil})"
        )


class StaffMembership(models.Model):
    """One role a user holds in one school or one local authority."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    school = models.ForeignKey(
        School,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
    )
    local_authority = models.ForeignKey(
        LocalAuthority,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
    )
    role = models.CharField(
        max_length=30, choices=SchoolRole.choices + LocalAuthorityRole.choices
    )
    job_title = models.CharField(
        max_length=120,
        blank=True,
        help_text="The position in the person's own words, e.g. Head of Year 9.",
    )

    class Meta:
        ordering = ["school__name", "local_authority__name", "role"]
        default_permissions = ()
        constraints = [
            models.CheckConstraint(
                name="membership_school_role",
                condition=(
                    models.Q(
                        school__isnull=False,
                        local_authority__isnull=True,
                        role__in=SchoolRole.values,
                    )
                    | models.Q(
                        school__isnull=True,
                        local_authority__isnull=False,
                        role__in=LocalAuthorityRole.values,
                    )
                ),
                violation_error_message=(
                    "A membership is of one school with a school role, or of one "
                    "local authority with an LA role."
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "school", "role"],
                condition=models.Q(school__isnull=False),
                name="one_school_role_per_user",
            ),
            models.UniqueConstraint(
                fields=["user", "local_authority", "role"],
                condition=models.Q(local_authority__isnull=False),
                name="one_la_role_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organisation}"

    @property
    def organisation(self) -> School | LocalAuthority:
        return self.school or self.local_authority


class StaffChange(AppendOnlyModel):
    """A change to a staff account or role: the organisation's audit log.

    Written by the services that make the change (``schools.services`` for
    roles, ``accounts.services`` for invitations and accounts), never edited or
    deleted; on PostgreSQL a trigger refuses UPDATE and DELETE. ``by`` is empty
    when the change came from the command line or the demo loader. A change
    that is not about one organisation (deactivating an account) is written
    once for each organisation the person worked in, so each one's managers
    see it.
    """

    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=30, choices=StaffChangeKind.choices)
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    local_authority = models.ForeignKey(
        LocalAuthority,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    role = models.CharField(
        max_length=30,
        blank=True,
        choices=SchoolRole.choices + LocalAuthorityRole.choices,
    )

    class Meta:
        verbose_name = "staff change"
        ordering = ["-at", "-pk"]
        default_permissions = ()
        indexes = [
            models.Index(fields=["school", "-at"], name="staff_change_school"),
            models.Index(fields=["local_authority", "-at"], name="staff_change_la"),
        ]
        triggers = [
            pgtrigger.Protect(
                name="staff_change_append_only",
                operation=pgtrigger.Update | pgtrigger.Delete,
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: user {self.person_id} at {self.at:%Y-%m-%d}"


class SchoolGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(School, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        abstract = False


class SchoolUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(School, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        abstract = False


class LocalAuthorityGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(LocalAuthority, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        abstract = False


class LocalAuthorityUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(LocalAuthority, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        abstract = False
