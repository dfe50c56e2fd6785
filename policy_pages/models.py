"""Wagtail page models for the public site. No pupil data lives here.

The tree is LandingPage (optional) > SchoolHomePage > AttendancePolicyPage. A
SchoolHomePage can also be the root of a school's own Wagtail Site: nothing in
these models assumes a landing page above it.
"""

from dataclasses import dataclass
from datetime import date, time

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from policy_pages.blocks import (
    DEFAULT_ESCALATION,
    EMPTY_SECTION_MESSAGE,
    RICH_TEXT_FEATURES,
    EscalationBlock,
    HomePageBlock,
    PolicySectionsBlock,
)
from policy_pages.cache import serve_cached
from policy_pages.review import (
    DatePrecision,
    ReviewStatus,
    display_date,
    review_status,
)
from policy_pages.selectors import (
    breadcrumbs_for,
    codes_appendix,
    live_policy_for,
    school_home_for,
)
from policy_pages.validators import (
    PHONE_HELP,
    mailto_href,
    tel_href,
    validate_contact_email,
    validate_uk_phone,
)


class PublicPage(Page):
    """Shared behaviour of the public pages: breadcrumbs, school, per-page cache."""

    class Meta:
        abstract = True

    def render_cache_parts(self) -> tuple:
        """Publish stamps of other pages whose content this page shows."""
        return ()

    def serve(self, request, *args, **kwargs):
        return serve_cached(self, request, super().serve, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["breadcrumbs"] = breadcrumbs_for(page=self, request=request)
        context["school_home"] = school_home_for(self)
        return context


class LandingPage(PublicPage):
    """The front page of a site that hosts several schools' pages."""

    introduction = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["policy_pages.SchoolHomePage"]

    def schools(self):
        return (
            SchoolHomePage.objects.child_of(self)
            .live()
            .public()
            .select_related("school")
        )

    def render_cache_parts(self) -> tuple:
        return tuple(self.schools().values_list("pk", "live_revision_id"))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["school_pages"] = list(self.schools())
        return context


class SchoolHomePage(PublicPage):
    """A school's home on the public site, linked to its ``schools.School``.

    It can sit under a LandingPage or be the root of the school's own Site.
    """

    school = models.ForeignKey(
        "schools.School",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The school these pages belong to.",
    )
    introduction = RichTextField(blank=True, features=["bold", "italic", "link"])
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The school's logo, shown at the top of its letters.",
    )
    body = StreamField(
        HomePageBlock(),
        blank=True,
        help_text="Add a 'School contacts' block to show the contacts kept on "
        "the attendance policy page.",
    )

    content_panels = [
        *Page.content_panels,
        # Only administrators choose the school; school editors never can.
        FieldPanel("school", permission="policy_pages.link_school"),
        FieldPanel("introduction"),
        FieldPanel("logo"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]
    parent_page_types = ["wagtailcore.Page", "policy_pages.LandingPage"]
    subpage_types = ["policy_pages.AttendancePolicyPage"]

    class Meta:
        verbose_name = "school home page"
        permissions = [
            ("link_school", "Choose the school a school home page belongs to"),
        ]

    def policy(self):
        return live_policy_for(self)

    def render_cache_parts(self) -> tuple:
        policy = self.policy()
        return (policy.pk, policy.live_revision_id) if policy else ()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        policy = self.policy()
        context["policy"] = policy
        context["contacts"] = list(policy.contacts.all()) if policy else []
        return context


@dataclass(frozen=True)
class OutlineEntry:
    """A heading of the policy page and its anchor, for the table of contents."""

    anchor: str
    title: str


# The structured parts of a policy page, by the name the template uses, in page
# order: the first four come before the school's sections, the rest after.
PARTS = {
    "contacts": OutlineEntry("contacts", "Who to contact"),
    "school_day": OutlineEntry("school-day", "The school day"),
    "report": OutlineEntry("report-an-absence", "How to report an absence"),
    "leave": OutlineEntry("request-leave", "How to request leave of absence"),
    "codes": OutlineEntry("appendix-attendance-codes", "Appendix: attendance codes"),
    "escalation": OutlineEntry(
        "appendix-escalation", "Appendix: escalation of support"
    ),
    "about": OutlineEntry("about-this-policy", "About this policy"),
}
PARTS_BEFORE_SECTIONS = ("contacts", "school_day", "report", "leave")
# Body blocks that place a generated appendix, and the part each one places.
APPENDIX_BLOCKS = {"codes_appendix": "codes", "escalation_appendix": "escalation"}


@dataclass(frozen=True)
class BodyItem:
    """A section or generated appendix of the policy, as the template shows it."""

    anchor: str
    kind: str  # "section", "codes" or "escalation"
    heading: str
    value: object = None


SCHOOL_DAY_FIELDS = (
    ("day_starts", "School day starts"),
    ("am_register_opens", "Morning register opens"),
    ("am_register_closes", "Morning register closes"),
    ("pm_register_opens", "Afternoon register opens"),
    ("pm_register_closes", "Afternoon register closes"),
    ("day_ends", "School day ends"),
)


def display_time(value: time) -> str:
    """A time as schools write it: 8.30am, 12.45pm."""
    suffix = "am" if value.hour < 12 else "pm"
    hour = value.hour % 12 or 12
    return f"{hour}.{value.minute:02d}{suffix}"


class AttendancePolicyPage(PublicPage):
    """A school's attendance policy: structured parts, its own sections, appendices.

    Everything a parent most needs (contacts, the school day, reporting an
    absence, asking for leave) is a field, so it is always in the same place;
    the rest of the policy is the school's own sections.
    """

    introduction = RichTextField(blank=True, features=RICH_TEXT_FEATURES)

    # Document details.
    date_of_issue = models.DateField(
        "date of issue or approval",
        help_text="When this version was issued or approved by governors.",
    )
    last_reviewed = models.DateField(
        null=True,
        blank=True,
        help_text="When the policy was last reviewed. Leave blank if it is the "
        "date of issue.",
    )
    review_date = models.DateField(
        "next review date", help_text="When the policy must next be reviewed."
    )
    date_precision = models.CharField(
        "show dates as",
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text="Month and year if the school's document gives only months; a "
        "review dated to a month is due by the end of that month.",
    )
    responsible_committee = models.CharField(max_length=120, blank=True)
    target_audience = models.CharField(max_length=200, blank=True)
    policy_document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The policy as a downloadable file, e.g. the signed PDF.",
    )

    # The school day.
    day_starts = models.TimeField(null=True, blank=True)
    am_register_opens = models.TimeField(
        "morning register opens", null=True, blank=True
    )
    am_register_closes = models.TimeField(
        "morning register closes", null=True, blank=True
    )
    pm_register_opens = models.TimeField(
        "afternoon register opens", null=True, blank=True
    )
    pm_register_closes = models.TimeField(
        "afternoon register closes", null=True, blank=True
    )
    day_ends = models.TimeField(null=True, blank=True)
    school_day_note = models.TextField(
        blank=True, help_text="Anything else about times, in the school's words."
    )

    # Reporting an absence and asking for leave.
    absence_report_by = models.TimeField(
        "report an absence by",
        null=True,
        blank=True,
        help_text="The time by which parents should report an absence that day.",
    )
    absence_phone = models.CharField(
        "phone for absences",
        max_length=30,
        blank=True,
        validators=[validate_uk_phone],
        help_text=PHONE_HELP,
    )
    absence_email = models.CharField(
        "email for absences",
        max_length=254,
        blank=True,
        validators=[validate_contact_email],
    )
    absence_other_route = models.URLField(
        "another way to report an absence (web address)",
        blank=True,
        help_text="An app or online form parents can use, if the school has one.",
    )
    absence_other_route_name = models.CharField(
        "what that way is called",
        max_length=80,
        blank=True,
        help_text="For example “the school's parent app”. Shown as the link's text.",
    )
    absence_how = RichTextField(
        "how to report an absence",
        features=RICH_TEXT_FEATURES,
        help_text="What parents do on the first day of an absence, and after.",
    )
    leave_how = RichTextField(
        "how to request leave of absence",
        features=RICH_TEXT_FEATURES,
        help_text="How to ask for leave in term time, and when it can be granted.",
    )

    body = StreamField(
        PolicySectionsBlock(),
        verbose_name="sections",
        help_text="The policy in the school's own words, one section per heading.",
    )

    escalation_introduction = RichTextField(blank=True, features=RICH_TEXT_FEATURES)
    escalation = StreamField(
        EscalationBlock(),
        default=DEFAULT_ESCALATION,
        verbose_name="escalation of support",
        help_text="Filled in from the DfE stages of support; change it to match "
        "the school.",
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("absence_how"),
        index.SearchField("leave_how"),
        index.SearchField("body"),
        index.RelatedFields(
            "contacts",
            [index.SearchField("role"), index.SearchField("name")],
        ),
    ]

    parent_page_types = ["policy_pages.SchoolHomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]
    contact_panels = [
        InlinePanel(
            "contacts",
            heading="Contacts",
            label="Contact",
            help_text="Who parents can contact. Phone numbers become links that "
            "dial, email addresses links that write an email.",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("day_starts"), FieldPanel("day_ends")]),
                FieldRowPanel(
                    [
                        FieldPanel("am_register_opens"),
                        FieldPanel("am_register_closes"),
                    ]
                ),
                FieldRowPanel(
                    [
                        FieldPanel("pm_register_opens"),
                        FieldPanel("pm_register_closes"),
                    ]
                ),
                FieldPanel("school_day_note"),
            ],
            heading="The school day",
        ),
        MultiFieldPanel(
            [
                FieldPanel("absence_report_by"),
                FieldRowPanel(
                    [FieldPanel("absence_phone"), FieldPanel("absence_email")]
                ),
                FieldRowPanel(
                    [
                        FieldPanel("absence_other_route"),
                        FieldPanel("absence_other_route_name"),
                    ]
                ),
                FieldPanel("absence_how"),
            ],
            heading="Reporting an absence",
        ),
        FieldPanel("leave_how"),
    ]
    details_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("date_of_issue"), FieldPanel("last_reviewed")]
                ),
                FieldRowPanel(
                    [FieldPanel("review_date"), FieldPanel("date_precision")]
                ),
                FieldPanel("responsible_committee"),
                FieldPanel("target_audience"),
                FieldPanel("policy_document"),
            ],
            heading="Document details",
        ),
        InlinePanel("versions", heading="Version history", label="Version"),
        InlinePanel("linked_policies", heading="Linked policies", label="Policy"),
    ]
    appendix_panels = [
        FieldPanel("escalation_introduction"),
        FieldPanel("escalation"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Policy"),
            ObjectList(contact_panels, heading="Contacts and times"),
            ObjectList(details_panels, heading="Document details"),
            ObjectList(appendix_panels, heading="Appendices"),
            ObjectList(Page.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )

    class Meta:
        verbose_name = "attendance policy page"

    # --- Validation -----------------------------------------------------------

    def clean(self) -> None:
        super().clean()
        if self.date_precision == DatePrecision.MONTH:
            # A month-dated policy is stored on the 1st of the month.
            for name in ("date_of_issue", "last_reviewed", "review_date"):
                value = getattr(self, name)
                if value is not None:
                    setattr(self, name, value.replace(day=1))
        errors = {**self._date_errors(), **self._school_day_errors()}
        if errors:
            raise ValidationError(errors)

    def _date_errors(self) -> dict[str, str]:
        errors = {}
        issued, review = self.date_of_issue, self.review_date
        if issued and review and review <= issued:
            errors["review_date"] = (
                "The next review date must be after the date of issue "
                f"({display_date(issued, self.date_precision)})."
            )
        if self.last_reviewed:
            if review and self.last_reviewed >= review:
                errors["last_reviewed"] = (
                    "The last review must be before the next review date."
                )
            elif self.last_reviewed > timezone.localdate():
                errors["last_reviewed"] = "The last review cannot be in the future."
        return errors

    def _school_day_errors(self) -> dict[str, str]:
        """Each time given must come after the ones before it in the day."""
        errors = {}
        previous = None
        for name, label in SCHOOL_DAY_FIELDS:
            value = getattr(self, name)
            if value is None:
                continue
            if previous is not None:
                earlier_name, earlier_label, earlier = previous
                # A register may open at the moment the day starts.
                same_time_allowed = (earlier_name, name) == (
                    "day_starts",
                    "am_register_opens",
                ) or (earlier_name, name) in {
                    ("am_register_closes", "pm_register_opens"),
                    ("pm_register_closes", "day_ends"),
                }
                if value < earlier or (value == earlier and not same_time_allowed):
                    errors[name] = (
                        f"{label} ({display_time(value)}) must be after "
                        f"{earlier_label.lower()} ({display_time(earlier)})."
                    )
            previous = (name, label, value)
        return errors

    def publishing_problems(self) -> list[str]:
        """Reasons the page cannot go live, checked whenever it is published."""
        return [
            f"Section '{child.value['heading']}': {EMPTY_SECTION_MESSAGE}"
            for child in self.body
            if child.block_type == "section" and len(child.value["content"]) == 0
        ]

    def save(self, *args, clean: bool = True, **kwargs):
        # Drafts may hold an empty section while an editor writes it; a live
        # page never may, whichever way it is published (editor, bulk action,
        # schedule).
        if clean and self.live and (problems := self.publishing_problems()):
            raise ValidationError({"body": problems})
        return super().save(*args, clean=clean, **kwargs)

    # --- What the page shows ---------------------------------------------------

    def review(self, today: date | None = None) -> ReviewStatus | None:
        if self.date_of_issue is None or self.review_date is None:
            return None
        return review_status(
            last_reviewed=self.last_reviewed or self.date_of_issue,
            review_date=self.review_date,
            precision=self.date_precision,
            today=today or timezone.localdate(),
        )

    def school_day(self) -> list[tuple[str, str]]:
        return [
            (label, display_time(getattr(self, name)))
            for name, label in SCHOOL_DAY_FIELDS
            if getattr(self, name) is not None
        ]

    def body_items(self) -> list["BodyItem"]:
        """The sections and generated appendices in page order, with anchors.

        Section anchors are made from their headings and never repeat; the two
        appendices keep fixed anchors, and go after the last section unless an
        editor has placed them.
        """
        taken = {entry.anchor for entry in PARTS.values()}
        items: list[BodyItem] = []
        placed: set[str] = set()
        for number, child in enumerate(self.body, start=1):
            heading = child.value["heading"]
            part = APPENDIX_BLOCKS.get(child.block_type)
            if part is not None:
                if part not in placed:
                    placed.add(part)
                    items.append(BodyItem(PARTS[part].anchor, part, heading, None))
                continue
            base = slugify(heading) or f"section-{number}"
            anchor, suffix = base, 2
            while anchor in taken:
                anchor, suffix = f"{base}-{suffix}", suffix + 1
            taken.add(anchor)
            items.append(BodyItem(anchor, "section", heading, child.value))
        for part in APPENDIX_BLOCKS.values():
            if part not in placed:
                items.append(BodyItem(PARTS[part].anchor, part, PARTS[part].title))
        return items

    def outline(self, items: list["BodyItem"]) -> list[OutlineEntry]:
        """The table of contents: fixed parts, then sections and appendices."""
        shown = [
            key
            for key in PARTS_BEFORE_SECTIONS
            if key != "school_day" or self.has_school_day()
        ]
        return [
            *(PARTS[key] for key in shown),
            *(OutlineEntry(item.anchor, item.heading) for item in items),
            PARTS["about"],
        ]

    def reachable_by_phone_or_email(self) -> bool:
        """Whether the page gives parents a phone number or an email address,
        for absences or among its contacts."""
        return bool(
            self.absence_phone
            or self.absence_email
            or any(contact.phone or contact.email for contact in self.contacts.all())
        )

    def has_school_day(self) -> bool:
        return bool(self.school_day() or self.school_day_note)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        items = self.body_items()
        context.update(
            {
                "body_items": items,
                "outline": self.outline(items),
                "parts": PARTS,
                "has_school_day": self.has_school_day(),
                "review": self.review(),
                "school_day": self.school_day(),
                "absence_report_by": (
                    display_time(self.absence_report_by)
                    if self.absence_report_by
                    else ""
                ),
                "absence_tel_href": (
                    tel_href(self.absence_phone) if self.absence_phone else ""
                ),
                "absence_mailto_href": (
                    mailto_href(self.absence_email) if self.absence_email else ""
                ),
                "contacts": list(self.contacts.all()),
                "versions": list(self.versions.all()),
                "linked_policies": list(
                    self.linked_policies.select_related("link_page", "link_document")
                ),
                "code_groups": codes_appendix(),
                "escalation_rows": [stage.value for stage in self.escalation],
                "date_of_issue": display_date(self.date_of_issue, self.date_precision),
            }
        )
        return context


class PolicyContact(Orderable):
    """Someone parents can contact: a role, a name, and how to reach them."""

    page = ParentalKey(
        AttendancePolicyPage, on_delete=models.CASCADE, related_name="contacts"
    )
    role = models.CharField(
        "role or organisation",
        max_length=160,
        help_text="e.g. Designated Safeguarding Lead, or Local Authority "
        "Attendance Team.",
    )
    name = models.CharField(max_length=120, blank=True)
    phone = models.CharField(
        max_length=30, blank=True, validators=[validate_uk_phone], help_text=PHONE_HELP
    )
    email = models.CharField(
        max_length=254, blank=True, validators=[validate_contact_email]
    )
    website = models.URLField(blank=True)

    panels = [
        FieldRowPanel([FieldPanel("role"), FieldPanel("name")]),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
        FieldPanel("website"),
    ]

    def __str__(self) -> str:
        return f"{self.role}: {self.name}" if self.name else self.role

    def clean(self) -> None:
        super().clean()
        if not (self.name or self.phone or self.email or self.website):
            raise ValidationError(
                "Give a name, phone number, email address or website for this "
                "contact, so parents know who or how to contact."
            )

    @property
    def tel_href(self) -> str:
        return tel_href(self.phone) if self.phone else ""

    @property
    def mailto_href(self) -> str:
        return mailto_href(self.email) if self.email else ""


class PolicyVersion(Orderable):
    """One row of the policy's version history."""

    page = ParentalKey(
        AttendancePolicyPage, on_delete=models.CASCADE, related_name="versions"
    )
    version = models.CharField(max_length=20)
    section = models.CharField(max_length=120, blank=True)
    amendments = models.CharField(max_length=300)
    date = models.DateField()
    author = models.CharField(max_length=120, blank=True)

    panels = [
        FieldRowPanel(
            [FieldPanel("version"), FieldPanel("date"), FieldPanel("author")]
        ),
        FieldPanel("section"),
        FieldPanel("amendments"),
    ]

    def __str__(self) -> str:
        return f"Version {self.version}"


class LinkedPolicy(Orderable):
    """A related policy: a name, and a page, document or web address if published."""

    page = ParentalKey(
        AttendancePolicyPage, on_delete=models.CASCADE, related_name="linked_policies"
    )
    title = models.CharField(max_length=200)
    link_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    link_document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    link_url = models.URLField("web address", blank=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("link_page"),
        FieldPanel("link_document"),
        FieldPanel("link_url"),
    ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        given = [
            bool(self.link_page_id),
            bool(self.link_document_id),
            bool(self.link_url),
        ]
        if sum(given) > 1:
            raise ValidationError(
                "Link to one place only: a page, a document or a web address."
            )
