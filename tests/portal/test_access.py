"""Every portal URL needs a login; portal responses are never cached."""

import pytest
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from tests.sign_in import password_step

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

# Open without a session: the password page, the two second-factor pages
# (which serve only a session whose password has passed, and send anyone else
# to the password page), and where browsers report content-security-policy
# refusals (tests/portal/test_content_security_policy.py).
PUBLIC_PORTAL_URLS = {
    "portal:login",
    "portal:csp_report",
    "portal:password_reset",
    "portal:password_reset_sent",
    "portal:password_reset_confirm",
    "portal:password_reset_done",
    "portal:staff:invitation",
    "portal:second_factor",
    "portal:second_factor_setup",
}
# Sample arguments for URLs that take them, tried in order.
SAMPLE_KWARGS = (
    {"pk": 1},
    {"pupil_pk": 1},
    {"case_pk": 1},
    {"pk": 1, "action": "transition"},
    {"pk": 1, "grant_pk": 1},
    {"pk": 1, "plan_pk": 1},
    {"pk": 1, "plan_pk": 1, "target_pk": 1},
    {"pk": 1, "offer_pk": 1},
    {"pk": 1, "voice_pk": 1},
    {"pk": 1, "letter_pk": 1},
    {"pk": 1, "meeting_pk": 1},
    {"pk": 1, "meeting_pk": 1, "invitation_pk": 1},
    {"pk": 1, "meeting_pk": 1, "action_pk": 1},
    {"school_pk": 1},
    {"pupil_pk": 1, "voice_pk": 1},
    {"pk": 1, "day": "2026-01-05", "session": "AM"},
    {"pk": 1, "notice_pk": 1},
    {"pk": 1, "contract_pk": 1},
    {"pk": 1, "contract_pk": 1, "signature_pk": 1},
    {"pk": 1, "notice_pk": 1, "action": "issue"},
    {"pk": 1, "order_pk": 1},
    {"pk": 1, "referral_pk": 1},
    {"pk": 1, "bundle_pk": 1},
    {"kind": "school", "pk": 1},
    {"kind": "school", "pk": 1, "person_pk": 1},
    {"kind": "school", "pk": 1, "person_pk": 1, "membership_pk": 1},
    {"token": "x"},
    {"pupil_pk": 1, "export_pk": 1},
    {"uidb64": "x", "token": "x"},
    {"meeting_pk": 1},
    {"meeting_pk": 1, "action_pk": 1},
)


def portal_url_names() -> list[str]:
    """Every named URL in the portal namespace, found by walking the URL conf."""
    names = []

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace
                if inner:
                    inner = f"{namespace}:{inner}" if namespace else inner
                walk(pattern.url_patterns, inner or namespace)
            elif (
                isinstance(pattern, URLPattern)
                and pattern.name
                and (namespace or "").split(":")[0] == "portal"
            ):
                names.append(f"{namespace}:{pattern.name}")

    walk(get_resolver().url_patterns, None)
    return sorted(names)


def reverse_sample(name: str) -> str:
    for kwargs in ({}, *SAMPLE_KWARGS):
        try:
            return reverse(name, kwargs=kwargs)
        except NoReverseMatch:  # the URL takes other arguments: try the next
            continue
    raise AssertionError(f"No sample arguments reverse {name}")


@pytest.mark.parametrize("signed_in_with", ["nothing", "password only"])
def test_every_portal_url_needs_both_factors(client, signed_in_with):
    """Anonymous requests, and a session whose password passed but whose code
    has not, are sent to the login page by every portal URL."""

    def start():
        if signed_in_with == "password only":
            assert password_step(client, "lead.chaucer").status_code == 302

    start()
    names = portal_url_names()
    visited = []
    for name in names:
        if name in PUBLIC_PORTAL_URLS:
            continue
        url = reverse_sample(name)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if name == "portal:logout" and method == "get":
                assert response.status_code == 405
                continue
            if name == "portal:logout":
                # Logging out with no session still lands on the login page.
                assert response.status_code == 302
                assert response["Location"] == reverse("portal:login")
                start()
                continue
            assert response.status_code == 302, (name, method)
            assert response["Location"].startswith(
                reverse("portal:login") + "?next="
            ), name
        visited.append(name)
    # Fails when a URL is added but the walk did not reach it.
    assert len(visited) == len(names) - len(PUBLIC_PORTAL_URLS)
    assert visited == sorted(
        [
            "portal:la_workspace:dashboard",
            "portal:la_workspace:dashboard_csv",
            "portal:la_workspace:joint_approach_detail",
            "portal:la_workspace:joint_approach_new",
            "portal:la_workspace:joint_approaches",
            "portal:la_workspace:school_trend",
            "portal:la_workspace:settings",
            "portal:la_workspace:sibling_contact_add",
            "portal:returns:confirm",
            "portal:returns:inbox",
            "portal:returns:receive",
            "portal:returns:send",
            "portal:returns:to_send",
            "portal:targeting:action_update",
            "portal:targeting:arrange",
            "portal:targeting:detail",
            "portal:targeting:discuss_add",
            "portal:targeting:list",
            "portal:targeting:pack_csv",
            "portal:targeting:pack_pdf",
            "portal:targeting:record",
            "portal:account_security",
            "portal:attendance:contact_new",
            "portal:attendance:list_csv",
            "portal:attendance:lists",
            "portal:attendance:mark_amend",
            "portal:attendance:mis",
            "portal:attendance:mis_csv",
            "portal:attendance:pupil",
            "portal:attendance:pupil_card",
            "portal:attendance:report_csv",
            "portal:attendance:upload",
            "portal:backup_codes_new",
            "portal:cases:action",
            "portal:cases:caseload",
            "portal:cases:detail",
            "portal:contracts:contract",
            "portal:contracts:contract_activate",
            "portal:contracts:contract_complete",
            "portal:contracts:contract_decline",
            "portal:contracts:contract_draft",
            "portal:contracts:contract_edit",
            "portal:contracts:contract_letters",
            "portal:contracts:contract_not_kept",
            "portal:contracts:contract_not_offered",
            "portal:contracts:contract_offer",
            "portal:contracts:contract_review",
            "portal:contracts:contract_sign",
            "portal:contracts:contract_signature",
            "portal:contracts:contract_signed_copy",
            "portal:contracts:contract_withdraw",
            "portal:contracts:notice_to_improve",
            "portal:contracts:notice_to_improve_letter",
            "portal:contracts:notice_to_improve_new",
            "portal:contracts:notices",
            "portal:contracts:penalty_notice",
            "portal:contracts:penalty_notice_action",
            "portal:contracts:penalty_notice_new",
            "portal:legal:bundle_pdf",
            "portal:legal:bundle_request",
            "portal:legal:bundle_status",
            "portal:legal:eso",
            "portal:legal:eso_new",
            "portal:legal:referral",
            "portal:legal:referral_new",
            "portal:legal:steps",
            "portal:letters:case_batch_pdf",
            "portal:letters:letter",
            "portal:letters:letter_list",
            "portal:letters:letter_new",
            "portal:letters:letter_pdf",
            "portal:letters:outbox",
            "portal:letters:school_batch_pdf",
            "portal:plans:ledger",
            "portal:plans:ledger_csv",
            "portal:plans:offer_edit",
            "portal:plans:offer_new",
            "portal:cases:open",
            "portal:plans:plan",
            "portal:plans:plan_activate",
            "portal:plans:plan_new",
            "portal:plans:plan_review",
            "portal:plans:plan_withdraw",
            "portal:voice:pupil_voice_detail",
            "portal:voice:pupil_voice_drawing",
            "portal:voice:pupil_voice_list",
            "portal:voice:pupil_voice_new",
            "portal:plans:target_advice",
            "portal:plans:target_edit",
            "portal:plans:target_new",
            "portal:voice:voice_detail",
            "portal:voice:voice_drawing",
            "portal:voice:voice_list",
            "portal:voice:voice_new",
            "portal:dashboard",
            "portal:logout",
            "portal:meetings:action_to_offer",
            "portal:meetings:action_to_target",
            "portal:meetings:arrange",
            "portal:meetings:cancel",
            "portal:meetings:invitation",
            "portal:meetings:letters",
            "portal:meetings:list",
            "portal:meetings:meeting",
            "portal:meetings:rearrange",
            "portal:meetings:record",
            "portal:overview",
            "portal:overview_governors",
            "portal:pupil_detail",
            "portal:pupil_list",
            "portal:safeguarding:access_report",
            "portal:safeguarding:access_report_csv",
            "portal:safeguarding:case_consultation",
            "portal:safeguarding:case_flag",
            "portal:safeguarding:item",
            "portal:safeguarding:item_edit",
            "portal:safeguarding:item_share",
            "portal:safeguarding:item_unshare",
            "portal:safeguarding:link_add",
            "portal:safeguarding:note_add",
            "portal:safeguarding:overview",
            "portal:safeguarding:pupil",
            "portal:safeguarding:pupil_export",
            "portal:safeguarding:transfer",
            "portal:safeguarding:transfer_received",
            "portal:safeguarding:transfer_sent",
            "portal:sign_out_everywhere",
            "portal:staff:deactivate",
            "portal:subject_access:download",
            "portal:subject_access:exports",
            "portal:staff:home",
            "portal:staff:invitation_resend",
            "portal:staff:invite",
            "portal:staff:list",
            "portal:staff:person",
            "portal:staff:role_give",
            "portal:staff:role_remove",
            "portal:staff:second_factor_reset",
            "portal:work_digest",
        ]
    )


def test_htmx_request_without_session_gets_hx_redirect_to_login(client):
    response = client.get(
        reverse("portal:pupil_list"),
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/portal/"},
    )
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("portal:login") + "?next=/portal/"


@pytest.mark.parametrize(
    "name", ["portal:login", "portal:dashboard", "portal:pupil_list"]
)
def test_portal_responses_are_no_store_and_vary_on_htmx(client_as, name):
    response = client_as("officer.chaucer").get(reverse(name), follow=True)
    assert "no-store" in response["Cache-Control"]
    assert "HX-Request" in response["Vary"]


def test_portal_pages_turn_off_htmx_history(client_as):
    response = client_as("officer.chaucer").get(reverse("portal:dashboard"))
    assert b'<body hx-history="false"' in response.content


def test_public_home_page_is_not_marked_no_store(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_a_site_without_the_login_middleware_refuses_to_run(settings):
    from django.core.checks import run_checks

    settings.MIDDLEWARE = [
        entry
        for entry in settings.MIDDLEWARE
        if entry != "portal.middleware.PortalLoginRequiredMiddleware"
    ]
    assert "portal.E003" in {message.id for message in run_checks()}
