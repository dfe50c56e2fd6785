""" "My work": each source lists what is the user's and due, and nothing else; the
dashboard shows it in a fixed number of queries; the daily email is opt-in,
sent once a day, and says nothing of a restricted record's content."""

from datetime import datetime, time, timedelta
from io import StringIO

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models.signals import post_save
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import services as case_services
from cases.enums import Stage
from cases.models import Case
from plans import services as plan_services
from plans.models import Plan
from portal.models import WorkDigestSubscription
from returns import signals as returns_signals
from safeguarding import services as sg_services
from schools.enums import SchoolRole
from schools.models import Pupil
from schools.services import membership_add, pupil_move
from schools.work import WorkItem, my_work
from tests.cases.conftest import World, _user, build_world
from tests.factories import PupilFactory
from tests.safeguarding.conftest import add_note
from tests.shared_world import shared_world

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

NOTE_TEXT = "Disclosed a worry about an uncle at home on Tuesday."
BASE_URL = "https://attendance.example.org"


@pytest.fixture(autouse=True)
def _pupils_already_on_roll():
    """The pupils these tests make count as on roll before today: the returns
    app would otherwise owe the LA a "new pupil" notification for each, an
    item of "My work" that these tests are not about (tests/returns has it)."""
    connected = post_save.disconnect(sender=Pupil, dispatch_uid="returns:pupil_created")
    yield
    if connected:
        post_save.connect(
            returns_signals.pupil_created,
            sender=Pupil,
            dispatch_uid="returns:pupil_created",
        )


def build_my_work_world() -> World:
    """The cases tests' world, its school staff with email addresses and a DSL
    at the far school."""
    w = build_world()
    for key in ("pastoral", "dsl", "lead", "officer", "head"):
        w.users[key].email = f"{key}@school.example.org"
        w.users[key].save()
    far_dsl = _user("t.far_dsl", "Far Dsl")
    membership_add(user=far_dsl, organisation=w.far_school, role=SchoolRole.DSL)
    w.users["far_dsl"] = far_dsl
    return w


world = shared_world(build_my_work_world)


def today():
    return timezone.localdate()


def days_ago(days: int):
    moment = datetime.combine(today() - timedelta(days=days), time(10))
    return time_machine.travel(timezone.make_aware(moment), tick=False)


def led_case(w: World, lead: str = "pastoral") -> Case:
    case = w.open_case()
    return case_services.case_assign(
        case=case, by=w.users["lead"], lead_practitioner=w.users[lead], co_workers=[]
    )


def live_plan(w: World, review_on, lead=None) -> Plan:
    """An active early help plan on a new case led by pastoral, reviewed on
    ``review_on``."""
    case = w.case_at(Stage.EARLY_HELP)
    officer = w.users["officer"]
    plan = plan_services.plan_create(
        case=case,
        by=officer,
        kind="early_help",
        start_on=today(),
        lead_practitioner=lead,
    )
    plan_services.target_save(
        plan=plan,
        by=officer,
        achieve="Attend at least 92 % of sessions in the next six weeks",
        actions="Morning check-in with Mr Okoro at 8.45 every day",
        owner="Mr Okoro, Head of Year 9",
        intervention="mentoring",
        start_on=today(),
        review_on=today() + timedelta(weeks=3),
        end_on=today() + timedelta(weeks=6),
        goal_kind="attendance_at_least",
        goal_value=92,
    )
    plan = plan_services.plan_activate(plan=plan, by=officer)
    Plan.objects.filter(pk=plan.pk).update(next_review_on=review_on)
    return Plan.objects.select_related("case__pupil").get(pk=plan.pk)


def share(w: World, item, with_user: str, days: int):
    return sg_services.item_share(
        item=item,
        by=w.users["dsl"],
        with_user=w.users[with_user],
        expires_on=today() + timedelta(days=days),
    )


def summary(items: list[WorkItem]) -> list[tuple]:
    return [(item.kind, item.pupil, item.due_on, item.overdue) for item in items]


# --- Each source -------------------------------------------------------------


def test_plan_reviews_due_within_a_week_or_overdue_are_listed_for_their_lead(world):
    overdue = live_plan(world, today() - timedelta(days=3))
    soon = live_plan(world, today() + timedelta(days=7))
    live_plan(world, today() + timedelta(days=8))  # not yet
    led_by_lead = live_plan(world, today(), lead=world.users["lead"])
    withdrawn = live_plan(world, today() - timedelta(days=1))
    Plan.objects.filter(pk=withdrawn.pk).update(status="withdrawn")

    mine = [
        item
        for item in my_work(world.users["pastoral"], today())
        if item.kind == "Plan review"
    ]
    assert summary(mine) == [
        ("Plan review", overdue.case.pupil.display_name, overdue.next_review_on, True),
        ("Plan review", soon.case.pupil.display_name, soon.next_review_on, False),
    ]
    assert [item.url for item in mine] == [
        overdue.get_absolute_url(),
        soon.get_absolute_url(),
    ]
    # A plan with its own lead is theirs, not the case lead's.
    assert summary(my_work(world.users["lead"], today())) == [
        ("Plan review", led_by_lead.case.pupil.display_name, today(), False)
    ]
    assert my_work(world.users["officer"], today()) == []


def test_open_cases_quiet_for_28_days_are_listed_for_their_lead(world):
    with days_ago(40):
        quiet = led_case(world)
    with days_ago(28):
        just_quiet = led_case(world)
    with days_ago(27):
        led_case(world)  # not quiet yet
    with days_ago(60):
        led_case(world, lead="officer")  # someone else's
        closed = led_case(world)
        closed = world.step(closed, "close", "lead", closure_reason="improved")

    items = my_work(world.users["pastoral"], today())

    assert summary(items) == [
        (
            "Case with no recent activity",
            quiet.pupil.display_name,
            today() - timedelta(days=12),
            True,
        ),
        ("Case with no recent activity", just_quiet.pupil.display_name, today(), False),
    ]
    assert items[0].url == quiet.get_absolute_url()
    assert items[1].status(today()) == "Due today"


def test_shares_ending_within_a_week_are_listed_for_the_dsl_and_the_grantee(world):
    note = add_note(world, text=NOTE_TEXT)
    share(world, note, "lead", days=3)
    share(world, note, "pastoral", days=7)
    share(world, note, "officer", days=20)  # not yet
    pupil = note.pupil.display_name

    dsl_items = my_work(world.users["dsl"], today())
    assert summary(dsl_items) == [
        ("Restricted record: share ending", pupil, today() + timedelta(days=3), False),
        ("Restricted record: share ending", pupil, today() + timedelta(days=7), False),
    ]
    assert [item.detail for item in dsl_items] == [
        "Shared with Test Lead",
        "Shared with Test Pastoral",
    ]
    assert summary(my_work(world.users["lead"], today())) == [
        ("Restricted record: share ending", pupil, today() + timedelta(days=3), False)
    ]
    assert my_work(world.users["officer"], today()) == []
    # Nobody else learns of the record: not the head, not another school's DSL.
    assert my_work(world.users["head"], today()) == []
    assert my_work(world.users["far_dsl"], today()) == []
    every_text = " ".join(
        f"{i.kind} {i.what} {i.detail} {i.pupil}"
        for who in ("dsl", "lead", "pastoral")
        for i in my_work(world.users[who], today())
    )
    assert NOTE_TEXT not in every_text


def test_a_share_that_no_longer_lets_its_grantee_read_is_not_listed(world):
    note = add_note(world, text=NOTE_TEXT)
    share(world, note, "lead", days=3)
    world.users["lead"].is_active = False
    world.users["lead"].save()  # lapses the share

    assert my_work(world.users["lead"], today()) == []
    assert my_work(world.users["dsl"], today()) == []


def test_a_child_protection_file_to_send_is_listed_for_the_previous_schools_dsl(
    world,
):
    pupil = world.pupil()
    with days_ago(10):
        pupil_move(
            pupil=pupil, to_school=world.sibling_school, joined_on=today(), by=None
        )
    items = my_work(world.users["dsl"], today())
    assert [(i.kind, i.pupil, i.overdue) for i in items] == [
        ("Child-protection file to send", pupil.display_name, True)
    ]
    assert my_work(world.users["far_dsl"], today()) == []
    assert my_work(world.users["lead"], today()) == []


# --- Scope -------------------------------------------------------------------


def test_nothing_is_listed_about_cases_the_user_cannot_see(world):
    plan = live_plan(world, today() - timedelta(days=3))
    with days_ago(40):
        quiet = led_case(world)
    outsider = world.users["sibling_lead"]
    # Made the lead of both, which the services would refuse: the list must
    # still not show another school's cases.
    Case.objects.filter(pk__in=[plan.case_id, quiet.pk]).update(
        lead_practitioner=outsider
    )
    Plan.objects.filter(pk=plan.pk).update(lead_practitioner=outsider)

    assert my_work(outsider, today()) == []
    assert my_work(world.users["other_la"], today()) == []


def test_an_inactive_or_anonymous_user_has_no_work(world):
    live_plan(world, today() - timedelta(days=3))
    assert my_work(AnonymousUser(), today()) == []
    world.users["pastoral"].is_active = False
    assert my_work(world.users["pastoral"], today()) == []


# --- The dashboard ------------------------------------------------------------


def test_the_dashboard_lists_my_work_with_overdue_in_words(world, client):
    plan = live_plan(world, today() - timedelta(days=3))
    client.force_login(world.users["pastoral"])
    page = client.get(reverse("portal:dashboard")).content.decode()
    assert "My work" in page
    assert plan.get_absolute_url() in page
    assert "Overdue</strong>" in page

    client.force_login(world.users["officer"])
    page = client.get(reverse("portal:dashboard")).content.decode()
    assert plan.get_absolute_url() not in page
    assert "Nothing of yours is due" in page


def test_every_listed_item_opens_for_its_user(world, client):
    live_plan(world, today() - timedelta(days=3))
    with days_ago(40):
        led_case(world)
    note = add_note(world, text=NOTE_TEXT)
    share(world, note, "pastoral", days=2)
    with days_ago(2):
        pupil_move(
            pupil=world.pupil(),
            to_school=world.sibling_school,
            joined_on=today(),
            by=None,
        )
    opened = []
    for who in ("pastoral", "dsl"):
        client.force_login(world.users[who])
        for item in my_work(world.users[who], today()):
            assert client.get(item.url).status_code == 200, (who, item)
            opened.append(item.kind)
    assert sorted(set(opened)) == [
        "Case with no recent activity",
        "Child-protection file to send",
        "Plan review",
        "Restricted record: share ending",
    ]


def _dashboard_queries(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("portal:dashboard"))
    assert response.status_code == 200
    return len(queries)


def _add_work(w: World, count: int) -> None:
    for _ in range(count):
        live_plan(w, today() - timedelta(days=1))
        with days_ago(40):
            led_case(w)
        note = add_note(w)
        share(w, note, "pastoral", days=3)


def _bulk_work(w: World, count: int) -> None:
    """``count`` quiet cases led by pastoral, each with a live plan past its
    review, written straight to the tables: through the services, 200 would
    take minutes."""
    officer, pastoral = w.users["officer"], w.users["pastoral"]
    long_ago = timezone.now() - timedelta(days=40)
    cases = Case.objects.bulk_create(
        Case(
            pupil=pupil,
            school=w.school,
            stage=Stage.EARLY_HELP,
            lead_practitioner=pastoral,
            opened_by=officer,
            opened_at=long_ago,
            episode_started_at=long_ago,
        )
        for pupil in PupilFactory.create_batch(count, school=w.school)
    )
    Plan.objects.bulk_create(
        Plan(
            case=case,
            kind="early_help",
            status="active",
            next_review_on=today() - timedelta(days=1),
            created_by=officer,
        )
        for case in cases
    )


def test_the_dashboard_runs_the_same_queries_however_much_work_there_is(world, client):
    user = world.users["pastoral"]
    _add_work(world, 2)
    _bulk_work(world, 10)
    assert len(my_work(user, today())) == 2 * 3 + 10 * 2
    few = _dashboard_queries(client, user)
    _add_work(world, 3)
    _bulk_work(world, 190)
    assert len(my_work(user, today())) == 5 * 3 + 200 * 2
    assert _dashboard_queries(client, user) == few


# --- The daily email: opting in ------------------------------------------------


def test_the_daily_email_is_turned_on_and_off_from_the_dashboard(world, client):
    user = world.users["pastoral"]
    client.force_login(user)
    url = reverse("portal:work_digest")

    response = client.post(url, {"daily_email": "on"})
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:dashboard") + "#my-work-heading"
    assert WorkDigestSubscription.objects.filter(user=user).count() == 1
    client.post(url, {"daily_email": "on"})  # again: still one
    assert WorkDigestSubscription.objects.filter(user=user).count() == 1
    page = client.get(reverse("portal:dashboard")).content.decode()
    assert "Stop the daily email" in page

    client.post(url, {"daily_email": "off"})
    assert not WorkDigestSubscription.objects.filter(user=user).exists()
    page = client.get(reverse("portal:dashboard")).content.decode()
    assert "Email me this list daily" in page


def test_bad_input_to_the_daily_email_switch_changes_nothing(world, client):
    user = world.users["pastoral"]
    client.force_login(user)
    url = reverse("portal:work_digest")
    assert client.get(url).status_code == 405
    for data in ({}, {"daily_email": "sometimes"}, {"daily_email": ["on", "x"]}):
        response = client.post(url, data, follow=True)
        assert response.redirect_chain == [
            (reverse("portal:dashboard") + "#my-work-heading", 302)
        ]
        assert [str(m) for m in response.context["messages"]] == [
            "Choose whether to turn the daily email on or off."
        ]
    assert not WorkDigestSubscription.objects.exists()


def test_a_user_without_an_email_address_is_told_so(world, client):
    user = world.users["officer"]
    user.email = ""
    user.save()
    client.force_login(user)
    response = client.post(reverse("portal:work_digest"), {"daily_email": "on"})
    assert "no email address" in str(list(get_messages(response.wsgi_request))[0])


# --- The daily email: the command ---------------------------------------------


class FailsForOneAddress(EmailBackend):
    """The locmem backend, refusing one address as a broken mail server would."""

    def send_messages(self, messages):
        if any("lead@" in to for message in messages for to in message.to):
            raise ConnectionError("mail server refused")
        return super().send_messages(messages)


def subscribe(*users):
    for user in users:
        WorkDigestSubscription.objects.create(user=user)


def run_command() -> str:
    out = StringIO()
    call_command("send_work_digests", stdout=out, stderr=out)
    return out.getvalue()


def test_the_command_emails_each_subscriber_with_work_due_once_a_day(world, settings):
    settings.PORTAL_BASE_URL = BASE_URL
    plan = live_plan(world, today() - timedelta(days=3))
    note = add_note(world, text=NOTE_TEXT)
    share(world, note, "pastoral", days=2)
    share(world, note, "officer", days=2)  # officer has work but did not opt in
    inactive = _user("t.gone", "Gone Away")
    membership_add(user=inactive, organisation=world.school, role=SchoolRole.DSL)
    inactive.email = "gone@school.example.org"
    inactive.is_active = False
    inactive.save()
    subscribe(world.users["pastoral"], world.users["dsl"], world.users["head"])
    subscribe(inactive)

    output = run_command()

    assert sorted(message.to[0] for message in mail.outbox) == [
        "dsl@school.example.org",
        "pastoral@school.example.org",
    ]
    assert "t.head: nothing due, no email sent" in output
    assert "t.gone: skipped, account inactive" in output
    body = next(m.body for m in mail.outbox if m.to == ["pastoral@school.example.org"])
    assert f"{BASE_URL}{plan.get_absolute_url()}" in body
    assert f"{BASE_URL}{note.get_absolute_url()}" in body
    assert "1. Overdue: Plan review, " + plan.case.pupil.display_name in body
    for message in mail.outbox:
        assert NOTE_TEXT not in message.body + message.subject
        assert "Test Officer" not in message.body  # whom a record is shared with

    output = run_command()  # the same day again
    assert len(mail.outbox) == 2
    assert "t.pastoral: skipped, already sent today" in output

    with time_machine.travel(timezone.now() + timedelta(days=1)):
        run_command()
    assert len(mail.outbox) == 4


def test_one_failed_email_does_not_stop_the_others(world, settings):
    settings.PORTAL_BASE_URL = BASE_URL
    settings.EMAIL_BACKEND = "tests.portal.test_my_work.FailsForOneAddress"
    live_plan(world, today() - timedelta(days=3), lead=world.users["lead"])
    live_plan(world, today() - timedelta(days=3))
    subscribe(world.users["lead"], world.users["pastoral"])

    with pytest.raises(CommandError, match="1 daily work email"):
        run_command()

    assert [message.to for message in mail.outbox] == [["pastoral@school.example.org"]]
    # The failed one is tried again on the next run.
    assert (
        WorkDigestSubscription.objects.get(user=world.users["lead"]).last_sent_on
        is None
    )


def test_htmx_turns_the_daily_email_on_and_gets_the_switch_back(world, client):
    user = world.users["pastoral"]
    client.force_login(user)
    response = client.post(
        reverse("portal:work_digest"),
        {"daily_email": "on"},
        headers={"HX-Request": "true", "HX-Target": "work-digest"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="work-digest">')
    assert "The daily email is on" in page
    assert "Stop the daily email" in page
    assert WorkDigestSubscription.objects.filter(user=user).count() == 1
    # Nothing left over for the next full page.
    dashboard = client.get(reverse("portal:dashboard"))
    assert list(dashboard.context["messages"]) == []
