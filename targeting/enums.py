"""The terms of the school year and the states of a targeting-support action."""

from django.db import models


class Term(models.IntegerChoices):
    """The three terms, numbered in the order of the school year."""

    AUTUMN = 1, "Autumn"
    SPRING = 2, "Spring"
    SUMMER = 3, "Summer"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


class Side(models.TextChoices):
    """Who put a pupil on the list to discuss."""

    SCHOOL = "school", "The school"
    LA = "la", "The local authority"


class Review(models.TextChoices):
    """What the meeting decides about an action still open from an earlier term."""

    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"
    CARRY = "carry", "Carry it into this term"


class PackFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    CSV = "csv", "CSV"


class MeetingStatus(models.TextChoices):
    """Where a school's meeting for a term stands (derived, never stored)."""

    NOT_ARRANGED = "not_arranged", "Not arranged"
    PLANNED = "planned", "Planned"
    HELD = "held", "Held"
