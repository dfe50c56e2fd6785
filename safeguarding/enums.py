"""Categories, linked systems, plan statuses and access-log actions, in DSLs' words."""

from django.db import models


class ItemKind(models.TextChoices):
    NOTE = "note", "Restricted note"
    LINK = "link", "Restricted link"


class NoteCategory(models.TextChoices):
    NEGLECT = "neglect", "Neglect concern"
    CME = "cme", "Children missing education concern"
    SOCIAL_CARE = "social_care", "Social care involvement"
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse concern"
    EXPLOITATION = "exploitation", "Exploitation concern"
    OTHER = "other", "Other"


class LinkedSystem(models.TextChoices):
    SCHOOL_SAFEGUARDING = "school_safeguarding", "The school's safeguarding system"
    SOCIAL_CARE = "social_care", "Children's social care"
    EARLY_HELP = "early_help", "Early help service"
    HEALTH = "health", "Health"
    POLICE = "police", "Police"
    OTHER = "other", "Other"


class PlanStatus(models.TextChoices):
    NONE = "none", "No plan"
    CHILD_IN_NEED = "cin", "Child in need plan"
    CHILD_PROTECTION = "cp", "Child protection plan"
    LOOKED_AFTER = "looked_after", "Looked-after child"
    ENDED = "ended", "Plan ended"


class AccessAction(models.TextChoices):
    VIEWED_IN_LIST = "viewed_in_list", "Viewed in a list"
    VIEWED = "viewed", "Viewed"
    CREATED = "created", "Created"
    EDITED = "edited", "Edited"
    SHARED = "shared", "Shared"
    UNSHARED = "unshared", "Sharing ended"
    LAPSED = "lapsed", "Share lapsed"
    EXPORTED = "exported", "Exported for a subject access request"


class LapseReason(models.TextChoices):
    """Why a share ended without a DSL ending it, in the access log's words."""

    EXPIRED = "expired", "its end date passed"
    DEACTIVATED = "deactivated", "the person's account was deactivated"
    LEFT_ROLE = (
        "left_role",
        "the person no longer works at the pupil's school or its local authority",
    )
    PUPIL_MOVED = (
        "pupil_moved",
        "the pupil moved to a school outside the person's school and local authority",
    )


READ_ACTIONS = (AccessAction.VIEWED_IN_LIST, AccessAction.VIEWED)


class TransferOutcome(models.TextChoices):
    """What the previous school's DSL records about the child-protection file."""

    SENT = "sent", "The file was sent securely"
    NO_FILE = "no_file", "No child-protection file is held"


class SafeguardingEventKind(models.TextChoices):
    """The chronology kinds the safeguarding app writes (registered with
    ``cases.events`` by ``hooks.register``). The first is restricted: shown
    only to users who may read the item it names."""

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
