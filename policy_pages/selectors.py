"""Reads for the public pages and the admin panel. Public pages only: no pupil data."""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest
from wagtail.models import Page, Site
from wagtail.permission_policies.pages import PagePermissionPolicy

from attendance.codes import CODES, AttendanceCode, Category, Outcome
from policy_pages.review import ReviewStatus

# How each outcome reads to a parent.
OUTCOME_LABELS = {
    Outcome.ATTENDED: "Present",
    Outcome.AUTHORISED: "Authorised absence",
    Outcome.UNAUTHORISED: "Unauthorised absence",
    Outcome.NOT_POSSIBLE: "Not counted as a possible session",
}


@dataclass(frozen=True)
class CodeRow:
    code: str
    meaning: str
    counts_as: str


@dataclass(frozen=True)
class CodeGroup:
    category: Category
    rows: tuple[CodeRow, ...]


def codes_appendix(codes: tuple[AttendanceCode, ...] = CODES) -> list[CodeGroup]:
    """The national code table grouped by category, in the table's own order."""
    groups: dict[Category, list[CodeRow]] = {}
    for code in codes:
        groups.setdefault(code.category, []).append(
            CodeRow(code.code, code.meaning, OUTCOME_LABELS[code.outcome])
        )
    return [CodeGroup(category, tuple(rows)) for category, rows in groups.items()]


@dataclass(frozen=True)
class Breadcrumb:
    title: str
    url: str


def breadcrumbs_for(*, page: Page, request: HttpRequest) -> list[Breadcrumb]:
    """The page's ancestors inside the request's site, outermost first (one query).

    On a site whose root is a school's home page the trail starts there, so it
    never links to another site.
    """
    site = Site.find_for_request(request)
    if site is None:
        return []
    root_path = next(
        (
            root.root_path
            for root in Site.get_site_root_paths()
            if root.site_id == site.pk
        ),
        None,
    )
    if root_path is None or not page.url_path.startswith(root_path):
        return []
    ancestors = page.get_ancestors().filter(url_path__startswith=root_path, live=True)
    return [
        Breadcrumb(ancestor.title, ancestor.get_url(request=request))
        for ancestor in ancestors
    ]


def school_home_for(page: Page):
    """The school home page at or above ``page``, with its school (one query)."""
    from policy_pages.models import SchoolHomePage

    return (
        SchoolHomePage.objects.ancestor_of(page, inclusive=True)
        .select_related("school")
        .first()
    )


def live_policy_for(home: Page):
    """The live, public attendance policy page under a school home page."""
    from policy_pages.models import AttendancePolicyPage

    return AttendancePolicyPage.objects.child_of(home).live().public().first()


def school_contacts_for_page(*, page: Page) -> list:
    """The contacts on the live policy of the school that ``page`` belongs to."""
    home = school_home_for(page)
    policy = live_policy_for(home) if home is not None else None
    return list(policy.contacts.all()) if policy is not None else []


@dataclass(frozen=True)
class OverdueReview:
    page: Page
    school_name: str
    review: ReviewStatus


def overdue_policies(*, user: AbstractBaseUser, today: date) -> list[OverdueReview]:
    """Live policies past their review date that ``user`` may edit, oldest first."""
    from policy_pages.models import AttendancePolicyPage

    editable = PagePermissionPolicy().instances_user_has_any_permission_for(
        user, ["change", "publish"]
    )
    candidates = (
        AttendancePolicyPage.objects.live()
        .filter(pk__in=editable.values("pk"), review_date__lt=today)
        .order_by("review_date", "title")
    )
    overdue = []
    for policy in candidates:
        review = policy.review(today=today)
        if review.overdue:
            home = school_home_for(policy)
            name = home.school.name if home is not None else policy.title
            overdue.append(OverdueReview(policy, name, review))
    return overdue


def school_names_for(pages: list[Page]) -> dict[int, str]:
    """The school each page belongs to, by page id, in one query."""
    from policy_pages.models import SchoolHomePage

    steplen = Page.steplen
    prefixes = {
        page.path[:end]
        for page in pages
        for end in range(steplen, len(page.path) + 1, steplen)
    }
    homes = SchoolHomePage.objects.filter(path__in=prefixes).select_related("school")
    names = {}
    for page in pages:
        for home in homes:
            if page.path.startswith(home.path):
                names[page.pk] = home.school.name
    return names


def search_public_pages(*, site: Site | None, query: str):
    """Live, public pages of ``site`` matching ``query``, best match first."""
    pages = Page.objects.live().public()
    if site is not None:
        pages = pages.in_site(site)
    return pages.search(query)
