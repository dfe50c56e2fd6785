"""Stages, closure reasons and chronology kinds of a case, in the users' words."""

from django.db import models


class Stage(models.TextChoices):
    """The escalation of support, in order (DOMAIN.md section 4)."""

    CONCERN = "concern", "Attendance concern"
    EARLY_HELP = "early_help", "Early help"
    PARENTING_CONTRACT = "parenting_contract", "Parenting contract"
    ESO = "eso", "Education supervision order"
    PROSECUTION_REFERRAL = "prosecution_referral", "Referred for prosecution"
    CLOSED = "closed", "Closed"


OPEN_STAGES = tuple(stage for stage in Stage if stage != Stage.CLOSED)


class ClosureReason(models.TextChoices):
    IMPROVED = "improved", "Attendance improved and sustained"
    LEFT_SCHOOL = "left_school", "Left the school"
    SOCIAL_CARE = "social_care", "Children's social care now leads"
    OTHER = "other", "Other (say why)"


class EventKind(models.TextChoices):
    """The case core's chronology kinds. Other apps own theirs and register
    them with ``cases.events.register_event_kinds``."""

    OPENED = "case.opened", "Case opened"
    TRANSITION = "case.transition", "Stage changed"
    LEAD_ASSIGNED = "case.lead_assigned", "Lead practitioner changed"
    CO_WORKERS_CHANGED = "case.co_workers_changed", "Co-workers changed"
    SHARED = "case.shared", "Shared"
    HANDED_OVER = "case.handed_over", "Handed over to the pupil's new school"
    UNSHARED = "case.unshared", "Sharing ended"
    NOTE = "case.note", "Note"
    FAMILY_AGREEMENT = "case.family_agreement", "Family agreed to early help"
    EARLY_HELP_NOT_APPROPRIATE = (
        "case.early_help_not_appropriate",
        "Early help not appropriate",
    )
    VOLUNTARY_SUPPORT_EXHAUSTED = (
        "case.voluntary_support_exhausted",
        "Voluntary support exhausted",
    )
    ESO_CONSIDERED = "case.eso_considered", "ESO considered"
    PARENT_MEETING = "meeting.parents", "Meeting with parents"
    CHECKLIST_TICKED = "checklist.ticked", "Checklist item ticked"
    CHECKLIST_UNTICKED = "checklist.unticked", "Checklist tick withdrawn"


# What staff record on a case by hand, as facts the transitions rely on.
RECORDABLE_KINDS = (
    EventKind.NOTE,
    EventKind.PARENT_MEETING,
    EventKind.FAMILY_AGREEMENT,
    EventKind.EARLY_HELP_NOT_APPROPRIATE,
    EventKind.VOLUNTARY_SUPPORT_EXHAUSTED,
    EventKind.ESO_CONSIDERED,
)
