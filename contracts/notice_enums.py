"""The fixed choices of notices to improve and penalty notices."""

from django.db import models

from contracts import rules


class NoticeKind(models.TextChoices):
    ATTENDANCE = rules.ATTENDANCE, "Irregular attendance (the national framework)"
    EXCLUSION = (
        rules.EXCLUSION,
        "Pupil in a public place in the first 5 days of a suspension or exclusion",
    )


class PenaltyNoticeStatus(models.TextChoices):
    REQUESTED = "requested", "Requested by the school"
    DECLINED = "declined", "Request declined"
    ISSUED = "issued", "Issued"
    PAID_REDUCED = "paid_reduced", "Paid at the reduced amount"
    PAID_FULL = "paid_full", "Paid in full"
    UNPAID = "unpaid", "Unpaid after 28 days"
    WITHDRAWN = "withdrawn", "Withdrawn"
    PROSECUTED = "prosecuted", "Referred for prosecution"


# Statuses of a notice that was issued: the history the framework's cap reads.
ISSUED_STATUSES = tuple(s for s in PenaltyNoticeStatus.values if s in rules.STATUSES)
OPEN_REQUEST = PenaltyNoticeStatus.REQUESTED


class ServedHow(models.TextChoices):
    POST = "post", "First-class post"
    BY_HAND = "by_hand", "By hand"


class WithdrawalGround(models.TextChoices):
    WRONG_RECIPIENT = "wrong_recipient", "Issued to the wrong person"
    NOT_IN_CODE = (
        "not_in_code",
        "Not issued in line with the local authority's code of conduct",
    )
    MATERIAL_ERROR = "material_error", "The notice contains a material error"
    REPRESENTATIONS = (
        "representations",
        "After representations from the parent",
    )
    UNPAID_NOT_PROSECUTED = (
        "unpaid_not_prosecuted",
        "Unpaid, and the local authority decided not to prosecute",
    )


class NoticeToImproveStatus(models.TextChoices):
    ISSUED = "issued", "Issued"
    WITHDRAWN = "withdrawn", "Withdrawn"


class NoticeEventKind(models.TextChoices):
    """The chronology kinds of notices (registered with ``cases.events``)."""

    NTI_ISSUED = "notice.improve_issued", "Notice to improve issued"
    NTI_WITHDRAWN = "notice.improve_withdrawn", "Notice to improve withdrawn"
    PN_REQUESTED = "notice.penalty_requested", "Penalty notice requested"
    PN_DECLINED = "notice.penalty_declined", "Penalty notice request declined"
    PN_ISSUED = "notice.penalty_issued", "Penalty notice issued"
    PN_RECEIVED = "notice.penalty_received", "Penalty notice receipt recorded"
    PN_PAID = "notice.penalty_paid", "Penalty notice paid"
    PN_UNPAID = "notice.penalty_unpaid", "Penalty notice unpaid after 28 days"
    PN_WITHDRAWN = "notice.penalty_withdrawn", "Penalty notice withdrawn"
    PN_PROSECUTED = (
        "notice.penalty_prosecuted",
        "Unpaid penalty notice referred for prosecution",
    )
