"""Letter templates (Wagtail snippets), the letters prepared and sent, and the
demo's outbox.

Every write to ``SentLetter`` goes through ``letters.services``; templates are
edited in the Wagtail admin (``letters.wagtail_hooks``), where each user sees
only the owners they may edit.
"""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from wagtail.fields import RichTextField
from wagtail.models import PreviewableMixin, RevisionMixin

from letters.fields import template_field_errors
from letters.kinds import letter_kind, letter_kinds
from schools.private_storage import private_storage

BODY_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link"]


def kind_choices() -> list[tuple[str, str]]:
    return [(kind.key, kind.name) for kind in letter_kinds()]


class LetterTemplate(PreviewableMixin, RevisionMixin, models.Model):
    """A school's or a local authority's own text for one kind of letter.

    Exactly one owner. A school's template wins over its LA's, and either over
    the kind's built-in text (``letters.selectors.template_for``).
    """

    kind = models.CharField(max_length=60, choices=kind_choices)
    school = models.ForeignKey(
        "schools.School",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="letter_templates",
    )
    local_authority = models.ForeignKey(
        "schools.LocalAuthority",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="letter_templates",
        verbose_name="local authority",
        help_text="For a default every school in the local authority uses "
        "unless it has its own.",
    )
    subject = models.CharField(max_length=200)
    body = RichTextField(features=BODY_FEATURES)
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="letter")

    class Meta:
        ordering = ["kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(school__isnull=False, local_authority__isnull=True)
                    | models.Q(school__isnull=True, local_authority__isnull=False)
                ),
                name="letter_template_one_owner",
            ),
            models.UniqueConstraint(
                fields=["kind", "school"],
                condition=models.Q(school__isnull=False),
                name="one_letter_template_per_kind_and_school",
            ),
            models.UniqueConstraint(
                fields=["kind", "local_authority"],
                condition=models.Q(local_authority__isnull=False),
                name="one_letter_template_per_kind_and_la",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind_name} – {self.owner}"

    @property
    def revisions(self):
        return self._revisions

    @property
    def owner(self):
        return self.school if self.school_id else self.local_authority

    @property
    def kind_name(self) -> str:
        try:
            return letter_kind(self.kind).name
        except KeyError:
            return self.kind

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list[str]] = {}
        try:
            kind = letter_kind(self.kind)
        except KeyError:
            errors["kind"] = ["Choose a kind of letter from the list."]
            kind = None
        if bool(self.school_id) == bool(self.local_authority_id):
            errors.setdefault("school", []).append(
                "Choose either a school or a local authority, not both."
            )
        if kind is not None:
            for field in ("subject", "body"):
                problems = template_field_errors(getattr(self, field), kind)
                if problems:
                    errors[field] = problems
        if errors:
            raise ValidationError(errors)

    # --- Preview: the letter with the sample values -----------------------

    def get_preview_template(self, request, mode_name):
        return "letters/preview.html"

    def get_preview_context(self, request, mode_name):
        from letters.documents import preview_context

        return {
            **super().get_preview_context(request, mode_name),
            **preview_context(self),
        }


class SentHow(models.TextChoices):
    EMAIL = "email", "Email"
    POST = "post", "Post"
    BY_HAND = "by_hand", "Delivered by hand"
    IN_PERSON = "in_person", "Printed and given in person"


def letter_path(instance: "SentLetter", filename: str) -> str:
    # A random name: the folder holds every school's letters.
    return f"letters/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.pdf"


class SentLetter(models.Model):
    """A letter made for one parent or carer on a case: prepared, then sent.

    It keeps the exact PDF made, with its SHA-256, the name and address it was
    addressed to, and the template and revision its text came from (none for
    the built-in text). A letter prepared and not yet sent is waiting to be
    sent.
    """

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="letters"
    )
    kind = models.CharField(max_length=60)
    template = models.ForeignKey(
        LetterTemplate,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="letters",
    )
    template_revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recipient = models.ForeignKey(
        "schools.ParentCarer", on_delete=models.PROTECT, related_name="letters"
    )
    recipient_name = models.CharField(max_length=200)
    recipient_address = models.TextField(blank=True)
    about_type = models.ForeignKey(
        ContentType,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    about_id = models.PositiveBigIntegerField(null=True, blank=True)
    about = GenericForeignKey("about_type", "about_id")
    subject = models.CharField(max_length=200)
    pdf = models.FileField(
        storage=private_storage, upload_to=letter_path, max_length=200
    )
    pdf_sha256 = models.CharField(max_length=64)
    prepared_at = models.DateTimeField(default=timezone.now)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="letters_prepared",
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letters_sent",
    )
    sent_how = models.CharField(max_length=20, choices=SentHow.choices, blank=True)
    sent_to_email = models.EmailField(blank=True)

    class Meta:
        ordering = ["-prepared_at", "-pk"]
        default_permissions = ()
        indexes = [
            models.Index(fields=["about_type", "about_id"]),
            models.Index(fields=["prepared_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(sent_at__isnull=True, sent_how="")
                    | models.Q(sent_at__isnull=False, sent_by__isnull=False)
                    & ~models.Q(sent_how="")
                ),
                name="sent_letter_sent_in_full",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} to {self.recipient_name}"

    def get_absolute_url(self) -> str:
        return reverse(
            "portal:letters:letter", kwargs={"pk": self.case_id, "letter_pk": self.pk}
        )

    @property
    def waiting(self) -> bool:
        """Prepared and not yet sent."""
        return self.sent_at is None

    @property
    def kind_name(self) -> str:
        try:
            return letter_kind(self.kind).name
        except KeyError:
            return self.kind

    def pdf_url(self) -> str:
        return reverse(
            "portal:letters:letter_pdf",
            kwargs={"pk": self.case_id, "letter_pk": self.pk},
        )


class OutboxMessage(models.Model):
    """An email the demo's backend kept instead of sending (``letters.mail``).

    ``case`` is the case the message is about, when it is about one: staff see
    only the messages of cases they may see.
    """

    case = models.ForeignKey(
        "cases.Case",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    to = models.TextField()
    from_email = models.CharField(max_length=254)
    subject = models.CharField(max_length=250)
    body = models.TextField()
    attachments = models.JSONField(default=list, blank=True)
    kept_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-kept_at", "-pk"]
        default_permissions = ()

    def __str__(self) -> str:
        return self.subject
