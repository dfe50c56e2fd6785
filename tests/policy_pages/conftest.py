"""Fixtures for the public site's tests: demo pages, and small test policies."""

from datetime import date, time, timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from policy_pages.models import (
    AttendancePolicyPage,
    LandingPage,
    PolicyContact,
    SchoolHomePage,
)
from schools.models import School
from tests.factories import SchoolFactory

CHAUCER_URN = "900001"
WOOLWICH_URN = "900002"


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Rendered pages from one test must not be served in another."""
    cache.clear()
    yield
    cache.clear()


def demo_policy(urn: str) -> AttendancePolicyPage:
    home = SchoolHomePage.objects.get(school__urn=urn)
    return AttendancePolicyPage.objects.child_of(home).get()


@pytest.fixture
def chaucer_policy(db) -> AttendancePolicyPage:
    return demo_policy(CHAUCER_URN)


@pytest.fixture
def woolwich_policy(db) -> AttendancePolicyPage:
    return demo_policy(WOOLWICH_URN)


def section_value(number: int) -> tuple:
    return (
        "section",
        {
            "heading": f"{number}. Section {number}",
            "content": [
                ("paragraph", f"<p>Text of section {number}.</p>"),
                ("subheading", f"{number}.1 A part"),
                (
                    "paragraph",
                    '<p>Write to <a href="mailto:office@example.org">the office'
                    '</a> or see <a href="https://example.org/">the site</a>.</p>',
                ),
            ],
        },
    )


@pytest.fixture
def make_policy(db):
    """A published school home page and policy page for a new test school."""

    def make(
        *,
        sections: int = 2,
        contacts: int = 2,
        review_date: date | None = None,
        school: School | None = None,
        slug: str | None = None,
    ) -> AttendancePolicyPage:
        school = school or SchoolFactory()
        landing = LandingPage.objects.get()
        home = landing.add_child(
            instance=SchoolHomePage(
                title=school.name,
                slug=slug or f"school-{school.urn}",
                school=school,
                body=[("school_contacts", {"heading": "Who to contact"})],
            )
        )
        home.save_revision().publish()
        today = timezone.localdate()
        page = AttendancePolicyPage(
            title="Attendance policy",
            slug="attendance-policy",
            date_of_issue=today - timedelta(days=200),
            review_date=review_date or today + timedelta(days=165),
            day_starts=time(8, 30),
            am_register_opens=time(8, 40),
            am_register_closes=time(9, 0),
            absence_report_by=time(8, 15),
            absence_phone="020 7946 0000",
            absence_email="attendance@example.org",
            absence_how="<p>Phone the office on the first day.</p>",
            leave_how="<p>Ask the headteacher in writing.</p>",
            body=[section_value(number) for number in range(1, sections + 1)],
        )
        page.contacts = [
            PolicyContact(
                role=f"Role {number}",
                name=f"Person {number}",
                phone="020 7946 0000",
                email=f"person{number}@example.org",
            )
            for number in range(1, contacts + 1)
        ]
        home.add_child(instance=page)
        page.save_revision().publish()
        return AttendancePolicyPage.objects.get(pk=page.pk)

    return make
