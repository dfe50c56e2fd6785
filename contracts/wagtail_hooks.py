"""Wagtail admin additions: each LA's penalty-notice code of conduct settings
(edited by its lead practitioners, scoped as every setting an LA owns:
``schools.owned_snippets``), and a warning to editors whose policy page names
a penalty amount the national framework does not use."""

from django.contrib import messages
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, HelpPanel, ObjectList
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from contracts.models import CodeOfConduct
from contracts.policy_check import page_texts, superseded_amounts, warning_for
from policy_pages.models import AttendancePolicyPage
from schools.owned_snippets import OwnedForm, OwnedPermissionPolicy, OwnedSnippetViewSet

register_permission_policy(CodeOfConduct, OwnedPermissionPolicy(CodeOfConduct))


class CodeOfConductViewSet(OwnedSnippetViewSet):
    model = CodeOfConduct
    icon = "doc-full"
    menu_label = "Penalty notice code"
    menu_name = "penalty-notice-code"
    add_to_admin_menu = True
    menu_order = 270
    list_display = ["local_authority", "improvement_weeks", "headteacher_may_issue"]
    edit_handler = ObjectList(
        [
            HelpPanel(
                content="<p>The settings of your local authority's code of conduct "
                "for penalty notices. The portal uses them for notices to improve "
                "and penalty notices at your schools. Without them, the improvement "
                "period is 4 weeks, the LA issues every notice, and a posted notice "
                "is deemed received 2 working days after posting.</p>",
                heading="Penalty notice code of conduct",
            ),
            FieldPanel("local_authority"),
            FieldPanel("improvement_weeks"),
            FieldPanel("headteacher_may_issue"),
            FieldPanel("deemed_receipt_working_days"),
            FieldPanel("address"),
        ],
        base_form_class=OwnedForm,
    )


register_snippet(CodeOfConductViewSet)


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_of_superseded_penalty_amounts(request, page) -> None:
    """A warning, not a refusal: the page still saves, and the editor is told
    which amount, in which sentence."""
    policy = page.specific
    if isinstance(policy, AttendancePolicyPage):
        found = superseded_amounts(page_texts(policy))
        if found:
            messages.warning(request, warning_for(found))
