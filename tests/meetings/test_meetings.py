"""Arranging, answering, rearranging and recording meetings, through the
services, as the people who do it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cases.enums import EventKind
from cases.models import CaseEvent
from cases.workflow import blockers
from meetings import services
from meetings.enums import InvitationReply, MeetingEventKind, MeetingStatus
from meetings.models import AgreedAction, Invitation, Meeting, MeetingRecord
from meetings.selectors import carers_for_invitation
from meetings.services import ActionAgreed
from plans import services as plan_services
from plans.enums import FamilyResponse, SupportKind
from plans.models import SupportOffer
from tests.factories import CarerRelationshipFactory, PupilFactory
from tests.meetings.conftest import past, soon

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def arrange(world, case, parents, *, by="lead", type_key="sam", starts_at=None, **kw):
    return services.meeting_arrange(
        case=case,
        by=world.users[by],
        type_key=type_key,
        starts_at=starts_at or soon(),
        place="The attendance office",
        parents=parents,
        **kw,
    )


def record(world, meeting, *, came=(), by="lead", actions=(), **fields):
    attended = {inv.pk: inv.parent_carer in came for inv in meeting.invitations.all()}
    return services.meeting_record(
        meeting=meeting,
        by=world.users[by],
        attended=attended,
        actions=actions,
        **fields,
    )


def test_parents_with_responsibility_or_care_are_invited_by_default(family_case):
    case, family = family_case
    rows = {
        rel.parent_carer: (default, reason)
        for rel, default, reason in carers_for_invitation(case.pupil)
    }
    assert rows[family.mother] == (True, "")
    assert rows[family.father] == (True, "")  # lives apart, still has responsibility
    assert rows[family.step_parent] == (True, "")  # day-to-day care
    assert rows[family.grandparent] == (
        False,
        "No parental responsibility or day-to-day care",
    )
    assert rows[family.barred] == (False, "Must not be contacted: Court order")


def test_each_parent_gets_their_own_invitation(world, family_case):
    case, family = family_case
    meeting = arrange(world, case, family.parents)
    invited = [inv.parent_carer for inv in meeting.invitations.all()]
    assert invited == family.parents
    assert all(
        inv.reply == InvitationReply.NO_REPLY for inv in meeting.invitations.all()
    )
    assert meeting.type_name == "School attendance meeting (SAM)"
    offer = meeting.ledger_entry
    assert offer.kind == SupportKind.MEETING
    assert offer.case_id == case.pk
    event = CaseEvent.objects.get(case=case, kind=MeetingEventKind.INVITED)
    assert "Ms Dana Okafor" in event.details["label"]
    assert "Mr Tunde Okafor" in event.details["label"]


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("stranger", "is not one of"),
        ("barred", "must not be contacted"),
    ],
)
def test_a_parent_who_may_not_be_invited_is_refused_and_nothing_is_written(
    world, family_case, who, message
):
    case, family = family_case
    stranger = CarerRelationshipFactory(
        pupil=PupilFactory(school=world.school)
    ).parent_carer
    person = stranger if who == "stranger" else family.barred
    before = (CaseEvent.objects.count(), SupportOffer.objects.count())
    with pytest.raises(ValidationError) as refused:
        arrange(world, case, [family.mother, person])
    assert message in str(refused.value.message_dict["parents"])
    assert not Meeting.objects.filter(case=case).exists()
    assert not Invitation.objects.filter(meeting__case=case).exists()
    assert (CaseEvent.objects.count(), SupportOffer.objects.count()) == before


def test_a_meeting_needs_a_parent_unless_it_is_the_inclusion_meeting(
    world, family_case
):
    case, family = family_case
    with pytest.raises(ValidationError) as refused:
        arrange(world, case, [])
    assert "at least one parent" in str(refused.value)
    meeting = arrange(world, case, [], type_key="inclusion")
    assert meeting.is_inclusion_meeting
    assert meeting.ledger_entry is None
    with pytest.raises(ValidationError):
        arrange(world, case, [family.mother], type_key="inclusion")


@pytest.mark.parametrize("outsider", ["sibling_lead", "other_la", "nobody", "la"])
def test_only_the_case_workers_may_arrange_a_meeting(world, family_case, outsider):
    case, family = family_case
    if outsider == "la":  # an LA practitioner on a case not shared with the LA
        case = world.case_at("concern", shared=False)
    with pytest.raises(PermissionDenied):
        arrange(world, case, [], by=outsider, type_key="inclusion")
    assert not Meeting.objects.filter(case=case).exists()


def test_replies_are_kept_in_the_chronology(world, family_case):
    case, family = family_case
    meeting = arrange(world, case, family.parents)
    mother, father = meeting.invitations.all()
    services.invitation_update(
        invitation=mother, by=world.users["lead"], sent_how="post"
    )
    services.invitation_update(
        invitation=father,
        by=world.users["lead"],
        reply=InvitationReply.ASKED_TO_REARRANGE,
        reply_note="Works until 6pm.",
    )
    services.invitation_update(
        invitation=father, by=world.users["lead"], reply=InvitationReply.ACCEPTED
    )
    mother.refresh_from_db()
    father.refresh_from_db()
    assert mother.sent_how == "post"
    assert mother.sent_on is not None
    assert father.reply == InvitationReply.ACCEPTED
    replies = CaseEvent.objects.filter(case=case, kind=MeetingEventKind.REPLY).order_by(
        "pk"
    )
    assert [e.details["label"] for e in replies] == [
        "Mr Tunde Okafor: asked to rearrange (School attendance meeting (SAM))",
        "Mr Tunde Okafor: accepted (School attendance meeting (SAM))",
    ]
    assert replies[0].text == "Works until 6pm."


def test_rearranging_keeps_the_history_and_invites_afresh(world, family_case):
    case, family = family_case
    old = arrange(world, case, family.parents)
    offer = old.ledger_entry
    new = services.meeting_rearrange(
        meeting=old,
        by=world.users["lead"],
        starts_at=soon(7),
        place="Online",
        format="online",
        reason="The father asked for an evening.",
    )
    old.refresh_from_db()
    assert old.status == MeetingStatus.REARRANGED
    assert old.replaced_by == new
    assert [i.parent_carer for i in new.invitations.all()] == family.parents
    assert new.ledger_entry == offer
    assert old.ledger_entry is None
    with pytest.raises(ValidationError):
        services.meeting_rearrange(
            meeting=old,
            by=world.users["lead"],
            starts_at=soon(9),
            place="x",
            reason="y",
        )


def test_parents_who_do_not_attend_then_a_second_meeting(world, family_case):
    """The did-not-attend flow: the first meeting is recorded without the
    parents, a second is offered, and only the meeting they came to is the
    meeting the parenting contract rule reads."""
    case, family = family_case
    first = arrange(world, case, family.parents, starts_at=past(9))
    rec = record(world, first)
    first.refresh_from_db()
    assert first.status == MeetingStatus.PARENTS_DID_NOT_ATTEND
    assert not rec.parents_attended
    assert (
        CaseEvent.objects.filter(
            case=case, kind=MeetingEventKind.PARENTS_DID_NOT_ATTEND
        ).count()
        == 1
    )
    assert not CaseEvent.objects.filter(
        case=case, kind=EventKind.PARENT_MEETING
    ).exists()
    assert "No meeting with the parents is recorded." in blockers(
        case, "start_parenting_contract"
    )
    first.ledger_entry.refresh_from_db()
    assert first.ledger_entry.response == FamilyResponse.NO_RESPONSE

    second = arrange(
        world, case, family.parents, starts_at=past(2), second_offer_of=first
    )
    record(
        world,
        second,
        came=[family.mother],
        parent_voice="Mornings are hard since the move.",
        impact_on_learning_discussed=True,
        education_worries="Missing maths first lesson.",
    )
    second.refresh_from_db()
    assert second.status == MeetingStatus.HELD
    held = CaseEvent.objects.get(case=case, kind=EventKind.PARENT_MEETING)
    assert held.details == {"held_on": past(2).date().isoformat(), "meeting": second.pk}
    assert "Ms Dana Okafor" in held.text
    assert "No meeting with the parents is recorded." not in blockers(
        case, "start_parenting_contract"
    )
    attended = {i.parent_carer: i.attended for i in second.invitations.all()}
    assert attended == {family.mother: True, family.father: False}


def test_a_second_offer_must_follow_a_missed_meeting(world, family_case):
    case, family = family_case
    first = arrange(world, case, family.parents)
    with pytest.raises(ValidationError):
        arrange(world, case, family.parents, second_offer_of=first)


def test_the_record_freezes_the_figures_and_refuses_what_cannot_be(world, family_case):
    case, family = family_case
    upcoming = arrange(world, case, family.parents)
    with pytest.raises(ValidationError, match="once it has taken place"):
        record(world, upcoming, came=[family.mother])
    meeting = arrange(world, case, family.parents, starts_at=past(1))
    with pytest.raises(ValidationError) as refused:
        record(world, meeting, came=[family.mother], child_voice="I like art.")
    assert "child_voice" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        record(world, meeting, came=[], parent_voice="They said...")
    assert "parent_voice" in refused.value.message_dict
    assert not MeetingRecord.objects.filter(meeting__case=case).exists()

    rec = record(
        world,
        meeting,
        came=[family.father],
        child_present=True,
        child_voice="I like art.",
        actions=[
            ActionAgreed("Walk to school with a friend", "Mr Okafor"),
            ActionAgreed("  "),
        ],
    )
    assert rec.attendance_snapshot["as_of"] == past(1).date().isoformat()
    assert set(rec.attendance_snapshot) >= {
        "possible",
        "attended",
        "unauthorised",
        "attendance_rate",
    }
    assert rec.sen_status == case.pupil.get_sen_status_display()
    assert [a.action for a in rec.actions.all()] == ["Walk to school with a friend"]
    with pytest.raises(ValidationError):
        record(world, meeting, came=[family.father])  # recorded once


def test_an_agreed_action_becomes_a_target_or_an_offer_once(world, family_case):
    case, family = family_case
    plan = plan_services.plan_create(
        case=case, by=world.users["lead"], kind="support", start_on=timezone.localdate()
    )
    meeting = arrange(world, case, family.parents, starts_at=past(1))
    rec = record(
        world,
        meeting,
        came=family.parents,
        actions=[
            ActionAgreed("Arrive by 8.50am every day", "Dana Okafor"),
            ActionAgreed("Breakfast club place"),
        ],
    )
    to_plan, to_ledger = rec.actions.all()
    target = services.action_to_target(
        action=to_plan, plan=plan, by=world.users["lead"]
    )
    assert target.plan == plan
    assert target.achieve == "Arrive by 8.50am every day"
    assert target.owner == "Dana Okafor"
    offer = services.action_to_offer(
        action=to_ledger, kind="breakfast_club", by=world.users["lead"]
    )
    assert offer.kind == "breakfast_club"
    assert offer.case == case
    for action in AgreedAction.objects.filter(record__meeting__case=case):
        with pytest.raises(ValidationError, match="already"):
            services.action_to_offer(
                action=action, kind="other", by=world.users["lead"]
            )
    other_plan = plan_services.plan_create(
        case=world.case_at("concern"),
        by=world.users["lead"],
        kind="support",
        start_on=timezone.localdate(),
    )
    fresh = record(
        world,
        arrange(world, case, family.parents, starts_at=past(1)),
        came=family.parents,
        actions=[ActionAgreed("Another")],
    ).actions.get()
    with pytest.raises(ValidationError):
        services.action_to_target(action=fresh, plan=other_plan, by=world.users["lead"])


def test_cancelling_needs_a_reason(world, family_case):
    case, family = family_case
    meeting = arrange(world, case, family.parents)
    with pytest.raises(ValidationError):
        services.meeting_cancel(meeting=meeting, by=world.users["lead"], reason=" ")
    services.meeting_cancel(
        meeting=meeting, by=world.users["lead"], reason="Pupil ill."
    )
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED
