"""A pupil-voice record: what the child said, with which tool, who heard it, when.

The model of the voice app, on the floor above ``cases``; its table keeps the
name it had in the cases app (``cases_pupilvoice``). A record
belongs to a case, or to a pupil with no case (``case`` empty). The rules (who
may record, the answers each tool takes, the drawing checks) live in
``voice.services``; the drawing is kept in private storage, outside the
public media folder, and served only by ``voice.views``.
"""

from uuid import uuid4

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from cases.models import Case
from schools.models import Pupil
from schools.private_storage import private_storage
from voice.enums import LISTS, SCALES, RatedThing, VoiceTool


def drawing_path(instance: "PupilVoice", filename: str) -> str:
    """A random name, keeping only the extension ``clean_image`` chose."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in ("png", "jpg"):
        raise ValueError("A drawing is stored as .png or .jpg only.")
    return f"voice/{uuid4().hex}.{extension}"


class PupilVoice(models.Model):
    pupil = models.ForeignKey(
        Pupil, on_delete=models.PROTECT, related_name="voice_records"
    )
    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="voice_records",
        help_text="Empty for a pupil with no case.",
    )
    tool = models.CharField(max_length=30, choices=VoiceTool.choices)
    recorded_on = models.DateField(help_text="When the child said it.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    words = models.TextField(
        "the child's own words", help_text="Verbatim: shown as a quotation."
    )
    summary = models.TextField(
        "summary", blank=True, help_text="The staff member's summary."
    )
    answers = models.JSONField(
        default=dict,
        blank=True,
        help_text="The tool's structured answers: see voice.answers.",
    )
    drawing = models.FileField(
        storage=private_storage,
        upload_to=drawing_path,
        blank=True,
        max_length=200,
        help_text="A drawing or photo, re-encoded without metadata.",
    )
    drawing_width = models.PositiveIntegerField(null=True, blank=True)
    drawing_height = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "cases_pupilvoice"
        verbose_name = "pupil voice record"
        ordering = ["-recorded_on", "-created_at", "-pk"]
        default_permissions = ()
        indexes = [
            models.Index(fields=["case", "-recorded_on"], name="voice_case_when"),
            models.Index(fields=["pupil", "-recorded_on"], name="voice_pupil_when"),
        ]
        constraints = [
            models.CheckConstraint(
                name="voice_has_the_childs_words",
                condition=~Q(words=""),
                violation_error_message="Write what the child said.",
            ),
            models.CheckConstraint(
                name="voice_tool_known",
                condition=Q(tool__in=VoiceTool.values),
                violation_error_message="Choose the tool that was used.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_tool_display()} with {self.pupil} on {self.recorded_on}"

    def get_absolute_url(self) -> str:
        if self.case_id is not None:
            return reverse(
                "portal:voice:voice_detail",
                kwargs={"pk": self.case_id, "voice_pk": self.pk},
            )
        return reverse(
            "portal:voice:pupil_voice_detail",
            kwargs={"pupil_pk": self.pupil_id, "voice_pk": self.pk},
        )

    def get_drawing_url(self) -> str:
        if not self.drawing:
            return ""
        if self.case_id is not None:
            return reverse(
                "portal:voice:voice_drawing",
                kwargs={"pk": self.case_id, "voice_pk": self.pk},
            )
        return reverse(
            "portal:voice:pupil_voice_drawing",
            kwargs={"pupil_pk": self.pupil_id, "voice_pk": self.pk},
        )

    @property
    def drawing_alt(self) -> str:
        """Alternative text for the drawing, from the staff member's summary."""
        if self.summary.strip():
            summary = Truncator(" ".join(self.summary.split())).chars(250)
            return f"The child's {self.get_tool_display().lower()}: {summary}"
        return (
            f"The child's {self.get_tool_display().lower()}, not described: "
            "see the child's words."
        )

    @property
    def scale(self) -> tuple[int, int] | None:
        return SCALES.get(self.tool)

    def rating_rows(self) -> list[dict]:
        """The ratings with their labels, for display."""
        if self.tool not in SCALES:
            return []
        labels = dict(RatedThing.choices)
        return [
            {**row, "about_label": labels.get(row.get("about"), "")}
            for row in (self.answers or {}).get("ratings", [])
        ]

    def named_lists(self) -> list[tuple[str, list[str]]]:
        """(island or house, names) in the order they are asked, for display."""
        if self.tool not in LISTS:
            return []
        answers = self.answers or {}
        return [(label, answers.get(key, [])) for key, label in LISTS[self.tool]]
