"""What the safeguarding app adds to cases, registered when the app is ready.

* A rule: while "consult the DSL" is set on a case, its formal and legal steps
  wait for a DSL consultation recorded since the flag was set.
* The reader of restricted chronology events: an item's event is shown to
  the item's readers only.
* The case page panel (``safeguarding.panels``).
* Its "My work" sources (``safeguarding.work``): shares ending, files to send.
* Shares that end when their grantee's standing changes: a membership taken
  away, an account deactivated, or the pupil moving school
  (``services.shares_lapse`` writes why in the access log; reads have already
  stopped, since eligibility is asked on every read).
"""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save

from cases.models import Case
from safeguarding.enums import LapseReason, SafeguardingEventKind
from safeguarding.selectors import case_consultation, readable_item_ids

# The steps "consult the DSL before any formal or legal step" holds back.
FORMAL_STEPS = ["start_parenting_contract", "apply_for_eso", "refer_for_prosecution"]

CONSULT_REASON = (
    "The DSL has asked to be consulted before any formal or legal step: record "
    "the DSL's consultation first (a DSL records it on this page)."
)


def consult_dsl_rule(case: Case) -> list[str]:
    flag, consulted = case_consultation(case)
    return [CONSULT_REASON] if flag is not None and consulted is None else []


def membership_ended(sender, instance, **kwargs) -> None:
    from safeguarding import services
    from safeguarding.models import RestrictedItemGrant

    services.shares_lapse(
        grants=RestrictedItemGrant.objects.filter(user_id=instance.user_id),
        cause=LapseReason.LEFT_ROLE,
    )


def account_saved(sender, instance, **kwargs) -> None:
    if instance.is_active:
        return
    from safeguarding import services
    from safeguarding.models import RestrictedItemGrant

    services.shares_lapse(
        grants=RestrictedItemGrant.objects.filter(user_id=instance.pk),
        cause=LapseReason.DEACTIVATED,
    )


def pupil_moved(sender, move, by, **kwargs) -> None:
    from safeguarding import services

    services.pupil_move_record(move=move, by=by)


def register() -> None:
    from cases.events import register_event_kinds
    from cases.panels import register_case_panel
    from cases.selectors import register_restricted_event_reader
    from cases.workflow import add_rule
    from safeguarding import work  # noqa: F401 (registers the "My work" sources)
    from safeguarding.panels import case_panel
    from schools import signals
    from schools.models import StaffMembership

    register_event_kinds(SafeguardingEventKind)
    add_rule(FORMAL_STEPS, consult_dsl_rule)
    register_restricted_event_reader(readable_item_ids)
    register_case_panel(case_panel, place="notices")
    post_delete.connect(
        membership_ended, sender=StaffMembership, dispatch_uid="sg_membership_ended"
    )
    post_save.connect(
        account_saved, sender=get_user_model(), dispatch_uid="sg_account_saved"
    )
    signals.pupil_moved.connect(pupil_moved, dispatch_uid="sg_pupil_moved")
