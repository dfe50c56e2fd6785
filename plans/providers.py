"""What the plans app adds to the case core, registered when the app is ready.

* Its chronology kinds, and which mean a plan ended without success.
* The case page's "Plans and support" panel.
* The caseload's ``review_overdue`` annotation.
* A meeting with the parents recorded on the case goes in the support-first
  ledger.
* Checklist evidence found in plans and the support-first ledger:

  * ``smart_plan``: a plan made active in this episode of the case, reviewed
    at least once, whose targets all have a measure and a date.
  * ``challenge_and_support``: the ledger holds offers of support besides
    meetings, with the family's answer recorded.
"""

from django.utils import timezone

from cases.checklist import Evidence, register_provider
from cases.enums import EventKind
from cases.events import on_recorded, register_event_kinds
from cases.models import Case
from cases.panels import register_case_panel
from cases.selectors import register_caseload_annotation
from plans.enums import FamilyResponse, PlanEventKind, SupportKind
from plans.models import Plan, SupportOffer
from plans.panels import case_panel
from plans.selectors import with_review_overdue
from plans.services import meeting_held_record, target_advice


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


@register_provider("smart_plan")
def reviewed_plan_with_smart_targets(case: Case) -> Evidence | None:
    plans = (
        Plan.objects.filter(
            case_id=case.pk,
            activated_at__gte=case.episode_started_at,
            reviews__isnull=False,
        )
        .distinct()
        .select_related("lead_practitioner")
        .order_by("-activated_at")
    )
    today = timezone.localdate()
    for plan in plans:
        targets = list(plan.targets.all())
        if targets and not any(
            item.blocks_activation
            for target in targets
            for item in target_advice(target, today=today, others=targets)
        ):
            reviews = plan.reviews.count()
            return Evidence(
                summary=f"{plan.get_kind_display()} active from "
                f"{plan.activated_at:%-d %B %Y}, reviewed {reviews} "
                f"time{'s' if reviews != 1 else ''}; its {len(targets)} "
                f"target{'s are' if len(targets) != 1 else ' is'} measured and dated.",
                url=plan.get_absolute_url(),
                recorded_by=_name(plan.lead_practitioner),
                recorded_at=plan.activated_at,
            )
    return None


def _ledger_url(case: Case) -> str:
    from django.urls import reverse

    return reverse("portal:plans:ledger", kwargs={"pk": case.pk})


@register_provider("challenge_and_support")
def support_offered_with_answers(case: Case) -> Evidence | None:
    """Support beyond meetings offered, with the family's answer recorded.

    Meetings alone do not count: they are the challenge, not the support.
    """
    offers = SupportOffer.objects.filter(case_id=case.pk).exclude(
        kind=SupportKind.MEETING
    )
    answered = offers.exclude(response=FamilyResponse.NOT_KNOWN).count()
    if not answered:
        return None
    total = offers.count()
    return Evidence(
        summary=f"The support-first ledger records {total} offer"
        f"{'s' if total != 1 else ''} of support besides meetings, {answered} "
        "with the family's answer.",
        url=_ledger_url(case),
    )


register_event_kinds(
    PlanEventKind, support_exhausted=(PlanEventKind.PLAN_ENDED_WITHOUT_SUCCESS,)
)
register_case_panel(case_panel, place="work")
register_caseload_annotation(with_review_overdue)
on_recorded(EventKind.PARENT_MEETING, meeting_held_record)
