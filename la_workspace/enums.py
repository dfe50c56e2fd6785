from django.db import models


class LaEventKind(models.TextChoices):
    """The chronology kinds the LA workspace writes on a case."""

    JOINT_APPROACH_AGREED = "la.joint_approach", "Severe-absence joint approach agreed"
    SIBLING_SCHOOL_CONTACTED = "la.sibling_school", "A sibling's school contacted"
