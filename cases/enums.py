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
    """Chronology kinds, namespaced by the app that writes them."""

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
    PLAN_CREATED = "plan.created", "Plan drafted"
    PLAN_ACTIVATED = "plan.activated", "Plan made active"
    PLAN_REVIEWED = "plan.reviewed", "Plan reviewed"
    PLAN_ENDED = "plan.ended", "Plan ended"
    PLAN_ENDED_WITHOUT_SUCCESS = (
        "plan.ended_without_success",
        "Plan ended without success",
    )
    SUPPORT_OFFERED = "ledger.offered", "Support offered"
    SUPPORT_ANSWERED = "ledger.answered", "Family's answer to support recorded"
    VOICE_RECORDED = "voice.recorded", "Pupil voice recorded"
    # Written by the safeguarding app. The first is restricted: shown only to
    # users who may read the item it names.
    RESTRICTED_ITEM_ADDED = (
        "safeguarding.item_added",
        "Restricted safeguarding record added",
    )
    CONSULT_DSL_SET = "safeguarding.consult_flag_set", "Consult the DSL: flag set"
    CONSULT_DSL_CLEARED = (
        "safeguarding.consult_flag_cleared",
        "Consult the DSL: flag cleared",
    )
    DSL_CONSULTED = "safeguarding.dsl_consulted", "DSL consulted"


# What staff record on a case by hand, as facts the transitions rely on.
RECORDABLE_KINDS = (
    EventKind.NOTE,
    EventKind.PARENT_MEETING,
    EventKind.FAMILY_AGREEMENT,
    EventKind.EARLY_HELP_NOT_APPROPRIATE,
    EventKind.VOLUNTARY_SUPPORT_EXHAUSTED,
    EventKind.ESO_CONSIDERED,
)
