"""The letters of parenting contracts: the contract document itself (one per
parent who signs) and the warning letter when a contract is not kept.

Both are kinds of letter in the letters app, which a school or LA may re-word
in Wagtail; each is prepared through ``letters.services.letter_prepare``, so
it is a PDF kept in private storage, served by the letters app's
permission-checked view, and on the case's chronology.

The letters app has no merge fields of its own for a contract yet, so a
contract fills the fields of the ``record`` and ``targets`` groups: who the
contract is between (``meeting_attended_by``), its terms
(``meeting_summary``), what each party agrees to (``agreed_actions``) and the
targets (``plan_targets``).
"""

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction

from contracts.contract_enums import ContractStatus
from contracts.models import ParentingContract
from letters.kinds import LetterKind, register_letter_kind
from letters.models import SentLetter
from letters.services import letter_prepare
from schools.models import ParentCarer

DOCUMENT = "parenting_contract"
WARNING = "parenting_contract_warning"

_SIGN_OFF = (
    "<p>Yours sincerely,</p>"
    "<p>{{ case_lead_name }}<br>{{ case_lead_role }}<br>{{ school_name }}</p>"
)

KINDS = (
    LetterKind(
        key=DOCUMENT,
        name="Parenting contract",
        description="The parenting (attendance) contract itself, one copy for each "
        "parent who signs it.",
        groups=("record", "targets"),
        default_subject="Parenting contract for {{ pupil_full_name }}",
        default_body=(
            "<p>This parenting contract is between {{ meeting_attended_by }}.</p>"
            "<p><strong>Pupil:</strong> {{ pupil_full_name }}, born "
            "{{ pupil_date_of_birth }}, {{ pupil_year_group }} at "
            "{{ school_name }}.</p>"
            "<h2>Why we are making this contract</h2>"
            "<p>{{ meeting_summary }}</p>"
            "<h2>What each of us agrees to do</h2>"
            "<p>{{ agreed_actions }}</p>"
            "<h2>The targets</h2>"
            "<p>{{ plan_targets }}</p>"
            "<p>A parenting contract is voluntary, but if it is refused or not "
            "kept the local authority may take that into account when it "
            "decides what to do next, which can include a penalty notice or "
            "prosecution.</p>"
            "<p>Signed by the parent: ______________________ Date: __________</p>"
            "<p>Signed for the school: ______________________ Date: __________</p>"
            "<p>Witnessed by: ______________________ Date: __________</p>"
        ),
    ),
    LetterKind(
        key=WARNING,
        name="Parenting contract warning",
        description="To a parent who is not keeping to a parenting contract.",
        groups=("record", "targets"),
        default_subject="The parenting contract for {{ pupil_forename }} is not "
        "being kept",
        default_body=(
            "<p>{{ parent_salutation }},</p>"
            "<p>You signed a parenting contract with {{ meeting_attended_by }} "
            "about {{ pupil_forename }}'s attendance. It is not being kept: "
            "{{ pupil_forename }}'s attendance this school year is "
            "{{ attendance_percentage }}, with {{ unauthorised_sessions }} "
            "sessions missed without authorisation.</p>"
            "<p>This is what you agreed to do:</p><p>{{ agreed_actions }}</p>"
            "<p>And these are the targets:</p><p>{{ plan_targets }}</p>"
            "<p>Please contact {{ case_lead_name }} straight away. If the contract "
            "continues not to be kept, the local authority may consider formal "
            "action, which can include a penalty notice or prosecution.</p>" + _SIGN_OFF
        ),
    ),
)


def register_kinds() -> None:
    for kind in KINDS:
        register_letter_kind(kind)


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def _figures(snapshot: dict) -> str:
    if not snapshot or not snapshot.get("possible"):
        return "No sessions were recorded when the contract was drafted."
    rate = snapshot.get("attendance_rate")
    line = (
        f"Attendance this school year to {snapshot['as_of']}: "
        f"{rate}% ({snapshot['absent']} sessions missed, "
        f"{snapshot['authorised']} authorised, {snapshot['unauthorised']} "
        f"unauthorised; {snapshot['late']} late marks"
    )
    if snapshot.get("minutes_late"):
        line += f", {snapshot['minutes_late']} minutes late in all"
    return line + ")."


def contract_values(contract: ParentingContract) -> dict[str, str]:
    """The merge values a contract supplies, from saved data only."""
    parents = list(contract.parents.all())
    school = contract.case.school
    parties = [str(p) for p in parents] + [school.name]
    if contract.la_agrees:
        parties.append(school.local_authority.name)
    terms = [_figures(contract.attendance_snapshot)]
    if contract.parents_reasons:
        terms.append(f"The reasons the parents gave: {contract.parents_reasons}")
    if contract.child_views:
        terms.append(f"What the child said: {contract.child_views}")
    terms.append(
        f"The contract runs from {contract.starts_on:%-d %B %Y} to "
        f"{contract.ends_on:%-d %B %Y} and is reviewed every "
        f"{contract.review_every_weeks} weeks."
    )
    terms.append(
        f"Overall responsibility: {_name(contract.overall_responsible)}. Day to "
        f"day: {_name(contract.day_to_day_responsible)}."
    )
    terms.append(
        "The parents consent to information being shared"
        + (f" with {contract.consent_note}." if contract.consent_note else ".")
        if contract.consent_to_share
        else "The parents do not consent to information being shared."
    )
    agreed = [f"The parents agree to: {contract.parents_agree}"]
    agreed.append(f"The school agrees to: {contract.school_agrees}")
    if contract.la_agrees:
        agreed.append(f"The local authority agrees to: {contract.la_agrees}")
    if contract.pupil_agrees:
        agreed.append(f"The pupil agrees to: {contract.pupil_agrees}")
    targets = list(contract.plan.targets.all()) if contract.plan_id else []
    return {
        "meeting_attended_by": ", ".join(parties[:-1]) + " and " + parties[-1],
        "meeting_summary": "\n".join(terms),
        "agreed_actions": "\n".join(agreed),
        "plan_targets": "\n".join(f"• {t.achieve}" for t in targets)
        or "No targets were set.",
    }


def contract_letters(contract: ParentingContract) -> list[SentLetter]:
    """The letters prepared about this contract, oldest first (one query)."""
    return list(
        SentLetter.objects.filter(
            about_type=ContentType.objects.get_for_model(ParentingContract),
            about_id=contract.pk,
        )
        .select_related("recipient")
        .order_by("prepared_at", "pk")
    )


def warning_letters_missing(contract: ParentingContract) -> list[ParentCarer]:
    """The contract's parents who have no warning letter about it yet."""
    warned = {
        letter.recipient_id
        for letter in contract_letters(contract)
        if letter.kind == WARNING
    }
    return [p for p in contract.parents.all() if p.pk not in warned]


def why_not(contract: ParentingContract, kind: str) -> str:
    """Why letters of this kind cannot be prepared for the contract now."""
    if kind == DOCUMENT:
        if contract.status in (
            ContractStatus.DRAFT,
            ContractStatus.WITHDRAWN,
            ContractStatus.DECLINED,
        ):
            return "The contract document is prepared once the contract is offered."
        return ""
    if kind == WARNING:
        if not contract.is_live:
            return "A warning letter is for an active contract that is not kept."
        if not contract.breach_contacted_on:
            return "Contact the parents first and record what they said."
        return ""
    return "Not a contract letter."


@transaction.atomic
def contract_letters_prepare(
    *, contract: ParentingContract, kind: str, by: AbstractBaseUser
) -> list[SentLetter]:
    """One letter of ``kind`` for each parent the contract is with. Reads the
    contract again, so the letters are written from what is saved; refuses,
    writing nothing, when the contract is not at a stage for it (and
    ``letter_prepare`` refuses a user who may not record on the case)."""
    contract = ParentingContract.objects.select_related(
        "case__school__local_authority",
        "plan",
        "overall_responsible",
        "day_to_day_responsible",
    ).get(pk=contract.pk)
    reason = why_not(contract, kind)
    if reason:
        raise ValidationError(reason)
    from contracts.contract_permissions import can_manage_contracts

    if not can_manage_contracts(by, contract.case):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("You may not prepare this contract's letters.")
    values = contract_values(contract)
    return [
        letter_prepare(
            case=contract.case,
            kind=kind,
            recipient=parent,
            by=by,
            values=values,
            about=contract,
        )
        for parent in contract.parents.all()
    ]
