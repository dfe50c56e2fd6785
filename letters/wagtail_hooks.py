"""Letter templates in the Wagtail admin, scoped to what each user may edit.

An attendance lead edits their own schools' templates, an LA lead practitioner
their local authority's defaults, a superuser all; anyone else has no letter
templates at all. The scoping is ``schools.owned_snippets``, shared with the
other settings a school or LA owns (meeting types).
"""

from wagtail.admin.panels import FieldPanel, HelpPanel, ObjectList
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from letters.fields import FIELDS, GROUP_NAMES
from letters.models import LetterTemplate
from schools.owned_snippets import (
    OwnedForm,
    OwnedPermissionPolicy,
    OwnedSnippetViewSet,
)

register_permission_policy(LetterTemplate, OwnedPermissionPolicy(LetterTemplate))


def _fields_help() -> str:
    rows = "".join(
        f"<li><code>{{{{ {field.key} }}}}</code>: {field.label} "
        f"({GROUP_NAMES[field.group].lower()})</li>"
        for field in FIELDS
    )
    return (
        "<p>Write a merge field as <code>{{ field_name }}</code>. Meeting fields "
        "work only in meeting letters. The fields:</p>"
        f"<ul>{rows}</ul>"
    )


class LetterTemplateViewSet(OwnedSnippetViewSet):
    model = LetterTemplate
    icon = "mail"
    menu_label = "Letter templates"
    menu_name = "letter-templates"
    add_to_admin_menu = True
    menu_order = 250
    list_display = ["kind_name", "owner", "subject"]
    list_filter = ["kind"]
    edit_handler = ObjectList(
        [
            FieldPanel("kind"),
            FieldPanel("school"),
            FieldPanel("local_authority"),
            FieldPanel("subject"),
            FieldPanel("body"),
            HelpPanel(content=_fields_help(), heading="Merge fields"),
        ],
        base_form_class=OwnedForm,
    )


register_snippet(LetterTemplateViewSet)
