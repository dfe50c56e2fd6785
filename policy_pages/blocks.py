"""StreamField blocks for the public pages.

A policy is a list of sections. Each section has a heading (an ``h2``, and an
entry in the table of contents) and content: paragraphs, sub-headings (``h3``),
callouts and tables. Rich text offers no heading levels of its own, so the page
outline is always h1 > h2 > h3.
"""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from wagtail import blocks
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

# Links (to pages, websites, email addresses and documents) and lists, but no
# headings: heading levels come from the blocks, so the outline stays in order.
RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link"]

EMPTY_SECTION_MESSAGE = (
    "This section has a heading but no content. Add a paragraph, table or "
    "callout, or delete the section, before publishing."
)


class SubheadingBlock(blocks.CharBlock):
    """A heading inside a section, shown as ``h3``."""

    def __init__(self, **kwargs):
        super().__init__(max_length=160, **kwargs)

    class Meta:
        icon = "title"
        label = "Sub-heading"
        template = "policy_pages/blocks/subheading.html"


class CalloutBlock(blocks.StructBlock):
    """A boxed note that stands out from the text, e.g. a deadline to remember."""

    kind = blocks.ChoiceBlock(
        choices=[("info", "Information"), ("important", "Important")],
        default="info",
        help_text="Important callouts are for deadlines and legal consequences.",
    )
    title = blocks.CharBlock(max_length=120, required=False)
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "warning"
        label = "Callout"
        template = "policy_pages/blocks/callout.html"


class TableBlock(blocks.StructBlock):
    """A data table with a caption and column headers.

    Every table needs a caption and headers so that screen readers can announce
    it; every row must have one cell per column.
    """

    caption = blocks.CharBlock(
        max_length=200, help_text="Says what the table shows, e.g. 'Lateness'."
    )
    first_column_is_header = blocks.BooleanBlock(
        required=False,
        help_text="Tick if the first cell of each row names the row.",
    )
    columns = blocks.ListBlock(
        blocks.CharBlock(max_length=120, label="Column heading"),
        min_num=1,
        label="Column headings",
    )
    rows = blocks.ListBlock(
        blocks.ListBlock(
            blocks.CharBlock(required=False, max_length=600, label="Cell"),
            label="Row",
        ),
        min_num=1,
    )

    class Meta:
        icon = "table"
        label = "Table"
        template = "policy_pages/blocks/table.html"

    def clean(self, value):
        value = super().clean(value)
        width = len(value["columns"])
        row_errors = {
            index: ValidationError(
                f"Row {index + 1} has {len(row)} cells but the table has {width} "
                "columns. Give every row one cell per column."
            )
            for index, row in enumerate(value["rows"])
            if len(row) != width
        }
        if row_errors:
            raise StructBlockValidationError(
                block_errors={"rows": ListBlockValidationError(block_errors=row_errors)}
            )
        return value


class SectionContentBlock(blocks.StreamBlock):
    """What a section holds. At least one item, checked when publishing."""

    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES, template="policy_pages/blocks/paragraph.html"
    )
    subheading = SubheadingBlock()
    callout = CalloutBlock()
    table = TableBlock()

    def __init__(self, **kwargs):
        # Emptiness is checked in clean() with a message that says what to do.
        super().__init__(required=False, **kwargs)

    def clean(self, value):
        if len(value) == 0 and not self.is_deferred_validation:
            raise StreamBlockValidationError(
                non_block_errors=ErrorList([ValidationError(EMPTY_SECTION_MESSAGE)])
            )
        return super().clean(value)


class SectionBlock(blocks.StructBlock):
    """One numbered part of a policy: a heading (``h2``) and its content."""

    heading = blocks.CharBlock(
        max_length=160,
        help_text="Shown in the table of contents, e.g. '5. Recording attendance'.",
    )
    content = SectionContentBlock()

    class Meta:
        icon = "doc-full"
        label = "Section"


class AppendixBlock(blocks.StructBlock):
    """Where one of the generated appendices goes among the sections.

    The appendix's content is not edited here: the codes come from the national
    code table and the escalation table from the Appendices tab. Without this
    block, the appendix follows the last section.
    """

    heading = blocks.CharBlock(max_length=160)

    class Meta:
        icon = "doc-full-inverse"


class PolicySectionsBlock(blocks.StreamBlock):
    section = SectionBlock()
    codes_appendix = AppendixBlock(
        label="Attendance codes appendix",
        default={"heading": "Appendix: attendance codes"},
    )
    escalation_appendix = AppendixBlock(
        label="Escalation of support appendix",
        default={"heading": "Appendix: escalation of support"},
    )

    class Meta:
        block_counts = {
            "codes_appendix": {"max_num": 1},
            "escalation_appendix": {"max_num": 1},
        }


class EscalationStageBlock(blocks.StructBlock):
    """One row of the escalation-of-support table."""

    stage = blocks.CharBlock(max_length=200)
    who = blocks.TextBlock(label="Who it is for")
    support = blocks.TextBlock(label="What happens")

    class Meta:
        icon = "list-ol"
        label = "Stage"


class EscalationBlock(blocks.StreamBlock):
    stage = EscalationStageBlock()


# The default for a new policy, from the stages in the DfE's "Working together to
# improve school attendance" (2024). A school edits or replaces the rows.
DEFAULT_ESCALATION = [
    (
        "stage",
        {
            "stage": "1. Universal support",
            "who": "Every pupil.",
            "support": (
                "The whole school expects and encourages good attendance. We call "
                "home on the first day of any absence and follow up every absence "
                "that has not been explained."
            ),
        },
    ),
    (
        "stage",
        {
            "stage": "2. Support first",
            "who": "Pupils at risk of persistent absence.",
            "support": (
                "We meet the family to understand what is getting in the way, in "
                "school and outside it, and point them to help. An initial concerns "
                "meeting is held and confirmed by letter."
            ),
        },
    ),
    (
        "stage",
        {
            "stage": "3. Voluntary early help plan",
            "who": "Pupils whose absence continues, with the family's agreement.",
            "support": (
                "A plan that is assessed, agreed, carried out and reviewed, with "
                "clear targets and a named lead practitioner from the school or "
                "the local authority."
            ),
        },
    ),
    (
        "stage",
        {
            "stage": "4. Formal support",
            "who": ("Families where early help has not worked or is not suitable."),
            "support": (
                "An attendance contract (formerly a parenting contract), agreed and "
                "signed with the parents. It is voluntary and not legally binding. "
                "A notice to improve gives a last chance to take up support before "
                "a penalty notice is considered."
            ),
        },
    ),
    (
        "stage",
        {
            "stage": "5. Legal intervention",
            "who": "Cases where support has not been taken up or has not worked.",
            "support": (
                "A penalty notice may be issued by the headteacher (or someone "
                "they authorise), the local authority or the police, in line with "
                "the local authority's code of conduct. The local authority "
                "decides whether to apply to the Family Court for an education "
                "supervision order and, as the last resort, whether to prosecute "
                "in the Magistrates' Court."
            ),
        },
    ),
    (
        "stage",
        {
            "stage": "At any stage: safeguarding",
            "who": "Any pupil where there is a concern for their safety or welfare.",
            "support": (
                "The designated safeguarding lead is involved and, where needed, a "
                "referral is made to children's social care."
            ),
        },
    ),
]


class SchoolContactsBlock(blocks.StructBlock):
    """The school's contacts, taken from its attendance policy page.

    Any page inside a school's part of the site can place this block; the
    contacts are kept once, on the policy page, and shown wherever the block is.
    """

    heading = blocks.CharBlock(max_length=120, default="Who to contact")

    class Meta:
        icon = "group"
        label = "School contacts"
        template = "policy_pages/blocks/school_contacts.html"

    def get_context(self, value, parent_context=None):
        from policy_pages.selectors import school_contacts_for_page

        context = super().get_context(value, parent_context=parent_context)
        page = (parent_context or {}).get("page")
        context["contacts"] = (
            school_contacts_for_page(page=page) if page is not None else []
        )
        return context


class HomePageBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES, template="policy_pages/blocks/paragraph.html"
    )
    callout = CalloutBlock()
    school_contacts = SchoolContactsBlock()
