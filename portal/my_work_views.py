"""The "My work" part of the dashboard: turning the daily email on and off.

The list itself is on the dashboard (``views.dashboard``), put together by
``schools.work.my_work`` from the sources the apps register.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from portal.auth import portal_login_required
from portal.forms import WorkDigestForm
from portal.services import work_digest_subscribe, work_digest_unsubscribe


@portal_login_required
@require_POST
def work_digest(request: HttpRequest) -> HttpResponse:
    form = WorkDigestForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose whether to turn the daily email on or off.")
    elif form.cleaned_data["daily_email"] == "on":
        work_digest_subscribe(user=request.user)
        if request.user.email:
            messages.success(
                request,
                "The daily email is on: each morning you get this list, when "
                "something is due.",
            )
        else:
            messages.warning(
                request,
                "The daily email is on, but your account has no email address: "
                "ask your portal administrator to add one.",
            )
    else:
        work_digest_unsubscribe(user=request.user)
        messages.success(request, "The daily email is off.")
    return redirect(reverse("portal:dashboard") + "#my-work-heading")
