"""Meeting types in the Wagtail admin: a school's or its LA's own names and
settings over the built-in types, scoped like every setting a school or LA
owns (``schools.owned_snippets``)."""

from django import forms
from wagtail.admin.panels import FieldPanel, HelpPanel, ObjectList
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from meetings.models import MeetingTypeSetting
from meetings.types import BUILT_IN_TYPES, LETTER_ROLES
from schools.owned_snippets import OwnedForm, OwnedPermissionPolicy, OwnedSnippetViewSet

register_permission_policy(
    MeetingTypeSetting, OwnedPermissionPolicy(MeetingTypeSetting)
)


class MeetingTypeForm(OwnedForm):
    letters = forms.MultipleChoiceField(
        label="Letters that go with it",
        choices=LETTER_ROLES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


def _built_in_help() -> str:
    rows = "".join(
        f"<li><code>{t.key}</code>: {t.name} (led by {t.usual_lead.lower()})</li>"
        for t in BUILT_IN_TYPES
    )
    return (
        "<p>Use a built-in type's key to rename it or change its settings for "
        "your school or LA, or a new key to add a type. A school's setting wins "
        "over its LA's, and both over the built-in type. Untick "
        "<em>Active</em> to stop offering a type.</p>"
        f"<ul>{rows}</ul>"
    )


class MeetingTypeViewSet(OwnedSnippetViewSet):
    model = MeetingTypeSetting
    icon = "group"
    menu_label = "Meeting types"
    menu_name = "meeting-types"
    add_to_admin_menu = True
    menu_order = 260
    list_display = ["name", "key", "school", "local_authority", "active"]
    edit_handler = ObjectList(
        [
            HelpPanel(content=_built_in_help(), heading="Meeting types"),
            FieldPanel("school"),
            FieldPanel("local_authority"),
            FieldPanel("key"),
            FieldPanel("name"),
            FieldPanel("usual_lead"),
            FieldPanel("level"),
            FieldPanel("letters"),
            FieldPanel("invites_parents"),
            FieldPanel("is_inclusion_meeting"),
            FieldPanel("active"),
        ],
        base_form_class=MeetingTypeForm,
    )


register_snippet(MeetingTypeViewSet)
