"""The letters app's chronology kinds."""

from django.db import models


class LetterEventKind(models.TextChoices):
    PREPARED = "letter.prepared", "Letter prepared"
    SENT = "letter.sent", "Letter sent"
