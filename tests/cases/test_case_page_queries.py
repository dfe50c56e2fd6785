"""The case page reads a fixed number of queries, whatever the case holds.

Permissions are read once per request (``schools.permissions``), and the page
and its panels share one view of the case, so the count does not grow with
plans, targets, events, meetings, shares, support offers, voice records or
safeguarding records, for any role that can open the page.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import services as case_services
from cases.enums import EventKind, Stage
from meetings import services as meeting_services
from meetings.letters import meeting_letters_prepare
from plans import services as plan_services
from safeguarding import services as safeguarding_services
from safeguarding.enums import NoteCategory
from schools.enums import LocalAuthorityRole
from schools.services import membership_add
from tests.factories import CarerRelationshipFactory, UserFactory
from voice import services as voice_services
from voice.enums import VoiceTool

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

# Every role that can open a case page: the five school roles, and LA staff
# the case is shared with (by team, and by name).
OPENERS = ["officer", "pastoral", "lead", "dsl", "head", "la", "legal", "named"]

# The most the case page may read, for any of them, whatever the case holds
# (it was 48 to 54 on this case before permissions were read once per request,
# and 3 more while every request wrote the session).
# Among them: the session and the user (2), the user's roles (1), the case (1),
# the checklist's providers (7), the letters panel's one read (its letters,
# with those waiting counted from them), and the meetings panel's (the case's
# meetings, their invitations and their letters, shared with the meetings'
# checklist providers), and the notices panel's two (notices to improve,
# penalty notices; a third only when notices to improve exist, to judge them
# on the register), the legal steps panel's two or three (orders, referrals,
# and the bundles for those who may see any), and the siblings panel's one
# (the pupil's family and siblings in the LA, shared with the siblings
# checklist provider; the contacts with the siblings' schools are read only
# when a sibling is at another school).
CEILING = 40


def _grow(world, case, n: int, start: int = 0) -> None:
    """Add ``n`` more of everything the case page and its panels show."""
    officer, dsl = world.users["officer"], world.users["dsl"]
    today = timezone.localdate()
    carer = CarerRelationshipFactory(pupil=case.pupil).parent_carer
    for i in range(start, start + n):
        plan = plan_services.plan_create(
            case=case, by=officer, kind="early_help", start_on=today
        )
        for _ in range(2):
            plan_services.target_save(
                plan=plan,
                by=officer,
                achieve="Attend at least 92 % of sessions in the next six weeks",
                actions="Morning check-in at 8.45 every day",
                owner="Mr Okoro, Head of Year 9",
                intervention="mentoring",
                goal_kind="attendance_at_least",
                goal_value=92,
                start_on=today,
                review_on=today + timedelta(weeks=3),
                end_on=today + timedelta(weeks=6),
            )
        plan_services.plan_activate(plan=plan, by=officer)
        world.meeting(case)
        world.record(case, EventKind.NOTE, by="pastoral", text=f"Note {i}.")
        plan_services.offer_save(
            case=case,
            by=officer,
            kind="transport",
            to_carer=carer,
            offered_on=today,
        )
        meeting = meeting_services.meeting_arrange(
            case=case,
            by=officer,
            type_key="sam",
            starts_at=timezone.now() - timedelta(days=1),
            place="Room 4",
            parents=[carer],
        )
        meeting_services.meeting_record(
            meeting=meeting,
            by=officer,
            attended={meeting.invitations.get().pk: True},
            parent_voice=f"Parent said {i}.",
        )
        meeting_letters_prepare(meeting=meeting, role="minutes", by=officer)
        voice_services.voice_record(
            by=officer,
            case=case,
            tool=VoiceTool.CONVERSATION,
            words=f"I said {i}.",
            recorded_on=today,
        )
        practitioner = UserFactory(first_name=f"Named{i}", last_name="Practitioner")
        membership_add(
            user=practitioner,
            organisation=world.la,
            role=LocalAuthorityRole.LEAD_PRACTITIONER,
        )
        case_services.case_share(
            case=case, by=world.users["lead"], practitioner=practitioner
        )
        note = safeguarding_services.note_create(
            pupil=case.pupil,
            by=dsl,
            category=NoteCategory.OTHER,
            text=f"Restricted {i}.",
            case=case,
        )
        safeguarding_services.item_share(item=note, by=dsl, with_user=world.users["la"])


def _case_with_named_share(world):
    case = world.case_at(Stage.EARLY_HELP)
    named = UserFactory(username="t.named", first_name="Named", last_name="Share")
    membership_add(
        user=named, organisation=world.la, role=LocalAuthorityRole.LEAD_PRACTITIONER
    )
    world.users["named"] = named
    case_services.case_share(case=case, by=world.users["lead"], practitioner=named)
    safeguarding_services.consult_flag_set(case=case, by=world.users["dsl"])
    return case


def _queries(client, case):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("portal:cases:detail", args=[case.pk]))
    assert response.status_code == 200
    return queries


def _query_count(client, case) -> tuple[int, str]:
    queries = _queries(client, case)
    return len(queries), "\n".join(q["sql"] for q in queries.captured_queries)


def test_the_case_page_reads_a_fixed_number_of_queries(world, client):
    """For every role that opens it: the same count with one of everything as
    with five, and no more than the ceiling. One case is grown for all of
    them (growing it is the slow part)."""
    case = _case_with_named_share(world)
    _grow(world, case, 1)
    few = {}
    for key in OPENERS:
        client.force_login(world.users[key])
        _queries(client, case)  # the first request also fills Django's caches
        few[key] = _query_count(client, case)
        assert few[key][0] <= CEILING, f"{key}: {few[key][0]} queries\n{few[key][1]}"
    _grow(world, case, 4, start=1)
    for key in OPENERS:
        client.force_login(world.users[key])
        _queries(client, case)
        many, many_sql = _query_count(client, case)
        page = client.get(reverse("portal:cases:detail", args=[case.pk]))
        assert "Note 4." in page.content.decode()  # the page shows what was added
        assert many == few[key][0], (
            f"{key}: {few[key][0]} queries became {many}:\n{many_sql}"
        )


def test_the_case_page_and_its_panels_share_one_view_of_the_case(world, client):
    """Each read the page, its steps and its panels share is made once: the
    checklist, who the case is shared with, the "consult the DSL" flag and
    which restricted items the user may read."""
    case = _case_with_named_share(world)
    _grow(world, case, 1)
    client.force_login(world.users["lead"])
    _queries(client, case)
    sql = [q["sql"] for q in _queries(client, case).captured_queries]

    def reads(table: str) -> int:  # statements whose main table is ``table``
        return sum(
            statement.partition(" FROM ")[2].startswith(f'"{table}"')
            for statement in sql
        )

    assert reads("cases_checklisttick") == 1
    assert reads("cases_casegroupobjectpermission") == 1
    assert reads("safeguarding_consultdslflag") == 1
    assert reads("schools_staffmembership") == 1
    assert reads("safeguarding_restricteditemgrant") == 1


def test_outside_the_page_the_checklist_is_read_afresh(world):
    """The services and everything outside the page read every time, so a
    write is never judged on a stale read; inside ``viewing`` it is read once."""
    from cases.case_view import viewing
    from cases.checklist import checklist_status

    case = world.case_at(Stage.EARLY_HELP)
    with CaptureQueriesContext(connection) as first:
        checklist_status(case)
    with CaptureQueriesContext(connection) as again:
        checklist_status(case)
    assert len(first) > 0
    assert len(again) == len(first)  # outside the page: read afresh
    with viewing(case):
        with CaptureQueriesContext(connection) as inside_first:
            checklist_status(case)
        with CaptureQueriesContext(connection) as inside_again:
            checklist_status(case)
    assert len(inside_first) > 0
    assert len(inside_again) == 0  # inside: read once
    ticked = {s.item.key for s in checklist_status(case) if s.manual_tick}
    case_services.checklist_tick(
        case=case, item="family_details", by=world.users["officer"], note="On file."
    )
    now = {s.item.key for s in checklist_status(case) if s.manual_tick}
    assert now == ticked | {"family_details"}
