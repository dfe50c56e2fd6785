"""The notice pages as their users use them, and as everyone who must not see
them: 404 on every notice URL, nothing written, and a fixed number of queries
however many notices a case has."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import CaseEvent
from contracts import notice_services as services
from contracts.models import NoticeToImprove, PenaltyNotice
from contracts.notice_enums import PenaltyNoticeStatus
from tests.cases.test_access import OUTSIDERS
from tests.contracts.test_penalty_notices import REQUEST, issue, request
from tests.portal.test_access import portal_url_names

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

NOTICE_URLS = {
    "notices",
    "notice_to_improve_new",
    "notice_to_improve",
    "notice_to_improve_letter",
    "penalty_notice_new",
    "penalty_notice",
    "penalty_notice_action",
}


def nti(n, parent=None, by="lead"):
    return services.notice_to_improve_issue(
        case=n.case,
        parent=parent or n.mother,
        by=n.users[by],
        goal_kind="attendance_at_least",
        goal_value=Decimal("92"),
        support_so_far="Meetings and a plan.",
        further_support="A mentor.",
    )


def _requests(case, improve, penalty):
    ids = {"pk": case.pk}
    yield "notices", ids, None
    yield "notice_to_improve_new", ids, {"parent": improve.parent_id}
    yield "notice_to_improve", {**ids, "notice_pk": improve.pk}, {"reason": "x"}
    yield "penalty_notice_new", ids, {"parent": penalty.parent_id, **REQUEST}
    yield "penalty_notice", {**ids, "notice_pk": penalty.pk}, None
    yield (
        "notice_to_improve_letter",
        {**ids, "notice_pk": improve.pk},
        {},
    )
    for action in ("issue", "decline", "letter"):
        yield (
            "penalty_notice_action",
            {**ids, "notice_pk": penalty.pk, "action": action},
            {"issued_on": "2026-11-20", "served_how": "by_hand", "note": "x"},
        )


def _written(case):
    return (
        CaseEvent.objects.filter(case=case).count(),
        NoticeToImprove.objects.filter(case=case).count(),
        list(PenaltyNotice.objects.filter(case=case).values_list("status", flat=True)),
    )


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_outsiders_get_404_on_every_notice_url(notices, client, outsider):
    from cases import services as case_services

    case = notices.case
    improve = nti(notices)
    penalty = request(notices)
    # Unshared, the LA's own staff are outsiders too.
    case_services.case_unshare(case=case, by=notices.users["lead"], with_la_team=True)
    before = _written(case)
    client.force_login(notices.users[outsider])
    visited = set()
    for name, kwargs, post in _requests(case, improve, penalty):
        url = reverse(f"portal:contracts:{name}", kwargs=kwargs)
        response = client.get(url)
        assert response.status_code in (404, 405), (outsider, "get", url)
        if post is not None:
            assert client.post(url, post).status_code == 404, (outsider, "post", url)
        visited.add(f"portal:contracts:{name}")
    assert {f"portal:contracts:{n}" for n in NOTICE_URLS} <= visited
    contract_urls = {n for n in portal_url_names() if n.startswith("portal:contracts:")}
    assert {n for n in contract_urls if "notice" in n} <= visited
    assert _written(case) == before


def _text(response) -> str:
    from bs4 import BeautifulSoup

    return " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


def test_lead_requests_with_the_checks_and_the_la_issues_through_the_pages(
    notices, client
):
    case = notices.case
    client.force_login(notices.users["lead"])
    url = reverse("portal:contracts:penalty_notice_new", kwargs={"pk": case.pk})
    page = client.get(url, {"parent": notices.mother.pk, "kind": "attendance"})
    assert page.status_code == 200
    assert "12 unauthorised sessions in the last 10 school weeks" in _text(page)
    response = client.post(url, {"parent": notices.mother.pk, **REQUEST})
    notice = PenaltyNotice.objects.get(case=case)
    assert response["Location"] == notice.get_absolute_url()

    client.force_login(notices.users["la"])
    action = reverse(
        "portal:contracts:penalty_notice_action",
        kwargs={"pk": case.pk, "notice_pk": notice.pk, "action": "issue"},
    )
    response = client.post(
        action, {"issued_on": "2026-11-20", "served_how": "post", "note": ""}
    )
    assert response.status_code == 302
    page = _text(client.get(notice.get_absolute_url()))
    assert (
        "Payment: £80 if paid by 15 December 2026 (25 days left); £160 by "
        "22 December 2026." in page
    )
    assert "deemed, 2 working days after posting" in page
    case_page = _text(client.get(case.get_absolute_url()))
    assert "Penalty notice to Ms Dana Okafor: issued." in case_page


def test_a_third_notice_is_refused_on_the_page_with_the_reason(notices, client):
    issue(notices, request(notices), issued_on=date(2025, 1, 6))
    issue(notices, request(notices), issued_on=date(2025, 9, 8))
    client.force_login(notices.users["lead"])
    url = reverse("portal:contracts:penalty_notice_new", kwargs={"pk": notices.case.pk})
    page = _text(client.get(url, {"parent": notices.mother.pk, "kind": "attendance"}))
    assert "Stops the request." in page
    assert "so a third may not be issued" in page
    assert "Send the request" not in page
    response = client.post(url, {"parent": notices.mother.pk, **REQUEST})
    assert response.status_code == 200
    assert "so a third may not be issued" in _text(response)
    assert PenaltyNotice.objects.filter(case=notices.case).count() == 2


def test_the_list_and_case_page_queries_do_not_grow_with_notices(notices, client):
    client.force_login(notices.users["la"])
    urls = [
        reverse("portal:contracts:notices", kwargs={"pk": notices.case.pk}),
        notices.case.get_absolute_url(),
    ]

    def counts():
        result = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result.append(len(queries))
        return result

    nti(notices)
    issue(notices, request(notices))
    few = counts()
    nti(notices, parent=notices.father)
    issue(notices, request(notices, parent=notices.father))
    issue(notices, request(notices, kind="exclusion"))
    services.penalty_notice_decline(
        notice=request(notices, parent=notices.father, kind="exclusion"),
        by=notices.users["la"],
        note="Not needed.",
    )
    assert PenaltyNotice.objects.filter(case=notices.case).count() == 4
    assert counts() == few
    issued = PenaltyNotice.objects.filter(
        case=notices.case, status=PenaltyNoticeStatus.ISSUED
    )
    assert issued.count() == 3


def test_each_notice_becomes_a_letter_to_its_parent(
    notices, client, settings, tmp_path
):
    from letters.models import SentLetter

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    improve = nti(notices)
    penalty = issue(notices, request(notices, parent=notices.father))
    client.force_login(notices.users["lead"])
    response = client.post(
        reverse(
            "portal:contracts:notice_to_improve_letter",
            kwargs={"pk": notices.case.pk, "notice_pk": improve.pk},
        )
    )
    letter = SentLetter.objects.get(recipient=notices.mother)
    assert response["Location"] == reverse(
        "portal:letters:letter", kwargs={"pk": notices.case.pk, "letter_pk": letter.pk}
    )
    assert letter.subject.startswith("Notice to improve: ")
    client.force_login(notices.users["la"])
    client.post(
        reverse(
            "portal:contracts:penalty_notice_action",
            kwargs={"pk": notices.case.pk, "notice_pk": penalty.pk, "action": "letter"},
        )
    )
    letter = SentLetter.objects.get(recipient=notices.father)
    assert letter.subject.startswith("Penalty notice: ")
    # The school may not write the LA's penalty notice letter.
    client.force_login(notices.users["lead"])
    response = client.post(
        reverse(
            "portal:contracts:penalty_notice_action",
            kwargs={"pk": notices.case.pk, "notice_pk": penalty.pk, "action": "letter"},
        )
    )
    assert response.status_code == 403
    assert SentLetter.objects.filter(case=notices.case).count() == 2
