"""Meetings with the family about a pupil's attendance, the invitations to each
parent, the record of what was said and agreed, and each school's or LA's
meeting types.

The rules (who may arrange or record a meeting, which parents may be invited,
what holding a meeting writes to the case) live in ``meetings.services``; the
models hold the invariants of one row.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from meetings.enums import (
    HELD_STATUSES,
    InvitationReply,
    InvitationSent,
    MeetingFormat,
    MeetingStatus,
)
from meetings.types import LETTER_ROLES
from plans.models import SupportOffer, Target
from schools.models import LocalAuthority, ParentCarer, School


class MeetingTypeSetting(models.Model):
    """A school's or an LA's own name and settings for a meeting type.

    With a built-in key it changes that type (a school that calls its SAM an
    "attendance support meeting"); with a new key it adds a type. Exactly one
    of ``school`` and ``local_authority`` is set; the school's setting wins.
    """

    school = models.ForeignKey(
        School,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="meeting_type_settings",
    )
    local_authority = models.ForeignKey(
        LocalAuthority,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="meeting_type_settings",
    )
    key = models.SlugField(
        max_length=40,
        help_text="A built-in type's key to change it (initial_concerns, sam, sap, "
        "early_help_review, contract_review, eso_review, inclusion), or a new one.",
    )
    name = models.CharField(max_length=120)
    usual_lead = models.CharField("who normally leads it", max_length=120)
    level = models.PositiveSmallIntegerField(
        "level of support", null=True, blank=True, help_text="1, 2 or 3, if it has one."
    )
    letters = models.JSONField(
        default=list,
        blank=True,
        help_text="Which letters go with it: any of "
        + ", ".join(key for key, _ in LETTER_ROLES)
        + ".",
    )
    invites_parents = models.BooleanField(default=True)
    is_inclusion_meeting = models.BooleanField(
        "is the whole-school inclusion meeting",
        default=False,
        help_text="The meeting where staff discuss pupils without their families.",
    )
    active = models.BooleanField(
        default=True, help_text="Untick to stop offering this type."
    )

    class Meta:
        verbose_name = "meeting type"
        ordering = ["name"]
        default_permissions = ()
        constraints = [
            models.CheckConstraint(
                name="meeting_type_one_owner",
                condition=Q(school__isnull=False, local_authority__isnull=True)
                | Q(school__isnull=True, local_authority__isnull=False),
                violation_error_message="A meeting type belongs to a school or to "
                "a local authority, not both.",
            ),
            models.UniqueConstraint(
                fields=["school", "key"], name="one_meeting_type_per_school_key"
            ),
            models.UniqueConstraint(
                fields=["local_authority", "key"], name="one_meeting_type_per_la_key"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        known = {key for key, _ in LETTER_ROLES}
        if not isinstance(self.letters, list) or set(self.letters) - known:
            raise ValidationError(
                {"letters": f"Choose letters from: {', '.join(sorted(known))}."}
            )


class Meeting(models.Model):
    """One meeting about a pupil on a case, planned or held.

    Rearranging keeps the history: the old meeting becomes ``rearranged`` and
    points at the meeting that replaced it.
    """

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="meetings")
    type_key = models.SlugField(max_length=40)
    # The type's name and letters when the meeting was arranged, so that a
    # school renaming its types later does not rewrite its history.
    type_name = models.CharField("meeting", max_length=120)
    type_letters = models.JSONField(default=list, blank=True)
    is_inclusion_meeting = models.BooleanField(default=False)
    starts_at = models.DateTimeField("date and time")
    format = models.CharField(
        max_length=20, choices=MeetingFormat.choices, default=MeetingFormat.IN_PERSON
    )
    place = models.CharField(
        max_length=200, help_text="The room and site, or how to join online."
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings_led",
        help_text="Who leads the meeting.",
    )
    status = models.CharField(
        max_length=30, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    replaced_by = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaces",
    )
    second_offer_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="second_offers",
        help_text="The meeting the parents did not attend, if this is the next offer.",
    )
    cancel_reason = models.TextField(blank=True)
    ledger_entry = models.OneToOneField(
        SupportOffer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting",
    )
    arranged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    arranged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_at", "-pk"]
        default_permissions = ()
        indexes = [
            models.Index(fields=["case", "-starts_at"], name="meeting_case_when"),
            models.Index(fields=["lead", "starts_at"], name="meeting_lead_when"),
        ]
        constraints = [
            models.CheckConstraint(
                name="meeting_cancelled_with_reason",
                condition=~Q(status=MeetingStatus.CANCELLED) | ~Q(cancel_reason=""),
                violation_error_message="Say why the meeting was cancelled.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.type_name}, {timezone.localtime(self.starts_at):%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse(
            "portal:meetings:meeting",
            kwargs={"pk": self.case_id, "meeting_pk": self.pk},
        )

    @property
    def is_held(self) -> bool:
        return self.status in HELD_STATUSES

    @property
    def is_planned(self) -> bool:
        return self.status == MeetingStatus.PLANNED

    @property
    def parents_did_not_attend(self) -> bool:
        return self.status == MeetingStatus.PARENTS_DID_NOT_ATTEND

    @property
    def is_in_person(self) -> bool:
        return self.format == MeetingFormat.IN_PERSON

    @property
    def has_happened(self) -> bool:
        return self.starts_at <= timezone.now()


class Invitation(models.Model):
    """One parent's invitation to one meeting: how it went and what they said."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="invitations"
    )
    parent_carer = models.ForeignKey(
        ParentCarer, on_delete=models.PROTECT, related_name="meeting_invitations"
    )
    sent_how = models.CharField(
        "sent",
        max_length=20,
        choices=InvitationSent.choices,
        default=InvitationSent.NOT_YET,
    )
    sent_on = models.DateField(null=True, blank=True)
    reply = models.CharField(
        max_length=30, choices=InvitationReply.choices, default=InvitationReply.NO_REPLY
    )
    reply_on = models.DateField("replied on", null=True, blank=True)
    reply_note = models.TextField(blank=True)
    attended = models.BooleanField(
        null=True, blank=True, help_text="Set when the meeting is recorded."
    )

    class Meta:
        ordering = ["pk"]
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "parent_carer"], name="one_invitation_per_parent"
            )
        ]

    def __str__(self) -> str:
        return f"{self.parent_carer} to {self.meeting}"


class MeetingRecord(models.Model):
    """What happened at a meeting (seed 002 Appendix 4): who came, the pupil's
    figures at the time, the grid of worries, strengths and next steps, what
    the parents and the child said, and the actions agreed.

    The attendance figures, SEN status and plan dates are a snapshot taken
    when the record is saved, so the record reads as it did on the day.
    """

    meeting = models.OneToOneField(
        Meeting, on_delete=models.PROTECT, related_name="record"
    )
    parents_attended = models.BooleanField()
    attendance_snapshot = models.JSONField(default=dict)
    sen_status = models.CharField("SEN status", max_length=60, blank=True)
    plan_dates = models.TextField("support plan dates", blank=True)
    others_present = models.TextField(
        "others present",
        blank=True,
        help_text="One person a line: name and role (for example “Jo Bloggs, year "
        "leader”).",
    )
    services_involved = models.TextField(blank=True)
    education_worries = models.TextField(
        "education: what are we worried about", blank=True
    )
    education_going_well = models.TextField("education: what is going well", blank=True)
    education_next_steps = models.TextField("education: next steps", blank=True)
    health_worries = models.TextField("health: what are we worried about", blank=True)
    health_going_well = models.TextField("health: what is going well", blank=True)
    health_next_steps = models.TextField("health: next steps", blank=True)
    care_worries = models.TextField("care: what are we worried about", blank=True)
    care_going_well = models.TextField("care: what is going well", blank=True)
    care_next_steps = models.TextField("care: next steps", blank=True)
    parent_voice = models.TextField(
        "what the parents said",
        blank=True,
        help_text="In their words where you can.",
    )
    child_present = models.BooleanField("the child was present", default=False)
    child_voice = models.TextField("what the child said", blank=True)
    impact_on_learning_discussed = models.BooleanField(
        "the impact on learning was discussed with the parents", default=False
    )
    impact_on_learning_note = models.TextField(blank=True)
    additional_information = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    GRID = (
        ("Education", "education"),
        ("Health", "health"),
        ("Care", "care"),
    )

    class Meta:
        default_permissions = ()
        constraints = [
            models.CheckConstraint(
                name="child_voice_needs_child_present",
                condition=Q(child_present=True) | Q(child_voice=""),
                violation_error_message="Record what the child said only if they "
                "were there.",
            ),
        ]

    def __str__(self) -> str:
        return f"Record of {self.meeting}"

    def grid_rows(self) -> list[tuple[str, str, str, str]]:
        """(area, worries, going well, next steps) for each area."""
        return [
            (
                area,
                getattr(self, f"{prefix}_worries"),
                getattr(self, f"{prefix}_going_well"),
                getattr(self, f"{prefix}_next_steps"),
            )
            for area, prefix in self.GRID
        ]


class AgreedAction(models.Model):
    """An action agreed at a meeting. It can become a target on the case's plan
    or an offer in the support-first ledger, once, so nothing is typed twice."""

    record = models.ForeignKey(
        MeetingRecord, on_delete=models.PROTECT, related_name="actions"
    )
    action = models.TextField()
    who = models.CharField("who will do it", max_length=120, blank=True)
    by_when = models.DateField("by when", null=True, blank=True)
    target = models.OneToOneField(
        Target, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    support_offer = models.OneToOneField(
        SupportOffer, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["pk"]
        default_permissions = ()
        constraints = [
            models.CheckConstraint(
                name="action_taken_up_once",
                condition=Q(target__isnull=True) | Q(support_offer__isnull=True),
                violation_error_message="An agreed action becomes a target or a "
                "ledger entry, not both.",
            )
        ]

    def __str__(self) -> str:
        return self.action[:60]

    @property
    def taken_up(self) -> bool:
        return self.target_id is not None or self.support_offer_id is not None
