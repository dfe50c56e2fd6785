"""The "My work" part of the dashboard: turning the daily email on and off.

The list itself is on the dashboard (``views.dashboard``), put together by
``schools.work.my_work`` from the sources the apps register.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from portal.forms import WorkDigestForm
from portal.selectors import work_digest_subscribed
from portal.services import work_digest_subscribe, work_digest_unsubscribe

INVALID = "Choose whether to turn the daily email on or off."
TURNED_ON = (
    "The daily email is on: each morning you get this list, when something is due."
)
NO_ADDRESS = (
    "The daily email is on, but your account has no email address: ask your "
    "portal administrator to add one."
)
TURNED_OFF = "The daily email is off."


@require_POST
def work_digest(request: HttpRequest) -> HttpResponse:
    """Turn the daily email on or off; htmx gets the switch back, others the
    dashboard."""
    form = WorkDigestForm(request.POST)
    level = messages.SUCCESS
    if not form.is_valid():
        level, notice = messages.ERROR, INVALID
    elif form.cleaned_data["daily_email"] == "on":
        work_digest_subscribe(user=request.user)
        notice = TURNED_ON
        if not request.user.email:
            level, notice = messages.WARNING, NO_ADDRESS
    else:
        work_digest_unsubscribe(user=request.user)
        notice = TURNED_OFF
    if request.htmx:
        return render(
            request,
            "portal/partials/work_digest.html",
            {
                "work_digest": work_digest_subscribed(request.user),
                "digest_notice": notice,
            },
        )
    messages.add_message(request, level, notice)
    return redirect(reverse("portal:dashboard") + "#my-work-heading")
