"""Shared set-up for the legal tests: the notices tests' case (shared with the
LA, two parents in law, on a fixed Friday) taken on to the ESO stage, and
helpers that record an order and its reviews through the services."""

from datetime import UTC, date, datetime, time

from cases.enums import EventKind, Stage
from legal import services
from meetings.enums import MeetingStatus
from meetings.models import Meeting
from tests.contracts.conftest import TODAY, NoticeWorld

__all__ = ["TODAY"]


def to_eso_stage(n: NoticeWorld) -> None:
    """Take the notices world's case from the parenting contract to the ESO."""
    n.world.record(n.case, EventKind.VOLUNTARY_SUPPORT_EXHAUSTED, by="lead")
    n.world.tick_all(n.case)
    n.case = n.world.step(n.case, "apply_for_eso", "legal", reason="Support refused.")
    assert n.case.stage == Stage.ESO


def apply(n: NoticeWorld, by: str = "legal", **kw):
    return services.eso_application_record(
        case=n.case,
        by=n.users[by],
        **{
            "applied_on": date(2026, 1, 5),
            "supervising_officer": n.users["la"],
            "court": "Sheffield Family Court",
            **kw,
        },
    )


def make(n: NoticeWorld, order, decided_on=date(2026, 1, 31), by="legal"):
    return services.eso_decision_record(
        order=order,
        by=n.users[by],
        decision="made",
        decided_on=decided_on,
        court_reference="SF26E00123",
    )


def review_held(n: NoticeWorld, on: date, status=MeetingStatus.HELD) -> Meeting:
    """An ESO review meeting held on ``on`` (made directly: the meetings tests
    cover arranging and recording one)."""
    return Meeting.objects.create(
        case=n.case,
        type_key="eso_review",
        type_name="ESO review",
        starts_at=datetime.combine(on, time(10), tzinfo=UTC),
        place="LA office",
        status=status,
        arranged_by=n.users["la"],
    )
