"""The fixed choices of parenting contracts."""

from django.db import models


class ContractStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    OFFERED = "offered", "Offered to the parents"
    SIGNED = "signed", "Signed"
    ACTIVE = "active", "Active"
    REVIEWED = "reviewed", "Active (reviewed)"
    COMPLETED = "completed", "Completed"
    NOT_KEPT = "not_kept", "Not kept"
    WITHDRAWN = "withdrawn", "Withdrawn"
    DECLINED = "declined", "Declined by the parents"


# A contract in force: it has a next review date.
LIVE_CONTRACT_STATUSES = (ContractStatus.ACTIVE, ContractStatus.REVIEWED)
# A contract that was signed, whatever happened next: the checklist's evidence.
SIGNED_CONTRACT_STATUSES = (
    ContractStatus.SIGNED,
    *LIVE_CONTRACT_STATUSES,
    ContractStatus.COMPLETED,
    ContractStatus.NOT_KEPT,
)
# A contract that may still be withdrawn.
WITHDRAWABLE_STATUSES = (
    ContractStatus.DRAFT,
    ContractStatus.OFFERED,
    ContractStatus.SIGNED,
    *LIVE_CONTRACT_STATUSES,
)
ENDED_CONTRACT_STATUSES = (
    ContractStatus.COMPLETED,
    ContractStatus.NOT_KEPT,
    ContractStatus.WITHDRAWN,
    ContractStatus.DECLINED,
)


class SigningMethod(models.TextChoices):
    UPLOAD = "upload", "A scan of the signed paper copy"
    ON_SCREEN = "on_screen", "Signatures captured on screen"


class ContractReviewDecision(models.TextChoices):
    CONTINUE = "continue", "Continue the contract as it is"
    AMEND = "amend", "Continue with amendments (say what changes)"
    END = "end", "End the contract"


class NotKeptDecision(models.TextChoices):
    REFER_TO_LA = (
        "refer_to_la",
        "Ask the local authority to consider formal action",
    )
    NO_FURTHER_ACTION = "no_further_action", "No further formal action for now"
    OTHER = "other", "Another decision (say what)"


class ContractEventKind(models.TextChoices):
    """The chronology kinds parenting contracts write (registered with
    ``cases.events`` by ``contracts.contract_providers``)."""

    DRAFTED = "contract.drafted", "Parenting contract drafted"
    EDITED = "contract.edited", "Parenting contract draft changed"
    OFFERED = "contract.offered", "Parenting contract offered"
    SIGNED = "contract.signed", "Parenting contract signed"
    ACTIVATED = "contract.activated", "Parenting contract made active"
    REVIEWED = "contract.reviewed", "Parenting contract reviewed"
    BREACH = "contract.breach", "Parenting contract not being kept: parent contacted"
    NOT_KEPT = "contract.not_kept", "Parenting contract not kept: decision"
    COMPLETED = "contract.completed", "Parenting contract completed"
    WITHDRAWN = "contract.withdrawn", "Parenting contract withdrawn"
    DECLINED = "contract.declined", "Parenting contract declined by the parents"
    NOT_OFFERED = "contract.not_offered", "Reason no parenting contract was offered"
