"""Plan kinds and statuses, review decisions, interventions and support offers."""

from django.db import models


class PlanKind(models.TextChoices):
    SUPPORT = "support", "School support plan"
    EARLY_HELP = "early_help", "Early help plan"
    CONTRACT = "contract", "Parenting contract targets"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ACTIVE = "active", "Active"
    REVIEWED = "reviewed", "Reviewed"
    ENDED_SUCCESSFULLY = "ended_successfully", "Ended successfully"
    ENDED_WITHOUT_SUCCESS = "ended_without_success", "Ended without success"
    WITHDRAWN = "withdrawn", "Withdrawn"


# A plan being worked: it has a next review date and its targets are live.
LIVE_PLAN_STATUSES = (PlanStatus.ACTIVE, PlanStatus.REVIEWED)
ENDED_PLAN_STATUSES = (
    PlanStatus.ENDED_SUCCESSFULLY,
    PlanStatus.ENDED_WITHOUT_SUCCESS,
    PlanStatus.WITHDRAWN,
)


class Achieved(models.TextChoices):
    NOT_YET = "not_yet", "Not yet"
    YES = "yes", "Yes"
    PARTLY = "partly", "Partly"
    NO = "no", "No"


class ReviewDecision(models.TextChoices):
    CONTINUE = "continue", "Continue the plan"
    AMEND = "amend", "Amend the plan"
    STEP_UP = "step_up", "Step up to more formal support"
    STEP_DOWN = "step_down", "Step down"
    END = "end", "End the plan"


class SupportKind(models.TextChoices):
    """What was offered: the support-first ledger's kinds, also a target's
    type of intervention."""

    MEETING = "meeting", "A meeting"
    EARLY_HELP_REFERRAL = "early_help_referral", "A referral to early help"
    MENTORING = "mentoring", "Mentoring"
    TRANSPORT = "transport", "Help with transport"
    SCHOOL_NURSE = "school_nurse", "A school-nurse referral"
    SENCO = "senco", "A SENCO assessment"
    COUNSELLING = "counselling", "A counselling referral"
    BREAKFAST_CLUB = "breakfast_club", "Free breakfast club"
    ATTENDANCE_MONITORING = "attendance_monitoring", "Attendance monitoring"
    OTHER = "other", "Other"


class FamilyResponse(models.TextChoices):
    NOT_KNOWN = "not_known", "Not yet known"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    NO_RESPONSE = "no_response", "Did not respond"


class PlanEventKind(models.TextChoices):
    """The chronology kinds plans and the support ledger write (registered with
    ``cases.events`` by ``plans.providers``)."""

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
