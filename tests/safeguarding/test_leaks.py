"""Restricted safeguarding content reaches only its readers, and hints at nothing.

Two sweeps over the whole project, on the session's demo data:

* The leak test plants a unique canary in every encrypted field of fresh
  restricted items, then requests every URL the project has (the portal's URL
  conf walked, every argument filled with real primary keys, htmx variants,
  filters, exports, searches, the Wagtail admin and the public site) as every
  demo user, the Wagtail editor, a superuser with no memberships and an
  anonymous visitor. The canary may appear only where
  ``safeguarding.permissions.readable_items`` says the user may read the item,
  and then only with a new access-log row for that user and that item, written
  by that request. It must never be stored in clear, nor logged. The sweep is
  one test per user, so pytest-xdist can share the users among its workers.
* The no-hint test renders the pages a non-reader sees of a pupil and their
  case before and after a DSL adds restricted records there: statuses, bodies
  and headers must not change, and the case's last activity and the overdue
  filter must not move. One test per non-reader, and one for the positive
  controls (the DSL's pages and a visible event do change what is seen).
"""

import importlib
import inspect
import itertools
import logging
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, time, timedelta
from difflib import unified_diff
from functools import cache
from urllib.parse import urlencode

import django.test.client
import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, models, transaction
from django.db.models import Max
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone

from attendance.models import RegisterMark
from cases import services as case_services
from cases.enums import EventKind, Stage
from cases.models import Case, CaseEvent
from cases.selectors import visible_cases, with_last_event
from cases.views import ACTIONS
from demo.users import DEMO_USERS, EDITOR_USERNAME
from safeguarding import services
from safeguarding.enums import (
    LinkedSystem,
    NoteCategory,
    PlanStatus,
    SafeguardingEventKind,
)
from safeguarding.models import (
    AccessLogEntry,
    RestrictedItem,
    RestrictedItemGrant,
    RestrictedItemRevision,
    RestrictedLink,
    RestrictedNote,
)
from safeguarding.permissions import dsl_school_ids, readable_items
from schools.enums import SchoolRole
from schools.models import Pupil, School
from schools.services import membership_add
from tests.portal.test_access import portal_url_names

pytestmark = [pytest.mark.integration, pytest.mark.django_db, pytest.mark.sweep]

DSL = "dsl.chaucer"
SHARED_WITH = "la.sheffield"
SUPERUSER = "leaks.superuser"
# A former member of chaucer whose role was taken away behind the services'
# back (the membership row deleted in SQL: no hook ran, so the share and the
# role group membership are still there), and a member whose share expired.
FORMER = "leaks.former"
LAPSED = "leaks.lapsed"
ANONYMOUS = "(anonymous)"

# What the canary is followed by in each encrypted value, and what to call the
# field in a failure. No tag is a prefix of another, so each is found alone.
FIELDS = {
    "casenote-text": ("case_note", "note text"),
    "casenote-earlier": ("case_note", "note text, earlier version (revision)"),
    "link-reference": ("case_link", "link reference"),
    "link-url": ("case_link", "link web address"),
    "link-worker": ("case_link", "link social worker"),
    "link-contact": ("case_link", "link social worker's contact"),
    "link-system": ("case_link", "link system name"),
    "pupilnote-text": ("pupil_note", "note text (pupil without a case)"),
}
ENCRYPTED_COLUMNS = [
    (RestrictedNote, "text"),
    (RestrictedLink, "system_name"),
    (RestrictedLink, "reference"),
    (RestrictedLink, "url"),
    (RestrictedLink, "social_worker_name"),
    (RestrictedLink, "social_worker_contact"),
    (RestrictedItemRevision, "previous"),
]
ADMIN_AND_PUBLIC = ["/cms/", "/cms/pages/", "/cms/snippets/", "/cms/users/", "/"]
SEARCHES = ["/cms/pages/search/", "/search/"]

# The URL namespaces of a case's pages: the case core, its plans and its voice.
CASE_URLS = (
    "portal:cases:",
    "portal:plans:",
    "portal:voice:",
    "portal:meetings:",
    "portal:letters:",
    "portal:contracts:",
    "portal:legal:",
)


@pytest.fixture
def client(client, monkeypatch):
    """The test client, less its copy of every template context of every
    response (``response.context``): the sweeps read only bodies and headers,
    and the copies took a tenth of their time."""
    monkeypatch.setattr(
        django.test.client, "store_rendered_templates", lambda *args, **kwargs: None
    )
    return client


# --- Requests --------------------------------------------------------------


@dataclass(frozen=True)
class Req:
    """One request: what it is for, and how to make it."""

    name: str
    method: str
    path: str
    query: tuple[tuple[str, str], ...] = ()
    headers: tuple[tuple[str, str], ...] = ()
    # A POST made only if the plain GET of the same path answered 405, that
    # is to a POST-only view.
    only_post_only: bool = False

    @property
    def url(self) -> str:
        return f"{self.path}?{urlencode(self.query)}" if self.query else self.path

    def send(self, client):
        if self.method == "post":
            return client.post(self.url, {}, headers=dict(self.headers))
        return client.get(self.url, headers=dict(self.headers))

    def swapped(self, old: str, new: str) -> "Req":
        """The same request with ``old`` replaced by ``new`` in its query."""
        query = tuple((k, v.replace(old, new)) for k, v in self.query)
        return replace(self, query=query)

    def sends(self, text: str) -> bool:
        return any(text in value for _, value in self.query)

    def __str__(self) -> str:
        hx = ", ".join(f"{k}: {v}" for k, v in self.headers)
        return f"{self.method.upper()} {self.url}" + (f" [{hx}]" if hx else "")


def get(name: str, path: str, query: dict | None = None) -> Req:
    return Req(name, "get", path, tuple((k, str(v)) for k, v in (query or {}).items()))


def htmx(req: Req, target: str = "") -> Req:
    """The request as htmx makes it, swapping ``target`` if given."""
    headers = [("HX-Request", "true")]
    if target:
        headers.append(("HX-Target", target))
    return replace(req, headers=tuple(headers))


@cache
def htmx_targets(path: str) -> tuple[str, ...] | None:
    """How the view behind ``path`` answers htmx: None if it does not look at
    htmx, else the HX-Target values it tests for ("" for HX-Request alone).

    Read from the source of the view and of the module's functions it calls,
    so a new htmx branch is swept without this file knowing of it.
    """
    view = inspect.unwrap(resolve(path).func)
    module = importlib.import_module(view.__module__)
    source = inspect.getsource(view) + "".join(
        inspect.getsource(helper)
        for name in view.__code__.co_names
        if inspect.isfunction(helper := getattr(module, name, None))
        and helper.__module__ == module.__name__
    )
    if "htmx" not in source:
        return None
    targets = tuple(sorted(set(re.findall(r'htmx\.target == "([^"]+)"', source))))
    return targets or ("",)


@cache
def portal_routes() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Every named portal URL with the names of its arguments, walked once."""
    routes = []

    def walk(patterns, namespace, params):
        for pattern in patterns:
            own = tuple(getattr(pattern.pattern, "converters", {}))
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace
                if inner:
                    inner = f"{namespace}:{inner}" if namespace else inner
                walk(pattern.url_patterns, inner or namespace, params + own)
            elif (
                isinstance(pattern, URLPattern)
                and pattern.name
                and (namespace or "").split(":")[0] == "portal"
            ):
                routes.append((f"{namespace}:{pattern.name}", params + own))

    walk(get_resolver().url_patterns, None, ())
    return tuple(sorted(routes))


# --- The planted canary ------------------------------------------------------


@dataclass(eq=False)  # hashed by identity: the sweep's requests are cached on it
class Planted:
    base: str  # in every encrypted value, followed by "-" and the field's tag
    decoy: str  # the same shape, stored nowhere: what an echoed query gives
    school: School
    other_school: School
    case: Case
    case_pupil: Pupil
    lone_pupil: Pupil  # has no case at all
    items: dict[str, RestrictedItem]
    grant_pk: int

    def marker(self, tag: str) -> str:
        return f"{self.base}-{tag}"

    @property
    def item_pks(self) -> list[int]:
        return sorted(item.pk for item in self.items.values())


def new_canary() -> str:
    return f"CANARY-{uuid.uuid4().hex}"


def users_by_name(*names: str) -> list:
    found = get_user_model().objects.in_bulk(names, field_name="username")
    return [found[name] for name in names]


def chaucer() -> School:
    (dsl,) = users_by_name(DSL)
    (school_pk,) = dsl_school_ids(dsl)
    return School.objects.get(pk=school_pk)


def plant(base: str) -> Planted:
    """Fresh restricted items at chaucer, written by its DSL through the services."""
    dsl, la = users_by_name(DSL, SHARED_WITH)
    school = chaucer()
    # A case the LA practitioner can see (shared with the LA team or by name),
    # so their case pages are part of the sweep too.
    case = (
        visible_cases(la)
        .filter(school=school)
        .exclude(stage=Stage.CLOSED)
        .select_related("pupil")
        .order_by("pk")
        .first()
    )
    assert case is not None, "The demo has no chaucer case shared with the LA."
    lone = (
        Pupil.objects.filter(school=school)
        .exclude(pk__in=Case.objects.values("pupil"))
        .order_by("pk")
        .first()
    )
    assert lone is not None, "The demo has no chaucer pupil without a case."

    def m(tag: str) -> str:
        return f"{base}-{tag}"

    note = services.note_create(
        pupil=case.pupil,
        case=case,
        by=dsl,
        category=NoteCategory.NEGLECT,
        text=f"First account: {m('casenote-earlier')}.",
    )
    # An edit keeps the earlier text in an encrypted revision: one more column.
    services.item_edit(
        item=note, by=dsl, changes={"text": f"Seen at the gate: {m('casenote-text')}."}
    )
    link = services.link_create(
        pupil=case.pupil,
        case=case,
        by=dsl,
        system=LinkedSystem.SOCIAL_CARE,
        system_name=m("link-system"),
        reference=m("link-reference"),
        url=f"https://canary.example/{m('link-url')}",
        social_worker_name=m("link-worker"),
        social_worker_contact=m("link-contact"),
        plan_status=PlanStatus.CHILD_IN_NEED,
    )
    grant = services.item_share(item=link, by=dsl, with_user=la)
    lone_note = services.note_create(
        pupil=lone,
        by=dsl,
        category=NoteCategory.CME,
        text=f"Home visit: {m('pupilnote-text')}.",
    )
    return Planted(
        base=base,
        decoy=new_canary(),
        school=school,
        other_school=School.objects.exclude(pk=school.pk).order_by("pk").first(),
        case=case,
        case_pupil=case.pupil,
        lone_pupil=lone,
        items={"case_note": note, "case_link": link, "pupil_note": lone_note},
        grant_pk=grant.pk,
    )


def ineligible_grantees(p: Planted) -> list:
    """FORMER and LAPSED (see above), each holding a share row that must not
    let them read."""
    dsl = users_by_name(DSL)[0]
    made = []
    for username, item in ((FORMER, "case_link"), (LAPSED, "case_note")):
        user = get_user_model().objects.create_user(username=username, password=None)
        membership_add(user=user, organisation=p.school, role=SchoolRole.PASTORAL_STAFF)
        services.item_share(item=p.items[item], by=dsl, with_user=user)
        made.append(user)
    former, lapsed = made
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM schools_staffmembership WHERE user_id = %s", [former.pk]
        )
    assert former.groups.exists()
    RestrictedItemGrant.objects.filter(user=lapsed).update(
        expires_on=timezone.localdate() - timedelta(days=1)
    )
    assert RestrictedItemGrant.objects.filter(user__in=made).count() == 2
    return made


# --- Which requests ----------------------------------------------------------


def caseload_filters(case: Case) -> list[dict]:
    """The caseload unfiltered and by each of its filters, with values that
    select the case."""
    filters = [
        {},
        {"overdue": "on"},
        {"mine": "on"},
        {"stage": case.stage},
        {"school": case.school_id},
        {"year_group": case.pupil.year_group},
    ]
    if case.lead_practitioner_id is not None:
        filters.append({"lead": case.lead_practitioner_id})
    return filters


def related_pks(param: str, p: Planted) -> list[int]:
    """Real objects for an argument named ``<name>_pk`` that this file does not
    know: those of the model whose name ends in <name> that belong to the swept
    case or pupils (directly or one foreign key away), else any one of that
    model, else 0 (the URL is still requested, and should answer 404)."""
    stem = param.removesuffix("_pk").replace("_", "")
    pupils = [p.case_pupil, p.lone_pupil]
    found = []
    for model in apps.get_models():
        if not model._meta.model_name.endswith(stem):
            continue
        owned = models.Q(pk__in=[])
        for fk in model._meta.concrete_fields:
            if not fk.many_to_one:
                continue
            if fk.related_model is Case:
                owned |= models.Q(**{fk.name: p.case})
            elif fk.related_model is Pupil:
                owned |= models.Q(**{f"{fk.name}__in": pupils})
            else:
                for hop in fk.related_model._meta.concrete_fields:
                    if hop.many_to_one and hop.related_model is Case:
                        owned |= models.Q(**{f"{fk.name}__{hop.name}": p.case})
        objects = model._default_manager.order_by("pk")
        found += list(objects.filter(owned).values_list("pk", flat=True)[:3]) or list(
            objects.values_list("pk", flat=True)[:1]
        )
    return found or [0]


def route_kwargs(name: str, params: tuple[str, ...], p: Planted) -> list[dict]:
    """Every combination of real primary keys for the URL's arguments."""
    pupils = [p.case_pupil.pk, p.lone_pupil.pk]
    if name.startswith("portal:safeguarding:"):
        pks = p.item_pks
    elif name.startswith(CASE_URLS):
        pks = [p.case.pk]
    elif name == "portal:pupil_detail" or name.startswith("portal:attendance:"):
        pks = pupils
    elif name.startswith("portal:staff:"):  # the school's own staff pages
        pks = [p.school.pk]
    elif name == "portal:la_workspace:sibling_contact_add":  # on a case
        pks = [p.case.pk]
    elif name == "portal:la_workspace:joint_approach_detail":
        pks = related_pks("jointapproach_pk", p)
    elif name == "portal:returns:receive":
        pks = related_pks("lanotification_pk", p)
    else:
        pks = []
    choices = {
        "pk": pks,
        "pupil_pk": pupils,
        "case_pk": [p.case.pk],
        "grant_pk": [p.grant_pk],
        "action": sorted(ACTIONS),
        # A register mark's day: the latest day the swept pupils have marks.
        "day": [
            day.isoformat()
            for day in RegisterMark.objects.filter(pupil__in=pupils)
            .order_by("-date")
            .values_list("date", flat=True)[:1]
        ],
        "session": ["AM"],  # one is enough: both sessions take the same path
        "kind": ["school"],  # a staff page's organisation
        # Links from emails (an invitation, a password reset): a made-up token
        # opens nothing.
        "token": ["made-up-token"],
        "uidb64": ["MQ"],
    }
    for param in params:
        if param not in choices and param.endswith("_pk"):  # a new kind of object
            choices[param] = related_pks(param, p)
    unknown = [param for param in params if not choices.get(param)]
    assert not unknown, f"{name} takes {unknown}: say which objects to try."
    return [
        dict(zip(params, values, strict=True))
        for values in itertools.product(*(choices[param] for param in params))
    ]


def route_queries(name: str, p: Planted, *, sees_case: bool) -> list[dict]:
    surnames = [p.case_pupil.legal_surname, p.lone_pupil.legal_surname]
    if name == "portal:cases:caseload":
        # Each filter selects the swept case; for a user who cannot see it the
        # filters' values are not among their choices and give the unfiltered
        # list again, so they get it unfiltered and overdue only (a caseload
        # costs a quarter of a second).
        filters = caseload_filters(p.case)
        return filters if sees_case else filters[:2]
    if name == "portal:cases:detail":
        return [{}, {"kind": SafeguardingEventKind.RESTRICTED_ITEM_ADDED}]
    if name == "portal:pupil_list":
        return [{}, {"q": p.base}, *({"q": surname} for surname in surnames)]
    if name == "portal:dashboard":  # the same search as the pupil list
        return [{}, {"q": p.base}]
    if name == "portal:attendance:report_csv":
        return [{}, {"school": p.school.pk}, {"school": p.other_school.pk}]
    if name in ("portal:safeguarding:note_add", "portal:safeguarding:link_add"):
        return [{}, {"case": p.case.pk}]
    if name == "portal:attendance:lists":
        return [{}, {"school": p.school.pk, "list": "at-risk"}]
    return [{}]


@cache
def sweep_requests(p: "Planted", *, sees_case: bool) -> list[Req]:
    """Every request of the leak sweep, for a user who sees the case or not."""
    routes = portal_routes()
    assert [name for name, _ in routes] == portal_url_names()
    requests = []
    # Variants follow the code paths, not the arguments: the htmx variants
    # (one per HX-Target the view reads) are made for a view's first argument
    # combination and first query, and for the queries htmx itself sends (the
    # chronology's filter, the search box, the overdue filter). Every view
    # gets a POST with its first argument combination (a GET-only view answers
    # 405), and POST-only views (those answering a GET with 405) one with
    # every combination.
    htmx_queries = (
        {"kind": SafeguardingEventKind.RESTRICTED_ITEM_ADDED},
        {"q": p.base},
        {"overdue": "on"},
    )
    for name, params in routes:
        for index, kwargs in enumerate(route_kwargs(name, params, p)):
            path = reverse(name, kwargs=kwargs)
            targets = htmx_targets(path)
            queries = route_queries(name, p, sees_case=sees_case)
            for query in queries:
                page = get(name, path, query)
                requests.append(page)
                first = index == 0 and query == queries[0]
                if targets is not None and (first or query in htmx_queries):
                    requests += [htmx(page, target) for target in targets]
                if name == "portal:cases:detail" and first:  # case_body reads htmx
                    requests.append(htmx(page))
            post = Req(name, "post", path, only_post_only=index > 0)
            requests.append(post)
            if targets is not None and index == 0:
                requests.append(htmx(post))
    requests += [get("site", path) for path in ADMIN_AND_PUBLIC]
    requests += [get("site search", path, {"q": p.base}) for path in SEARCHES]
    return requests


# --- Looking at a response ---------------------------------------------------


def response_parts(response) -> tuple[str, str]:
    """The decoded body, and every header and cookie as text."""
    content = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    headers = [f"{key}: {value}" for key, value in response.items()]
    headers.append(response.cookies.output())
    return content.decode("utf-8", "replace"), "\n".join(headers)


@dataclass
class Sweep:
    """What the leak sweep saw."""

    failures: list[str] = field(default_factory=list)
    requests: int = 0
    users: int = 0
    # (username, item key) -> the requests that displayed it, each logged.
    allowed_displays: dict = field(default_factory=dict)
    # The names of the URLs requested (portal URL names, "site", ...).
    names: set[str] = field(default_factory=set)

    def fail(self, message: str) -> None:
        self.failures.append(message)


def check_response(
    *,
    sweep: Sweep,
    who: str,
    req: Req,
    response,
    decoy_response,
    p: Planted,
    readable: set[int],
    logged: Callable[[], set[int]],
) -> None:
    """``logged`` gives the items the request wrote an access-log row for,
    for this user; it is asked only when a readable item was shown."""
    body, headers = response_parts(response)
    shown = 0
    for tag, (item_key, label) in FIELDS.items():
        marker = p.marker(tag)
        item = p.items[item_key]
        for where, text in (("body", body), ("headers", headers)):
            if marker not in text:
                continue
            shown += text.count(marker)
            if item.pk not in readable:
                sweep.fail(
                    f"LEAK: {who} got the {label} of {item_key} (item {item.pk}, "
                    f"which they may not read) in the {where} of {req} "
                    f"(status {response.status_code})"
                )
            elif where == "headers":
                sweep.fail(f"{who} got the {label} of {item_key} in headers: {req}")
            elif item.pk not in logged():
                sweep.fail(
                    f"UNLOGGED: {who} was shown the {label} of {item_key} (item "
                    f"{item.pk}) by {req} (status {response.status_code}) with no "
                    "new access-log row for them and that item"
                )
            else:
                sweep.allowed_displays.setdefault((who, item_key), set()).add(str(req))
    # Anything else carrying the canary, less what a search echoes of its query
    # (counted as the decoy in the same request made with the decoy instead).
    echoed = 0
    if decoy_response is not None:
        decoy_body, decoy_headers = response_parts(decoy_response)
        echoed = (decoy_body + decoy_headers).count(p.decoy)
    extra = (body + headers).count(p.base) - shown - echoed
    if extra > 0:
        sweep.fail(
            f"LEAK: {who} got the canary {extra} time(s) outside any known field "
            f"(truncated or transformed content?) from {req}"
        )


def sweep_user(client, client_as, user, who: str, p: Planted, sweep: Sweep):
    # One test client plays every user: a flash message left by the last
    # user's POSTs must not be shown to this one.
    client.cookies.pop("messages", None)
    if user is None:
        client.logout()
        readable = set()
        requests = sweep_requests(p, sees_case=False)
    else:
        sees_case = visible_cases(user).filter(pk=p.case.pk).exists()
        requests = sweep_requests(p, sees_case=sees_case)
        client = client_as(user)
        # Who may read what, asked of the permissions module, not the pages.
        # The sweep changes nothing (every request is rolled back), so once
        # per user is enough.
        readable = set(
            readable_items(user).filter(pk__in=p.item_pks).values_list("pk", flat=True)
        )
    sweep.users += 1
    get_status = {}  # path -> status of its plain GET
    # Every request below is rolled back, its access-log rows with it: each
    # starts from this last row.
    last_log = AccessLogEntry.objects.aggregate(last=Max("pk"))["last"] or 0
    for req in requests:
        if req.only_post_only and get_status.get(req.path) != 405:
            continue
        # Each request runs in a savepoint rolled back after the checks, so a
        # POST that changes something (ending the share, assigning the case)
        # cannot change what later requests see.
        with transaction.atomic():
            try:
                response = req.send(client)
                decoy = None
                if req.sends(p.base):
                    decoy = req.swapped(p.base, p.decoy).send(client)
                    sweep.requests += 1
            except Exception as error:  # noqa: BLE001 (every crash is reported)
                sweep.fail(f"CRASH: {who} {req}: {type(error).__name__}: {error}")
                transaction.set_rollback(True)
                continue
            sweep.requests += 1
            sweep.names.add(req.name)
            if req.method == "get" and not req.query and not req.headers:
                get_status[req.path] = response.status_code

            @cache
            def logged() -> set[int]:
                if user is None:
                    return set()
                return set(
                    AccessLogEntry.objects.filter(
                        pk__gt=last_log, user=user
                    ).values_list("item_id", flat=True)
                )

            check_response(
                sweep=sweep,
                who=who,
                req=req,
                response=response,
                decoy_response=decoy,
                p=p,
                readable=readable,
                logged=logged,
            )
            transaction.set_rollback(True)
        if user is not None and req.name == "portal:logout" and req.method == "post":
            client = client_as(user)


def stored_value(model, field_name: str, pk) -> str:
    """The column exactly as it is in the database, read without the model."""
    column = model._meta.get_field(field_name).column
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote(column)} FROM {quote(model._meta.db_table)} "  # noqa: S608 (names from the model)
            f"WHERE {quote(model._meta.pk.column)} = %s",
            [pk],
        )
        return cursor.fetchone()[0]


def columns_containing(text: str) -> list[str]:
    """Every text-like column of every table that holds ``text``, read raw."""
    quote = connection.ops.quote_name
    textual = models.CharField | models.TextField | models.JSONField
    found = []
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            if not model._meta.managed or model._meta.proxy:
                continue
            table = model._meta.db_table
            for column in model._meta.local_concrete_fields:
                if not isinstance(column, textual):
                    continue
                cursor.execute(
                    f"SELECT COUNT(*) FROM {quote(table)} "  # noqa: S608 (names from the model)
                    f"WHERE CAST({quote(column.column)} AS TEXT) LIKE %s",
                    [f"%{text}%"],
                )
                if cursor.fetchone()[0]:
                    found.append(f"{table}.{column.column}")
    return found


def capture_all_logs(caplog, monkeypatch) -> None:
    """Every log record at DEBUG into caplog (through the root logger).

    The project's own handlers (a console handler on "django" and "axes") are
    detached for the test: the records still propagate to caplog, but are not
    formatted and printed a second time (the template engine logs a traceback
    at DEBUG for every missing variable).
    """
    caplog.set_level(logging.DEBUG)
    for name in [*settings.LOGGING.get("loggers", {}), "django.db.backends"]:
        caplog.set_level(logging.DEBUG, logger=name)
        monkeypatch.setattr(logging.getLogger(name), "handlers", [])


def failure_report(failures: list[str], limit: int = 40) -> str:
    shown = "\n".join(failures[:limit])
    more = len(failures) - limit
    return f"{len(failures)} problem(s):\n{shown}" + (
        f"\n... and {more} more" if more > 0 else ""
    )


# --- 1. The leak test --------------------------------------------------------
#
# The sweep is one test per user (each user's sweep is independent: every
# request is rolled back), so pytest-xdist spreads the users over the workers.
# Each test plants its own canary in the same world: the items, the shares,
# the superuser and the two ineligible grantees all exist whoever is swept.

SWEPT_USERS = (
    *(demo.username for demo in DEMO_USERS),
    EDITOR_USERNAME,
    SUPERUSER,
    FORMER,
    LAPSED,
    ANONYMOUS,
)
# What each reader must have been shown (and every other user nothing): the
# DSL reads all three items, the LA practitioner only the link shared with them.
EXPECTED_DISPLAYS = {
    DSL: {"case_note", "case_link", "pupil_note"},
    SHARED_WITH: {"case_link"},
}


def planted_world(base: str) -> Planted:
    """The canary planted, and every swept user that is not a demo user made."""
    p = plant(base)
    get_user_model().objects.create_superuser(
        username=SUPERUSER, email="leaks.superuser@example.org", password=None
    )
    ineligible_grantees(p)
    return p


def assert_nothing_logged(caplog, base: str) -> None:
    """No log record carries restricted content. Stored values carry the canary
    followed by "-" and their tag; the searches' own query (the bare canary) is
    in request reprs that the template engine logs at DEBUG, which is not
    restricted content."""
    stored = f"{base}-"
    assert stored not in caplog.text
    for record in caplog.records:
        assert stored not in record.getMessage(), record.name
        assert stored not in (record.exc_text or ""), record.name


def test_restricted_content_is_stored_only_as_ciphertext_and_never_logged(
    caplog, monkeypatch
):
    capture_all_logs(caplog, monkeypatch)
    base = new_canary()
    # SQL is logged (with its parameters) while the items are written, so the
    # log check below also shows that only ciphertext reaches the database.
    connection.force_debug_cursor = True
    try:
        p = planted_world(base)
    finally:
        connection.force_debug_cursor = False
    note, link = p.items["case_note"], p.items["case_link"]
    for item in (note, link):
        assert CaseEvent.objects.filter(
            case=p.case,
            kind=SafeguardingEventKind.RESTRICTED_ITEM_ADDED,
            restricted=True,
            details__item=item.pk,
        ).exists()

    # Stored: ciphertext in every encrypted column, and the canary nowhere.
    rows = {
        RestrictedNote: [note.pk, p.items["pupil_note"].pk],
        RestrictedLink: [link.pk],
        RestrictedItemRevision: [revision.pk for revision in note.revisions.all()],
    }
    assert rows[RestrictedItemRevision], "The edit kept no revision."
    for model, field_name in ENCRYPTED_COLUMNS:
        for pk in rows[model]:
            raw = stored_value(model, field_name, pk)
            where = f"{model._meta.db_table}.{field_name} of row {pk}"
            assert raw.startswith("gAAAAA"), f"{where} is not a Fernet token"
            assert base not in raw, f"{where} holds the canary in clear"
    assert columns_containing(base) == []

    # The SQL that wrote the items was captured, and carried no clear text.
    assert any("safeguarding_restrictednote" in r.getMessage() for r in caplog.records)
    assert_nothing_logged(caplog, base)


def test_every_demo_user_is_swept():
    """The sweep's users are the demo's users and the extra cases, by name."""
    assert set(SWEPT_USERS) >= {demo.username for demo in DEMO_USERS}
    assert len(SWEPT_USERS) == len(set(SWEPT_USERS)) == len(DEMO_USERS) + 5
    assert set(EXPECTED_DISPLAYS) <= set(SWEPT_USERS)


@pytest.mark.parametrize("who", SWEPT_USERS)
def test_restricted_content_reaches_only_its_readers_and_every_display_is_logged(
    who, client, client_as, caplog, monkeypatch
):
    capture_all_logs(caplog, monkeypatch)
    base = new_canary()
    p = planted_world(base)
    user = None if who == ANONYMOUS else users_by_name(who)[0]

    sweep = Sweep()
    sweep_user(client, client_as, user, who, p, sweep)

    assert not sweep.failures, failure_report(sweep.failures)
    assert sweep.users == 1
    every_request = sweep_requests(p, sees_case=False)
    assert sweep.requests >= len([r for r in every_request if not r.only_post_only])
    # Every named portal URL (and the admin and public pages) was requested.
    assert sweep.names == {r.name for r in every_request}
    assert {name for name, _ in portal_routes()} <= sweep.names

    # The reader saw what they may read, on the expected pages; no one else
    # saw anything.
    seen = sweep.allowed_displays
    assert {item for _, item in seen} == EXPECTED_DISPLAYS.get(who, set())
    assert {reader for reader, _ in seen} <= {who}
    note, link = p.items["case_note"], p.items["case_link"]
    note_page = str(get("", reverse("portal:safeguarding:item", args=[note.pk])))
    link_page = str(get("", reverse("portal:safeguarding:item", args=[link.pk])))
    if who == DSL:
        assert note_page in seen[(DSL, "case_note")]
        assert link_page in seen[(DSL, "case_link")]
    if who == SHARED_WITH:
        assert link_page in seen[(SHARED_WITH, "case_link")]

    # Nothing logged restricted content, while the request logs were captured.
    assert any(r.name == "django.request" for r in caplog.records)
    assert_nothing_logged(caplog, base)


# --- 2. The no-hint test -------------------------------------------------------

NON_READERS = (
    "lead.chaucer",
    "head.chaucer",
    "officer.chaucer",
    "pastoral.chaucer",
    SHARED_WITH,  # reads what is shared with them: nothing of this pupil
    "dsl.woolwich",
    "legal.sheffield",
)
# Django masks the CSRF token afresh on every render (BREACH mitigation), so
# the same page never carries the same token twice: the hidden form field's
# value and the token in the body's hx-headers are replaced, nothing else.
CSRF_FIELD = re.compile(r'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]+(")')
CSRF_HX_HEADERS = re.compile(r'(\{"X-CSRFToken": ")[A-Za-z0-9]+("\})')
# Headers that differ on every response whatever the data: the request id (a
# fresh uuid per request) and Expires (the response's time, from never-cache).
# Every other header is compared. (Cookies are not: the session and CSRF
# cookies are per login.)
VARYING_HEADERS = {"X-Request-ID", "Expires"}
# The content security policy's nonce is fresh on every response too: in the
# header and on the script tag that carries it.
NONCE_ATTRIBUTE = re.compile(r'(nonce=")[A-Za-z0-9+/=]+(")')
NONCE_SOURCE = re.compile(r"('nonce-)[A-Za-z0-9+/=]+(')")


def normalised(response) -> tuple[int, str, tuple]:
    body, _ = response_parts(response)
    body = CSRF_FIELD.sub(r"\1(csrf)\2", body)
    body = CSRF_HX_HEADERS.sub(r"\1(csrf)\2", body)
    body = NONCE_ATTRIBUTE.sub(r"\1(nonce)\2", body)
    headers = tuple(
        sorted(
            (k, NONCE_SOURCE.sub(r"\1(nonce)\2", v))
            for k, v in response.items()
            if k not in VARYING_HEADERS
        )
    )
    return response.status_code, body, headers


def hint_pages(case: Case) -> list[Req]:
    pupil = case.pupil
    detail = reverse("portal:cases:detail", args=[case.pk])
    pupils = reverse("portal:pupil_list")
    dashboard = reverse("portal:dashboard")
    kind = {"kind": SafeguardingEventKind.RESTRICTED_ITEM_ADDED}
    search = {"q": pupil.legal_surname}
    pages = [
        get("portal:pupil_detail", reverse("portal:pupil_detail", args=[pupil.pk])),
        get("portal:cases:detail", detail),
        get("portal:cases:detail", detail, kind),
        htmx(get("portal:cases:detail", detail), "chronology"),
        htmx(get("portal:cases:detail", detail, kind), "chronology"),
        htmx(get("portal:cases:detail", detail)),
        get("portal:pupil_list", pupils),
        get("portal:pupil_list", pupils, search),
        htmx(get("portal:pupil_list", pupils, search), "pupil-list"),
        get("portal:dashboard", dashboard),
        get("portal:dashboard", dashboard, search),
        get("overview", reverse("portal:safeguarding:overview")),
        get("access log", reverse("portal:safeguarding:access_report")),
        get(
            "portal:safeguarding:note_add",
            reverse("portal:safeguarding:note_add", args=[pupil.pk]),
            {"case": case.pk},
        ),
        get("attendance", reverse("portal:attendance:pupil", args=[pupil.pk])),
    ]
    # Every other page of the case or of the pupil alone (the pupil's
    # safeguarding page, opening a case, and whatever the case pages grow).
    for name, params in portal_routes():
        if name.startswith(CASE_URLS) and params == ("pk",):
            path = reverse(name, kwargs={"pk": case.pk})
        elif params == ("pupil_pk",):
            path = reverse(name, kwargs={"pupil_pk": pupil.pk})
        else:
            continue
        if all(page.path != path for page in pages):
            pages.append(get(name, path))
    caseload = reverse("portal:cases:caseload")
    for filters in caseload_filters(case):
        page = get("portal:cases:caseload", caseload, filters)
        pages.append(page)
        if filters in ({}, {"overdue": "on"}):  # the partial is the same list
            pages.append(htmx(page, "caseload"))
    return pages


def render_pages(client, client_as, who: str, pages: list[Req]) -> dict[Req, tuple]:
    client.cookies.pop("messages", None)  # nothing left from another user
    client_as(who)
    return {page: normalised(page.send(client)) for page in pages}


def differences(before: dict, after: dict, who: str) -> list[str]:
    found = []
    for page, (status, body, headers) in before.items():
        status_after, body_after, headers_after = after[page]
        if status != status_after:
            found.append(f"{who} {page}: status {status} then {status_after}")
        if headers != headers_after:
            found.append(f"{who} {page}: headers {headers} then {headers_after}")
        if body != body_after:
            diff = unified_diff(
                body.splitlines(), body_after.splitlines(), lineterm="", n=0
            )
            shown = "\n    ".join(list(diff)[2:12])
            found.append(f"{who} {page}: the body changed:\n    {shown}")
    return found


def last_activity(case: Case):
    return with_last_event(Case.objects.filter(pk=case.pk)).get().last_event_at


@dataclass
class HintCase:
    """The case the no-hint tests look at, and when they look."""

    case: Case
    activity: datetime  # its last event before any restricted record
    start: datetime  # pages are rendered from here; records added an hour on
    overdue_before: datetime

    @property
    def case_page(self) -> Req:
        return get("portal:cases:detail", self.case.get_absolute_url())

    @property
    def overdue(self) -> Req:
        page = get("portal:cases:caseload", reverse("portal:cases:caseload"))
        return replace(page, query=(("overdue", "on"),))


@pytest.fixture
def hint_case(db) -> HintCase:
    """An open chaucer case with no restricted records yet, untouched for
    longer than the overdue limit (the demo has one), that the LA sees."""
    lead, la = users_by_name("lead.chaucer", SHARED_WITH)
    start = timezone.make_aware(datetime.combine(timezone.localdate(), time(8)))
    overdue_before = start - timedelta(days=settings.PORTAL_CASE_OVERDUE_DAYS)
    case = (
        with_last_event(Case.objects.filter(school=chaucer()))
        .exclude(stage=Stage.CLOSED)
        .exclude(pupil__in=RestrictedItem.objects.values("pupil"))
        .filter(last_event_at__lt=overdue_before - timedelta(days=2))
        .select_related("pupil", "school")
        .order_by("last_event_at", "pk")
        .first()
    )
    assert case is not None, "The demo has no overdue chaucer case without records."
    if not visible_cases(la).filter(pk=case.pk).exists():
        # Shared with the LA team the day after its last event, so LA staff see
        # it too and it stays overdue.
        with time_machine.travel(case.last_event_at + timedelta(days=1), tick=False):
            case_services.case_share(case=case, by=lead, with_la_team=True)
    activity = last_activity(case)
    assert activity < overdue_before
    return HintCase(
        case=case, activity=activity, start=start, overdue_before=overdue_before
    )


def add_restricted_records(hint: HintCase) -> None:
    """The DSL adds a note and a link to the case and a note to the pupil alone,
    an hour after the pages were first rendered: after every other event."""
    (dsl,) = users_by_name(DSL)
    case = hint.case
    with time_machine.travel(hint.start + timedelta(hours=1), tick=False):
        services.note_create(
            pupil=case.pupil,
            case=case,
            by=dsl,
            category=NoteCategory.DOMESTIC_ABUSE,
            text="Police notification received this morning.",
        )
        services.link_create(
            pupil=case.pupil,
            case=case,
            by=dsl,
            system=LinkedSystem.SOCIAL_CARE,
            reference="CP-77",
            plan_status=PlanStatus.CHILD_PROTECTION,
        )
        services.note_create(
            pupil=case.pupil,
            by=dsl,
            category=NoteCategory.OTHER,
            text="Not about the case.",
        )
    restricted = list(CaseEvent.objects.filter(case=case, restricted=True))
    assert len(restricted) == 2
    assert all(event.occurred_at > hint.activity for event in restricted)


# One test per non-reader (pytest-xdist spreads them over the workers); the
# positive controls, which show the comparison can see a change, are a test of
# their own below.
@pytest.mark.parametrize("who", NON_READERS)
def test_non_readers_see_the_same_pages_whether_or_not_restricted_records_exist(
    who, client, client_as, hint_case
):
    case = hint_case.case
    pages = hint_pages(case)
    # Every page is rendered at a fixed time of day, and the restricted records
    # are written an hour later: after every other event of the case.
    with time_machine.travel(hint_case.start, tick=False):
        before = render_pages(client, client_as, who, pages)
    add_restricted_records(hint_case)
    with time_machine.travel(hint_case.start + timedelta(hours=2), tick=False):
        after = render_pages(client, client_as, who, pages)

    assert last_activity(case) == hint_case.activity, (
        "A restricted event moved last activity."
    )
    problems = differences(before, after, who)
    assert not problems, failure_report(problems, limit=20)

    # Not vacuous: the pages were real, and the case is on the overdue list.
    case_page, overdue = hint_case.case_page, hint_case.overdue
    if who in ("officer.chaucer", "lead.chaucer", SHARED_WITH, "legal.sheffield"):
        status, body, _ = before[overdue]
        assert status == 200, f"{who} has no caseload"
        assert f'href="{case.get_absolute_url()}"' in body, (
            f"{who}: the case is not on the overdue list"
        )
        assert before[case_page][0] == 200, f"{who} cannot see the case"
    if who == "dsl.woolwich":
        assert before[case_page][0] == 404


def test_the_no_hint_comparison_sees_the_changes_a_reader_may_see(
    client, client_as, hint_case
):
    """The positive controls of the no-hint test: what changes for the DSL, and
    for the officer after a visible event, is seen as a change."""
    (officer,) = users_by_name("officer.chaucer")
    case = hint_case.case
    case_page, overdue = hint_case.case_page, hint_case.overdue
    case_link = f'href="{case.get_absolute_url()}"'
    dsl_pages = [case_page, htmx(case_page, "chronology")]
    with time_machine.travel(hint_case.start, tick=False):
        dsl_before = render_pages(client, client_as, DSL, dsl_pages)
    add_restricted_records(hint_case)
    with time_machine.travel(hint_case.start + timedelta(hours=2), tick=False):
        dsl_after = render_pages(client, client_as, DSL, dsl_pages)
        officer_after = render_pages(
            client, client_as, "officer.chaucer", [case_page, overdue]
        )
    assert last_activity(case) == hint_case.activity

    # 1: the DSL's own pages do change, and the comparison sees it.
    dsl_changes = " ".join(differences(dsl_before, dsl_after, DSL))
    assert f"{DSL} {case_page}: the body changed" in dsl_changes
    assert "Restricted safeguarding record added" in dsl_after[case_page][1]
    assert "Restricted safeguarding record added" not in dsl_before[case_page][1]

    # 2: a visible event, an hour after the restricted ones, changes what the
    # officer sees and takes the case off the overdue list.
    assert case_link in officer_after[overdue][1]
    with time_machine.travel(hint_case.start + timedelta(hours=3), tick=False):
        case_services.case_record(
            case=case, by=officer, kind=EventKind.NOTE, text="Phoned home."
        )
        visible = render_pages(
            client, client_as, "officer.chaucer", [case_page, overdue]
        )
    changes = " ".join(differences(officer_after, visible, "officer"))
    assert f"officer {case_page}: the body changed" in changes
    assert f"officer {overdue}: the body changed" in changes
    assert case_link not in visible[overdue][1]
    assert last_activity(case) > hint_case.activity


# --- The court bundle -------------------------------------------------------


def test_no_court_bundle_carries_the_canary(db):
    """Whoever produces it (the LA legal officer, or the school's attendance
    lead as a draft), the bundle of a case with restricted notes, links and
    their chronology events holds none of them."""
    from io import BytesIO

    from pypdf import PdfReader

    from legal.bundle import build_bundle
    from legal.permissions import can_produce_bundle

    base = new_canary()
    p = plant(base)
    producers = {
        (demo.username, draft)
        for demo in DEMO_USERS
        for draft in (False, True)
        if can_produce_bundle(users_by_name(demo.username)[0], p.case, draft=draft)
    }
    assert producers == {("legal.sheffield", False), ("lead.chaucer", True)}
    # What a bundle holds does not depend on who asks: one of each kind.
    for username, draft in sorted(producers):
        built = build_bundle(p.case, draft=draft, produced_by=username)
        reader = PdfReader(BytesIO(built.pdf))
        text = " ".join(page.extract_text() for page in reader.pages)
        assert "Chronology" in text  # the pages were read
        assert base not in text, f"The bundle {username} produced holds the canary"
        assert base.encode() not in built.pdf


# --- The subject access export ----------------------------------------------


def test_no_subject_access_export_carries_the_canary(db):
    """The export of a pupil with restricted notes, links, their revisions and
    their chronology events holds none of them, in any file of the ZIP."""
    import zipfile
    from io import BytesIO

    from subject_access.archive import build_archive
    from subject_access.collect import collect

    base = new_canary()
    p = plant(base)
    archive = zipfile.ZipFile(
        BytesIO(build_archive(p.case_pupil, collect(p.case_pupil)))
    )
    read = {name: archive.read(name) for name in archive.namelist()}
    assert b"Case events" in read["index.html"]  # the chronology is there
    for name, content in read.items():
        assert base.encode() not in content, f"{name} holds the canary"
    restricted = set(
        CaseEvent.objects.filter(case=p.case, restricted=True).values_list(
            "kind", flat=True
        )
    )
    assert restricted, "planting wrote no restricted chronology event"
    for kind in restricted:
        assert kind.encode() not in read["records.json"]
