"""Wagtail admin additions: the dashboard panel of policies overdue for review,
and a warning to editors when a policy gives parents no phone or email."""

from django.contrib import messages
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.ui.components import Component

from policy_pages.models import AttendancePolicyPage
from policy_pages.selectors import overdue_policies

NO_PHONE_OR_EMAIL = (
    "This policy gives parents no phone number or email address, neither for "
    "reporting an absence nor among its contacts. Parents without the app or "
    "website cannot reach the school: add at least one."
)


class OverdueReviewsPanel(Component):
    """Lists the live policies past their review date that the user may edit."""

    name = "overdue_policy_reviews"
    template_name = "policy_pages/admin/overdue_panel.html"
    order = 50  # above Wagtail's own panels: it asks the editor to act

    def __init__(self, user):
        self.overdue = overdue_policies(user=user, today=timezone.localdate())

    def render_html(self, parent_context=None) -> str:
        return super().render_html(parent_context) if self.overdue else ""

    def get_context_data(self, parent_context=None):
        return {"overdue": self.overdue}


@hooks.register("construct_homepage_panels")
def add_overdue_reviews_panel(request, panels) -> None:
    panels.append(OverdueReviewsPanel(request.user))


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_when_parents_cannot_phone_or_email(request, page) -> None:
    """A warning, not a refusal: the page still saves, and the editor is told."""
    policy = page.specific
    if isinstance(policy, AttendancePolicyPage) and (
        not policy.reachable_by_phone_or_email()
    ):
        messages.warning(request, NO_PHONE_OR_EMAIL)
