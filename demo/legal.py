"""Demo legal history, on the case referred for prosecution after an ESO: the
order as the LA recorded it (applied for, made, one review held as a meeting,
persistent non-compliance), then the referral with its hearing to come.
Written through the services and dated in the past, so the demo obeys the
same rules as users. Called from ``demo.cases`` as the case is built."""

from datetime import datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.models import Case
from contracts.notice_rules import liable_parents
from demo.clock import days_ago
from demo.meetings import send_all
from legal import services
from legal.models import EducationSupervisionOrder
from meetings import services as meeting_services
from meetings.letters import meeting_letters_prepare
from meetings.selectors import carers_for_invitation


def _day(days: int):
    return timezone.localdate() - timedelta(days=days)


def demo_order(case: Case, *, la, legal, applied_days: int) -> None:
    """The order applied for ``applied_days`` ago, on a case at the ESO stage:
    made a week later, its first review held on time, then non-compliance."""
    made_days = applied_days - 8
    review_days = made_days - 91
    while _day(review_days).weekday() >= 5:  # held on a school day
        review_days += 1
    # The dates, worked out before travelling back to each of them.
    applied_on, made_on, review_on = (
        _day(applied_days),
        _day(made_days),
        _day(review_days),
    )
    noted_on = _day(review_days - 30)
    try:
        with days_ago(applied_days):
            order = services.eso_application_record(
                case=case,
                by=legal,
                applied_on=applied_on,
                supervising_officer=la,
                court=f"{case.school.local_authority} Family Court",
            )
        with days_ago(made_days, hour=15):
            services.eso_decision_record(
                order=order,
                by=legal,
                decision="made",
                decided_on=made_on,
                court_reference=f"FC26E{case.pk:05d}",
                note="Order made for one year; both parents were present.",
            )
        parents = [
            rel.parent_carer
            for rel, invited, _ in carers_for_invitation(case.pupil)
            if invited
        ]
        if parents:
            with days_ago(review_days + 10):
                review = meeting_services.meeting_arrange(
                    case=case,
                    by=la,
                    type_key="eso_review",
                    starts_at=timezone.make_aware(
                        datetime.combine(review_on, time(10))
                    ),
                    place="Meeting room 2, main reception",
                    parents=parents,
                    lead=la,
                )
                send_all(
                    meeting_letters_prepare(meeting=review, role="invitation", by=la),
                    la,
                )
            with days_ago(review_days, hour=12):
                invitations = list(review.invitations.all())
                meeting_services.meeting_record(
                    meeting=review,
                    by=la,
                    attended={
                        inv.pk: index == 0 for index, inv in enumerate(invitations)
                    },
                    others_present=f"{la.get_full_name()}, supervising officer",
                    education_worries="Still late most mornings; two full days "
                    "missed each week.",
                    education_next_steps="Directions repeated: drop-off by 8.40.",
                    parent_voice="Mum said the directions are hard to keep with her "
                    "shifts.",
                    child_voice="He said he would come if his friend walked with him.",
                    child_present=True,
                )
                # The minutes go to every parent invited, as for every meeting.
                send_all(
                    meeting_letters_prepare(meeting=review, role="minutes", by=la), la
                )
        with days_ago(review_days - 30):
            services.eso_non_compliance_record(
                order=order,
                by=la,
                noted_on=noted_on,
                what_happened="The directions on morning drop-off were not followed "
                "on 8 of the last 10 school days.",
                action_taken="Warning letter and a meeting with both parents; no "
                "change after two weeks.",
            )
    except ValidationError:
        pass  # the demo pupil or register did not allow it


def demo_referral(case: Case, *, legal, days: int) -> None:
    """The referral prepared ``days`` ago, on a case referred for prosecution."""
    parents = list(liable_parents(case)[:1])
    order = EducationSupervisionOrder.objects.filter(case=case).first()
    if not parents:
        return
    history = (
        f"ESO made on {order.decided_on:%-d %B %Y}; persistent non-compliance "
        "recorded and the directions not kept."
        if order and order.decided_on
        else "The LA considered an ESO and decided against it."
    )
    hearing_on = _day(-21)
    try:
        with days_ago(days):
            services.referral_prepare(
                case=case,
                by=legal,
                offence="s444_1",
                parents=parents,
                support_summary="Early help plan with a mentor (declined after two "
                "weeks); parenting contract (not kept); ESO with directions (not "
                "complied with).",
                eso_consideration=history,
                court=f"{case.school.local_authority} Magistrates' Court",
                hearing_on=hearing_on,
            )
    except ValidationError:
        pass
