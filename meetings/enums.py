"""The fixed choices of the meetings app."""

from django.db import models


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    HELD = "held", "Held"
    PARENTS_DID_NOT_ATTEND = "parents_did_not_attend", "Held: parents did not attend"
    REARRANGED = "rearranged", "Rearranged"
    CANCELLED = "cancelled", "Cancelled"


# A meeting that took place, with or without the parents, and has its record.
HELD_STATUSES = (MeetingStatus.HELD, MeetingStatus.PARENTS_DID_NOT_ATTEND)
# A meeting that was offered to the parents and still counts as an offer: a
# rearranged meeting's offer lives on in the meeting that replaced it.
OFFERED_STATUSES = (MeetingStatus.PLANNED, *HELD_STATUSES)


class MeetingFormat(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    ONLINE = "online", "Online"
    PHONE = "phone", "By phone"


class InvitationSent(models.TextChoices):
    NOT_YET = "not_yet", "Not sent yet"
    POST = "post", "Letter by post"
    EMAIL = "email", "Email"
    BY_HAND = "by_hand", "Letter given by hand"
    PHONE = "phone", "Phone call"
    TEXT = "text", "Text message"


class InvitationReply(models.TextChoices):
    NO_REPLY = "no_reply", "No reply yet"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    ASKED_TO_REARRANGE = "asked_to_rearrange", "Asked to rearrange"


class MeetingEventKind(models.TextChoices):
    """The chronology kinds the meetings app writes (registered with
    ``cases.events`` by ``meetings.providers``). A meeting held with the
    parents also writes the case core's ``meeting.parents``, which the case
    rules read."""

    INVITED = "meeting.invited", "Meeting arranged and parents invited"
    REPLY = "meeting.reply", "Parent's reply to a meeting invitation"
    REARRANGED = "meeting.rearranged", "Meeting rearranged"
    CANCELLED = "meeting.cancelled", "Meeting cancelled"
    RECORDED = "meeting.recorded", "Meeting recorded"
    PARENTS_DID_NOT_ATTEND = "meeting.did_not_attend", "Parents did not attend"
    ACTION_TAKEN_UP = (
        "meeting.action_taken_up",
        "Agreed action carried into the plan or ledger",
    )
