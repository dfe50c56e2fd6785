"""The demo's public Wagtail site.

One site: a LandingPage at the root, then a SchoolHomePage per demo secondary
school (``/chaucer/``, ``/woolwich/``) with the school's published attendance
policy under it (``/chaucer/attendance-policy/``). Each school gets an editor
group with page permissions on its own subtree only, and one demo editor user
(``editor.chaucer``, ``editor.woolwich``).

Idempotent: pages are created only when missing and never overwritten, so
running the loader again keeps whatever editors have changed; groups and
permissions are put right.
"""

import os

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from wagtail.models import Locale, Page, Site

from demo.authenticator import demo_authenticator_ensure
from demo.organisations import SCHOOLS
from demo.policies import SchoolPolicy, policy_load
from policy_pages.models import (
    AttendancePolicyPage,
    LandingPage,
    LinkedPolicy,
    PolicyContact,
    PolicyVersion,
    SchoolHomePage,
)
from policy_pages.services import school_editors_ensure
from schools.models import School

LANDING_TITLE = "School attendance: policies and contacts"
LANDING_INTRODUCTION = (
    "<p>Each school's attendance policy, who to contact, and how to report an "
    "absence.</p>"
)
DEMO_POLICIES = (policy_load("chaucer"), policy_load("woolwich"))
# Invented people: the demo editors of each school's pages.
SCHOOL_EDITORS = {
    "chaucer": ("editor.chaucer", "Nadia", "Hussain"),
    "woolwich": ("editor.woolwich", "Owen", "Price"),
}


def site_ensure(password: str | None = None) -> LandingPage:
    """Build the demo site and its school editors; returns the landing page.

    ``password`` is for new editor users. Without one it is read as load_demo
    reads it: ``DEMO_PASSWORD``, or the demo default.
    """
    with transaction.atomic():
        landing = _landing_ensure()
        for policy in DEMO_POLICIES:
            school = _school(policy.school_key)
            home = school_home_ensure(landing=landing, school=school, policy=policy)
            policy_page_ensure(home=home, policy=policy)
            group = school_editors_ensure(school=school, home_page=home)
            _editor_ensure(policy.school_key, group, password)
    return landing


def _landing_ensure() -> LandingPage:
    """Make a LandingPage the default site's root, replacing Wagtail's welcome page."""
    root = Page.get_first_root_node()
    if root is None:
        locale = (
            Locale.get_default()
            if Locale.objects.exists()
            else Locale.objects.create(language_code="en")
        )
        root = Page.add_root(title="Root", slug="root", locale=locale)
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None and isinstance(site.root_page.specific, LandingPage):
        return site.root_page.specific
    landing = LandingPage.objects.child_of(root).first()
    if landing is None:
        landing = root.add_child(
            instance=LandingPage(
                title=LANDING_TITLE, slug="schools", introduction=LANDING_INTRODUCTION
            )
        )
        landing.save_revision().publish()
    previous_root = site.root_page if site is not None else None
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=landing, is_default_site=True
        )
    else:
        site.root_page = landing
        site.save()
    # Wagtail's placeholder "Welcome to your new Wagtail site!" page goes.
    if previous_root is not None and previous_root.specific_class is Page:
        previous_root.delete()
    return landing


def _school(key: str) -> School:
    demo = next(demo for demo in SCHOOLS if demo.key == key)
    return School.objects.get(urn=demo.urn)


def school_home_ensure(
    *, landing: LandingPage, school: School, policy: SchoolPolicy
) -> SchoolHomePage:
    """The school's home page under the landing page, published if new."""
    home = SchoolHomePage.objects.child_of(landing).filter(school=school).first()
    if home is not None:
        return home
    home = landing.add_child(
        instance=SchoolHomePage(
            title=school.name,
            slug=policy.school_key,
            school=school,
            introduction=policy.home_introduction,
            body=[("school_contacts", {"heading": "Who to contact"})],
        )
    )
    home.save_revision().publish()
    return home


def policy_page_ensure(
    *, home: SchoolHomePage, policy: SchoolPolicy
) -> AttendancePolicyPage:
    """The school's published policy under its home page, published if new."""
    existing = AttendancePolicyPage.objects.child_of(home).first()
    if existing is not None:
        return existing
    page = AttendancePolicyPage(
        title=policy.title,
        slug=policy.slug,
        introduction=policy.introduction,
        date_of_issue=policy.date_of_issue,
        last_reviewed=policy.last_reviewed,
        review_date=policy.review_date,
        date_precision=policy.date_precision,
        responsible_committee=policy.responsible_committee,
        target_audience=policy.target_audience,
        school_day_note=policy.school_day_note,
        absence_report_by=policy.absence_report_by,
        absence_phone=policy.absence_phone,
        absence_email=policy.absence_email,
        absence_how=policy.absence_how,
        leave_how=policy.leave_how,
        body=policy.sections,
        escalation_introduction=policy.escalation_introduction,
        **policy.school_day,
    )
    if policy.escalation is not None:
        page.escalation = policy.escalation
    page.contacts = [
        PolicyContact(
            role=contact.role,
            name=contact.name,
            phone=contact.phone,
            email=contact.email,
            website=contact.website,
        )
        for contact in policy.contacts
    ]
    page.versions = [
        PolicyVersion(
            version=version.version,
            section=version.section,
            amendments=version.amendments,
            date=version.date,
            author=version.author,
        )
        for version in policy.versions
    ]
    page.linked_policies = [
        LinkedPolicy(title=linked.title, link_url=linked.url)
        for linked in policy.linked_policies
    ]
    # Validate as the editor would be validated: the demo obeys the same rules.
    for child in (*page.contacts.all(), *page.versions.all()):
        child.full_clean(exclude=["page"])
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def _editor_ensure(key: str, group, password: str | None) -> None:
    """The school's demo editor, in its editor group only; new users get a password."""
    username, first_name, last_name = SCHOOL_EDITORS[key]
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "email": f"{username}@example.org",
        },
    )
    if created:
        password = password or _demo_password()
        validate_password(password)
        user.set_password(password)
        user.save(update_fields=["password"])
    demo_authenticator_ensure(user)
    user.groups.add(group)


def _demo_password() -> str:
    # Imported here: the command module imports this one.
    from demo.management.commands.load_demo import DEFAULT_DEMO_PASSWORD

    return os.environ.get("DEMO_PASSWORD", DEFAULT_DEMO_PASSWORD)
