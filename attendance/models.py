"""Register marks, their amendments, and the import runs that write them.

A register mark is one code for one pupil in one session (AM or PM) of one day.
Changing a mark's code is an amendment, a statutory record kept alongside it:
the original entry, the new entry, the reason, when, and who made it (a person
with their position, or an import run that a person started). Amendments are
only ever added, never changed or removed.
"""

import pgtrigger
from django.conf import settings
from django.db import models
from django.utils import timezone

from attendance.codes import CODES, Session
from schools.append_only import AppendOnlyModel
from schools.models import ParentCarer, Pupil, School

CODE_CHOICES = [(code.code, f"{code.code}: {code.meaning}") for code in CODES]
SESSION_CHOICES = [(session.value, session.value) for session in Session]


class RegisterMark(models.Model):
    pupil = models.ForeignKey(
        Pupil, on_delete=models.PROTECT, related_name="register_marks"
    )
    # The school whose register holds the mark (a pupil may later move school).
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="register_marks"
    )
    date = models.DateField()
    session = models.CharField(max_length=2, choices=SESSION_CHOICES)
    code = models.CharField(max_length=2, choices=CODE_CHOICES)
    minutes_late = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        default_permissions = ()
        ordering = ["date", "session"]
        constraints = [
            models.UniqueConstraint(
                fields=["pupil", "date", "session"], name="one_mark_per_session"
            ),
            models.CheckConstraint(
                condition=models.Q(session__in=[s.value for s in Session]),
                name="mark_session_am_or_pm",
            ),
        ]
        indexes = [
            # The school's lists and measures read a school's marks by date.
            models.Index(
                fields=["school", "date", "code"], name="mark_school_date_idx"
            ),
        ]
        triggers = [
            # A mark is changed by an amendment, never deleted: only the
            # retention removal (services.register_marks_remove) sets this aside.
            pgtrigger.Protect(
                name="register_mark_no_delete", operation=pgtrigger.Delete
            )
        ]

    def __str__(self) -> str:
        return f"{self.pupil_id} {self.date} {self.session}: {self.code}"


class ImportKind(models.TextChoices):
    PUPILS = "pupils", "Pupils"
    MARKS = "marks", "Register marks"
    CARERS = "carers", "Parents and carers"


class ImportRun(models.Model):
    """One import of a file into a school: who ran it, what it did."""

    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="import_runs"
    )
    kind = models.CharField(max_length=10, choices=ImportKind.choices)
    file_name = models.CharField(max_length=255)
    file_sha256 = models.CharField(max_length=64)
    reason = models.CharField(
        max_length=255, help_text="The reason recorded on any amendment it makes."
    )
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    run_by_name = models.CharField(max_length=160)
    run_by_position = models.CharField(max_length=160, blank=True)
    started_at = models.DateTimeField()
    rows_read = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    amended = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    mis_conflicts = models.PositiveIntegerField(
        default=0,
        help_text="Rows left out because they disagree with a portal amendment.",
    )

    class Meta:
        default_permissions = ()
        ordering = ["-started_at"]

    def __str__(self) -> str:
        when = f"{self.started_at:%Y-%m-%d %H:%M}"
        return f"{self.get_kind_display()} from {self.file_name} ({when})"


class RegisterAmendment(AppendOnlyModel):
    """A change to a register mark: append-only, kept with the mark."""

    mark = models.ForeignKey(
        RegisterMark, on_delete=models.PROTECT, related_name="amendments"
    )
    original_code = models.CharField(max_length=2)
    new_code = models.CharField(max_length=2)
    original_minutes_late = models.PositiveSmallIntegerField(null=True, blank=True)
    new_minutes_late = models.PositiveSmallIntegerField(null=True, blank=True)
    reason = models.CharField(max_length=255)
    amended_at = models.DateTimeField()
    amended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    amended_by_name = models.CharField(max_length=160)
    amended_by_position = models.CharField(max_length=160, blank=True)
    import_run = models.ForeignKey(
        ImportRun,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amendments",
    )

    class Meta:
        default_permissions = ()
        ordering = ["amended_at", "pk"]
        triggers = [
            # On PostgreSQL (migration 0005 replaced the hand-written trigger
            # of 0002 with this one, so that the retention removal can set it
            # aside with pgtrigger.ignore; SQLite keeps 0002's update trigger).
            pgtrigger.Protect(
                name="register_amendment_append_only",
                operation=pgtrigger.Update | pgtrigger.Delete,
            )
        ]

    def __str__(self) -> str:
        return f"{self.original_code} → {self.new_code} ({self.reason})"


class MisState(models.TextChoices):
    TO_ENTER = "to_enter", "To enter in the MIS"
    AGREED = "agreed", "The MIS agrees"
    SUPERSEDED = "superseded", "Amended again in the portal"


class AmendmentForMis(models.Model):
    """A register amendment made in the portal, which the school must also make
    in its MIS (usually the register of record).

    It stays "to enter" until an import brings the same entry for that session
    (the MIS agrees). An import that brings a different entry is not applied:
    the disagreement is kept here (``conflict_*``) and reported.
    """

    amendment = models.OneToOneField(
        RegisterAmendment, on_delete=models.PROTECT, related_name="for_mis"
    )
    mark = models.ForeignKey(
        RegisterMark, on_delete=models.PROTECT, related_name="for_mis"
    )
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(
        max_length=12, choices=MisState.choices, default=MisState.TO_ENTER
    )
    settled_by_run = models.ForeignKey(
        ImportRun, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    conflict_run = models.ForeignKey(
        ImportRun, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    conflict_code = models.CharField(max_length=2, blank=True)
    conflict_minutes_late = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        default_permissions = ()
        verbose_name = "amendment to enter in the MIS"
        verbose_name_plural = "amendments to enter in the MIS"
        ordering = ["mark__date", "mark__session", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mark"],
                condition=models.Q(state="to_enter"),
                name="one_mis_entry_open_per_mark",
            )
        ]
        indexes = [models.Index(fields=["school", "state"], name="mis_school_state")]

    def __str__(self) -> str:
        return f"{self.amendment} ({self.get_state_display()})"


class ContactMethod(models.TextChoices):
    PHONE = "phone", "Phone call"
    TEXT = "text", "Text message"
    EMAIL = "email", "Email"
    HOME_VISIT = "home_visit", "Home visit"
    IN_PERSON = "in_person", "In person"
    OTHER = "other", "Other"


class AbsenceContact(AppendOnlyModel):
    """One attempt to reach a pupil's family about an absence: the first-day
    response. Written once; a correction is a further attempt."""

    pupil = models.ForeignKey(
        Pupil, on_delete=models.PROTECT, related_name="absence_contacts"
    )
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    absence_date = models.DateField("day of the absence")
    parent_carer = models.ForeignKey(
        ParentCarer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    contact_name = models.CharField(
        "who", max_length=160, help_text="The person contacted, as recorded."
    )
    method = models.CharField("how", max_length=12, choices=ContactMethod.choices)
    attempted_at = models.DateTimeField("when")
    reached = models.BooleanField()
    reason_given = models.TextField("reason given", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by_name = models.CharField(max_length=160)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        default_permissions = ()
        verbose_name = "absence contact attempt"
        ordering = ["attempted_at", "pk"]
        indexes = [
            models.Index(
                fields=["school", "absence_date"], name="contact_school_day_idx"
            )
        ]
        triggers = [
            pgtrigger.Protect(
                name="absence_contact_append_only",
                operation=pgtrigger.Update | pgtrigger.Delete,
            )
        ]

    def __str__(self) -> str:
        outcome = "reached" if self.reached else "not reached"
        return f"{self.get_method_display()} to {self.contact_name}: {outcome}"


class RegisterRemoval(AppendOnlyModel):
    """One removal of a school's register marks past their retention period,
    with their amendments and MIS entries: the audit record of the only path
    that deletes marks. Counts and dates only; written once, kept."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    entries_up_to = models.DateField(
        help_text="Marks dated on or before this day were removed."
    )
    earliest_entry = models.DateField(null=True, blank=True)
    latest_entry = models.DateField(null=True, blank=True)
    marks = models.PositiveIntegerField()
    amendments = models.PositiveIntegerField()
    mis_entries = models.PositiveIntegerField()
    removed_at = models.DateTimeField(default=timezone.now)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    removed_by_name = models.CharField(max_length=160)

    class Meta:
        default_permissions = ()
        ordering = ["removed_at", "pk"]
        triggers = [
            pgtrigger.Protect(
                name="register_removal_append_only",
                operation=pgtrigger.Update | pgtrigger.Delete,
            )
        ]

    def __str__(self) -> str:
        return f"{self.marks} marks up to {self.entries_up_to} ({self.school_id})"


class SchoolAttendanceSettings(models.Model):
    """What a school sets for its own lists."""

    school = models.OneToOneField(
        School, on_delete=models.CASCADE, related_name="attendance_settings"
    )
    at_risk_upper_percent = models.DecimalField(
        "upper edge of the at-risk band (%)",
        max_digits=4,
        decimal_places=1,
        default=95,
        help_text=(
            "Pupils attending above 90 % and up to this figure are listed as at "
            "risk of persistent absence."
        ),
    )

    class Meta:
        default_permissions = ()
        verbose_name_plural = "school attendance settings"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(at_risk_upper_percent__gt=90)
                & models.Q(at_risk_upper_percent__lte=100),
                name="at_risk_band_above_90",
            ),
        ]

    def __str__(self) -> str:
        return f"Attendance settings of {self.school}"


class SchoolFigures(models.Model):
    """When a school's list figures were last computed, and from what.

    ``PupilFigures`` is derived data: a copy of the measures' counts kept so
    that the staff lists read one row per pupil instead of counting a year of
    marks on every page. It is recomputed (``attendance.figures``) whenever it
    could differ from the measures: after an import or an amendment, when a
    school day with marks has passed since, or in a new school year.
    """

    school = models.OneToOneField(
        School, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    as_of = models.DateField()
    last_import_run_id = models.BigIntegerField(default=0)
    last_amendment_id = models.BigIntegerField(default=0)
    computed_at = models.DateTimeField()

    class Meta:
        default_permissions = ()
        verbose_name_plural = "school figures"

    def __str__(self) -> str:
        return f"Figures of school {self.school_id} as of {self.as_of}"


class PupilFigures(models.Model):
    """One pupil's counts on one school's register as of ``SchoolFigures.as_of``.

    The fields are ``attendance.measures.FIGURES``; never edited by hand.
    """

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="figures")
    possible = models.PositiveIntegerField()
    attended = models.PositiveIntegerField()
    authorised = models.PositiveIntegerField()
    unauthorised = models.PositiveIntegerField()
    late = models.PositiveIntegerField()
    late_after_close = models.PositiveIntegerField()
    unauthorised_in_10_weeks = models.PositiveIntegerField()
    recent_possible = models.PositiveIntegerField()
    recent_attended = models.PositiveIntegerField()

    class Meta:
        default_permissions = ()
        verbose_name_plural = "pupil figures"
        constraints = [
            models.UniqueConstraint(
                fields=["school", "pupil"], name="one_figures_row_per_pupil"
            )
        ]

    def __str__(self) -> str:
        return f"Figures of pupil {self.pupil_id} at school {self.school_id}"
