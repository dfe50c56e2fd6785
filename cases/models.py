"""Cases, their chronology and checklist ticks.

A case's ``stage`` is a protected django-fsm-2 field: it changes only through
the ``@transition`` methods below, and those change it in memory only. They are
called by ``cases.services.case_transition``, the one place that locks the
row, checks the rules and the user's permission, saves and writes the
chronology. Calling a transition method directly checks its conditions but not
its permission, so nothing else calls them.
"""

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django_fsm import FSMField, FSMModelMixin, transition
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from cases.checklist import ITEMS
from cases.conditions import no_blockers
from cases.enums import OPEN_STAGES, ClosureReason, Stage
from schools.append_only import AppendOnlyModel
from schools.models import Pupil, School

# The rules of each step (``cases.workflow.blockers``), for the conditions.
BLOCKERS = "cases.workflow.blockers"


def _role_may(name: str):
    """A transition permission that asks the cases permission module."""

    def permission(case: "Case", user) -> bool:
        from cases.permissions import may_take_transition

        return may_take_transition(user, case, name)

    permission.__name__ = f"role_may_{name}"
    return permission


class Case(FSMModelMixin, models.Model):
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="cases")
    school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        related_name="cases",
        help_text="The school running the case: the pupil's school when it opened.",
    )
    stage = FSMField(
        max_length=30, choices=Stage.choices, default=Stage.CONCERN, protected=True
    )
    lead_practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases_led",
    )
    co_workers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="cases_co_worked"
    )
    opened_at = models.DateTimeField(default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # When the case was opened or last reopened: the facts a transition relies
    # on (agreement, meetings, decisions) count only from here.
    episode_started_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    closure_reason = models.CharField(
        max_length=20, choices=ClosureReason.choices, blank=True
    )

    class Meta:
        ordering = ["-opened_at", "-pk"]
        default_permissions = ()
        permissions = [("view_case", "See a case shared with them")]
        constraints = [
            models.UniqueConstraint(
                fields=["pupil"],
                condition=~Q(stage=Stage.CLOSED),
                name="one_open_case_per_pupil",
                violation_error_message="This pupil already has an open case.",
            ),
            models.CheckConstraint(
                name="case_closed_with_reason",
                condition=(
                    Q(stage=Stage.CLOSED, closed_at__isnull=False)
                    & ~Q(closure_reason="")
                )
                | (
                    ~Q(stage=Stage.CLOSED)
                    & Q(closed_at__isnull=True, closure_reason="")
                ),
                violation_error_message="A closed case has a closure reason.",
            ),
        ]
        indexes = [models.Index(fields=["school", "stage"], name="case_school_stage")]

    def __str__(self) -> str:
        return f"Case {self.pk} · {self.pupil}"

    def get_absolute_url(self) -> str:
        return reverse("portal:cases:detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES

    # The transitions. Each changes the stage in memory; see the module docstring.

    @transition(
        field=stage,
        source=Stage.CONCERN,
        target=Stage.EARLY_HELP,
        conditions=[no_blockers(BLOCKERS, "start_early_help")],
        permission=_role_may("start_early_help"),
    )
    def start_early_help(self) -> None:
        """Start a voluntary early help plan."""

    @transition(
        field=stage,
        source=[Stage.CONCERN, Stage.EARLY_HELP],
        target=Stage.PARENTING_CONTRACT,
        conditions=[no_blockers(BLOCKERS, "start_parenting_contract")],
        permission=_role_may("start_parenting_contract"),
    )
    def start_parenting_contract(self) -> None:
        """Move to formal voluntary support: a parenting contract."""

    @transition(
        field=stage,
        source=Stage.PARENTING_CONTRACT,
        target=Stage.EARLY_HELP,
        conditions=[no_blockers(BLOCKERS, "step_down")],
        permission=_role_may("step_down"),
    )
    @transition(
        field=stage,
        source=Stage.EARLY_HELP,
        target=Stage.CONCERN,
        conditions=[no_blockers(BLOCKERS, "step_down")],
        permission=_role_may("step_down"),
    )
    def step_down(self) -> None:
        """Go back one stage of support."""

    @transition(
        field=stage,
        source=[Stage.EARLY_HELP, Stage.PARENTING_CONTRACT],
        target=Stage.ESO,
        conditions=[no_blockers(BLOCKERS, "apply_for_eso")],
        permission=_role_may("apply_for_eso"),
    )
    def apply_for_eso(self) -> None:
        """The LA applies for an education supervision order."""

    @transition(
        field=stage,
        source=[
            Stage.CONCERN,
            Stage.EARLY_HELP,
            Stage.PARENTING_CONTRACT,
            Stage.ESO,
        ],
        target=Stage.PROSECUTION_REFERRAL,
        conditions=[no_blockers(BLOCKERS, "refer_for_prosecution")],
        permission=_role_may("refer_for_prosecution"),
    )
    def refer_for_prosecution(self) -> None:
        """Refer for prosecution: the last resort."""

    @transition(
        field=stage,
        source=list(OPEN_STAGES),
        target=Stage.CLOSED,
        conditions=[no_blockers(BLOCKERS, "close")],
        permission=_role_may("close"),
    )
    def close(self, *, closure_reason: str) -> None:
        """Close the case with one of the closure reasons."""
        self.closure_reason = closure_reason
        self.closed_at = timezone.now()

    @transition(
        field=stage,
        source=Stage.CLOSED,
        target=Stage.CONCERN,
        conditions=[no_blockers(BLOCKERS, "reopen")],
        permission=_role_may("reopen"),
    )
    def reopen(self) -> None:
        """Reopen a closed case at the concern stage; earlier facts stop counting."""
        self.closure_reason = ""
        self.closed_at = None
        self.episode_started_at = timezone.now()


class CaseEvent(AppendOnlyModel):
    """One entry in a case's chronology: who, when, what and why.

    ``kind`` is namespaced by the app that writes it (``case.transition``,
    ``meeting.parents``); ``details`` holds structured facts (stages, item keys,
    names), and ``text`` the words a person wrote (a reason, a note).
    """

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=60)
    occurred_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    details = models.JSONField(default=dict, blank=True)
    text = models.TextField(blank=True)
    # A restricted event (a safeguarding item was added) is shown only to users
    # who may read the item named in ``details["item"]``: see
    # ``cases.selectors.case_events``. Everything else that reads the
    # chronology (rules, overdue, counts) leaves restricted events out.
    restricted = models.BooleanField(default=False)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        default_permissions = ()
        indexes = [
            models.Index(fields=["case", "-occurred_at"], name="case_event_when"),
            models.Index(fields=["case", "kind"], name="case_event_kind"),
        ]
        triggers = [
            pgtrigger.Protect(
                name="case_event_append_only",
                operation=pgtrigger.Update | pgtrigger.Delete,
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.kind} on case {self.case_id} at {self.occurred_at:%Y-%m-%d %H:%M}"
        )


class ChecklistTick(models.Model):
    """A checklist item met by a person's judgement, with their evidence note."""

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="checklist_ticks"
    )
    item = models.CharField(max_length=40, choices=[(i.key, i.label) for i in ITEMS])
    note = models.TextField(help_text="What shows this item is met, and where.")
    ticked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    ticked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["case", "item"], name="one_tick_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.item} on case {self.case_id}"


class CaseUserObjectPermission(UserObjectPermissionBase):
    """A case shared with one named LA practitioner."""

    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        abstract = False


class CaseGroupObjectPermission(GroupObjectPermissionBase):
    """A case shared with an LA team (its role groups)."""

    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        abstract = False


class CaseRemoval(AppendOnlyModel):
    """A closed case removed at the end of its retention period.

    Written by the retention run (``portal.retention.closed_cases_purge``) in
    the same transaction as the removal: the case's former number, its school,
    when it closed, how many rows of each kind went, and who ran it. It names
    no pupil. Append-only; on PostgreSQL a trigger refuses UPDATE and DELETE.
    """

    case_number = models.PositiveBigIntegerField(help_text="The removed case's id.")
    school = models.ForeignKey(
        "schools.School", on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField()
    removed_at = models.DateTimeField(default=timezone.now)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    removed_by_name = models.CharField(max_length=150)
    rows = models.JSONField(help_text="The number of rows removed, by kind.")

    class Meta:
        verbose_name = "case removal"
        ordering = ["-removed_at", "-pk"]
        default_permissions = ()
        triggers = [
            pgtrigger.Protect(
                name="case_removal_append_only",
                operation=pgtrigger.Update | pgtrigger.Delete,
            )
        ]

    def __str__(self) -> str:
        return f"Case {self.case_number} removed on {self.removed_at:%Y-%m-%d}"
