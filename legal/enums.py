"""Choices and chronology kinds of the legal app, in the users' words."""

from django.db import models


class LegalEventKind(models.TextChoices):
    BUNDLE_REQUESTED = "legal.bundle_requested", "Court bundle requested"
    BUNDLE_PRODUCED = "legal.bundle_produced", "Court bundle produced"
    BUNDLE_FAILED = "legal.bundle_failed", "Court bundle could not be produced"
    BUNDLE_DOWNLOADED = "legal.bundle_downloaded", "Court bundle downloaded"


class BundleStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Being produced"
    DONE = "done", "Ready"
    FAILED = "failed", "Failed"


class LegalStepEventKind(models.TextChoices):
    """Chronology kinds of education supervision orders and prosecution."""

    ESO_APPLIED = "legal.eso_applied", "ESO application recorded"
    ESO_HEARING = "legal.eso_hearing", "ESO hearing date set"
    ESO_MADE = "legal.eso_made", "Education supervision order made"
    ESO_REFUSED = "legal.eso_refused", "ESO refused by the court"
    ESO_WITHDRAWN = "legal.eso_withdrawn", "ESO application withdrawn"
    ESO_DISCHARGED = "legal.eso_discharged", "ESO discharged"
    ESO_OFFICER = "legal.eso_officer", "ESO supervising officer changed"
    ESO_EXTENSION_APPLIED = "legal.eso_extension_applied", "ESO extension applied for"
    ESO_EXTENSION_DECIDED = "legal.eso_extension_decided", "ESO extension decided"
    ESO_NON_COMPLIANCE = "legal.eso_non_compliance", "ESO persistent non-compliance"
    REFERRAL_PREPARED = "legal.referral_prepared", "Prosecution referral prepared"
    REFERRAL_HEARING = "legal.referral_hearing", "Prosecution hearing date set"
    OUTCOME_RECORDED = "legal.outcome_recorded", "Court outcome recorded"


class EsoStatus(models.TextChoices):
    APPLIED = "applied", "Applied for"
    MADE = "made", "Order made"
    REFUSED = "refused", "Refused by the court"
    WITHDRAWN = "withdrawn", "Application withdrawn"
    DISCHARGED = "discharged", "Discharged"


LIVE_ESO_STATUSES = (EsoStatus.APPLIED, EsoStatus.MADE)


class ExtensionStatus(models.TextChoices):
    APPLIED = "applied", "Applied for"
    GRANTED = "granted", "Granted"
    REFUSED = "refused", "Refused"


class Offence(models.TextChoices):
    S444_1 = "s444_1", "Section 444(1): failing to secure regular attendance"
    S444_1A = (
        "s444_1a",
        "Section 444(1A): knowing of the absence and failing to act",
    )


class CourtOutcome(models.TextChoices):
    FINE = "fine", "Fine"
    PARENTING_ORDER = "parenting_order", "Parenting order"
    CONDITIONAL_DISCHARGE = "conditional_discharge", "Conditional discharge"
    COMMUNITY_ORDER = "community_order", "Community order"
    IMPRISONMENT = "imprisonment", "Imprisonment"
    WITHDRAWN = "withdrawn", "Withdrawn"
    NOT_GUILTY = "not_guilty", "Not guilty"
    ADJOURNED = "adjourned", "Adjourned"
