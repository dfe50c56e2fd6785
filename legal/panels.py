"""The "Legal steps" panel on the case page: each education supervision
order with its dates (in force until, the next review, the extension window),
each prosecution referral with the court's outcomes, and the court bundles
the user may see, with the ways to record or produce each."""

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from cases.enums import Stage
from cases.models import Case
from legal.enums import BundleStatus
from legal.permissions import (
    bundle_drafts_only,
    can_prepare_referral,
    can_produce_bundle,
    can_record_eso,
    visible_bundles,
)
from legal.selectors import case_orders, case_referrals

# The case page lists this many bundles; the legal steps page lists them all.
BUNDLES_SHOWN = 5


def legal_offers(user, case: Case, orders: list) -> tuple[bool, bool]:
    """Whether to offer recording the ESO application (LA staff, the case at
    the ESO stage with no live order) and preparing the prosecution referral
    (the LA legal officer, the case at the prosecution stage)."""
    can_apply = (
        case.stage == Stage.ESO
        and not any(order.is_live for order in orders)
        and can_record_eso(user, case)
    )
    can_refer = case.stage == Stage.PROSECUTION_REFERRAL and can_prepare_referral(
        user, case
    )
    return can_apply, can_refer


def case_panel(request: HttpRequest, case: Case) -> str:
    user, today = request.user, timezone.localdate()
    orders = case_orders(case, today)
    referrals = case_referrals(case)
    may_see_bundles = bundle_drafts_only(user, case) is not None
    bundles = (
        list(visible_bundles(user, case)[:BUNDLES_SHOWN]) if may_see_bundles else []
    )
    for bundle in bundles:
        bundle.case = case
    can_apply, can_refer = legal_offers(user, case, orders)
    can_bundle = can_produce_bundle(user, case, draft=False)
    can_draft = can_produce_bundle(user, case, draft=True)
    if not (
        orders
        or referrals
        or bundles
        or can_apply
        or can_refer
        or can_bundle
        or can_draft
    ):
        return ""
    return render_to_string(
        "legal/partials/case_panel.html",
        {
            "case": case,
            "orders": orders,
            "referrals": referrals,
            "bundles": bundles,
            "can_apply": can_apply,
            "can_refer": can_refer,
            "can_bundle": can_bundle,
            "can_draft": can_draft,
            "BundleStatus": BundleStatus,
        },
        request=request,
    )
