"""Wagtail admin additions: a warning to editors whose policy page names a
penalty amount the national framework does not use."""

from django.contrib import messages
from wagtail import hooks

from contracts.policy_check import page_texts, superseded_amounts, warning_for
from policy_pages.models import AttendancePolicyPage


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
