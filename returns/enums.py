"""The kinds of notification a school sends its LA, and how roll changes and
illness are counted."""

from django.db import models


class NotificationKind(models.TextChoices):
    """In the order the school's page lists them."""

    MISSING_EDUCATION = "missing_education", "Possibly missing education"
    CONTINUOUS_ABSENCE = (
        "continuous_absence",
        "10 continuous school days of unauthorised absence",
    )
    ILLNESS = "illness", "Missing school through illness"
    ADDED_TO_ROLL = "added_to_roll", "Added to the roll"
    REMOVED_FROM_ROLL = "removed_from_roll", "Removed from the roll"


KIND_ORDER = {kind: index for index, kind in enumerate(NotificationKind.values)}


class RollChangeKind(models.TextChoices):
    ADDED = "added", "Added to the roll"
    REMOVED = "removed", "Removed from the roll"


class IllnessCountingChoice(models.TextChoices):
    """Values match ``rules.IllnessCounting``."""

    CUMULATIVE = "cumulative", "Days added up over the academic year"
    CONTINUOUS = "continuous", "Consecutive school days"
    EITHER = "either", "Either: added up, or consecutive"
