"""Wagtail admin additions: the dashboard panel of policies overdue for review."""

from django.utils import timezone
from wagtail import hooks
from wagtail.admin.ui.components import Component

from policy_pages.selectors import overdue_policies


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
