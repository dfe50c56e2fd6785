"""Every write to parenting contracts.

Each service is atomic and keyword-only, locks the case row
(``cases.services.case_lock``), checks the user's permission on the case
itself (``contract_permissions.can_manage_contracts``) and writes one
chronology event in the same transaction. Every step of a contract's life
goes through ``contract_transition``, which asks ``contract_blockers`` and
takes the django-fsm-2 transition. Bad input is a ``ValidationError`` naming
the field, raised before anything is written; files written before a refusal
are removed again.
"""

import base64
import binascii
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from io import BytesIO

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django_fsm import has_transition_perm

from attendance.measures import academic_year_start, pupil_measures
from attendance.models import RegisterMark
from cases.enums import Stage
from cases.models import Case
from cases.selectors import eligible_practitioners
from cases.services import case_lock, event_record
from contracts.contract_enums import (
    ContractEventKind,
    ContractReviewDecision,
    NotKeptDecision,
    SigningMethod,
)
from contracts.contract_lifecycle import STEPS, contract_blockers
from contracts.contract_permissions import can_manage_contracts
from contracts.contract_selectors import contract_plans
from contracts.models import (
    ContractReview,
    ContractReviewTarget,
    ContractSignature,
    ParentingContract,
)
from schools.models import CarerRelationship, ParentCarer
from voice.images import clean_image
from voice.selectors import case_voice_records

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
NOT_A_SIGNED_COPY = "The file is not a PDF, PNG or JPEG: upload a scan or photo."


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _locked_for_writing(case: Case, by: AbstractBaseUser) -> Case:
    case = case_lock(case)
    if not can_manage_contracts(by, case):
        raise PermissionDenied(
            "Only the attendance lead, the DSL or the LA lead practitioner may "
            "work on this case's parenting contracts."
        )
    return case


def _contract_on(case: Case, contract: ParentingContract) -> ParentingContract:
    if contract.case_id != case.pk:
        raise ValidationError("That contract is not on this case.")
    contract = ParentingContract.objects.select_for_update().get(pk=contract.pk)
    contract.case = case
    return contract


def contract_parents_choices(case: Case) -> list[CarerRelationship]:
    """The pupil's parents and carers who may sign a contract: those with
    parental responsibility whom the school may contact."""
    return list(
        CarerRelationship.objects.filter(
            pupil_id=case.pupil_id,
            has_parental_responsibility=True,
            may_contact=True,
        ).select_related("parent_carer")
    )


def attendance_snapshot(case: Case, on: date) -> dict:
    """The pupil's figures on the case's school register as of ``on``, as
    plain values to freeze in the contract."""
    measures = pupil_measures(case.pupil, on, school=case.school)
    rate = measures.attendance_rate
    minutes = RegisterMark.objects.filter(
        pupil_id=case.pupil_id,
        school_id=case.school_id,
        date__gte=academic_year_start(on),
        date__lte=on,
    ).aggregate(total=Sum("minutes_late"))["total"]
    return {
        "as_of": on.isoformat(),
        "possible": measures.possible,
        "attended": measures.attended,
        "absent": measures.absent,
        "authorised": measures.authorised,
        "unauthorised": measures.unauthorised,
        "late": measures.late,
        "minutes_late": minutes,
        "attendance_rate": None if rate is None else str(rate),
    }


def child_views_from_voice(case: Case) -> str:
    """What the child said, from the case's pupil-voice records, newest first."""
    lines = []
    for record in case_voice_records(case)[:3]:
        said = (record.words or record.summary or "").strip()
        if said:
            lines.append(f"{_day(record.recorded_on)}: {said}")
    return "\n".join(lines)


def _checked_parents(case: Case, parents: Iterable[ParentCarer]) -> list[ParentCarer]:
    parents = list(dict.fromkeys(parents))
    allowed = {rel.parent_carer_id for rel in contract_parents_choices(case)}
    if not parents:
        raise ValidationError(
            {"parents": "Choose the parent or parents the contract is with."}
        )
    for parent in parents:
        if parent.pk not in allowed:
            raise ValidationError(
                {
                    "parents": f"{parent} is not one of "
                    f"{case.pupil.display_name}'s parents with parental "
                    "responsibility whom the school may contact."
                }
            )
    return parents


def _check_terms(case: Case, terms: Mapping) -> dict:
    errors = {}
    plan = terms.get("plan")
    if plan is not None and not contract_plans(case).filter(pk=plan.pk).exists():
        errors["plan"] = "Choose this case's parenting-contract plan."
    staff = eligible_practitioners(case)
    for name in ("overall_responsible", "day_to_day_responsible"):
        person = terms.get(name)
        if person is None:
            errors[name] = "Choose someone who works on this case."
        elif not staff.filter(pk=person.pk).exists():
            errors[name] = "Choose someone who works on this case's school or LA team."
    for name, message in (
        ("parents_agree", "Say what the parents agree to do."),
        ("school_agrees", "Say what the school agrees to do."),
    ):
        if not str(terms.get(name) or "").strip():
            errors[name] = message
    starts_on, ends_on = terms.get("starts_on"), terms.get("ends_on")
    if starts_on is None:
        errors["starts_on"] = "Give the date the contract starts."
    if ends_on is None:
        errors["ends_on"] = "Give the date the contract ends."
    elif starts_on is not None and ends_on <= starts_on:
        errors["ends_on"] = "The contract ends after it starts."
    weeks = terms.get("review_every_weeks")
    if weeks not in (4, 5, 6):
        errors["review_every_weeks"] = "Reviews are every 4, 5 or 6 weeks."
    if errors:
        raise ValidationError(errors)
    return {
        key: value.strip() if isinstance(value, str) else value
        for key, value in terms.items()
    }


_NULLABLE = ("plan", "overall_responsible", "day_to_day_responsible")
TERM_FIELDS = (
    "plan",
    "parents_reasons",
    "child_views",
    "parents_agree",
    "school_agrees",
    "la_agrees",
    "pupil_agrees",
    "overall_responsible",
    "day_to_day_responsible",
    "starts_on",
    "ends_on",
    "review_every_weeks",
    "consent_to_share",
    "consent_note",
)


@transaction.atomic
def contract_draft(
    *, case: Case, by: AbstractBaseUser, parents: Iterable[ParentCarer], **terms
) -> ParentingContract:
    """Draft a contract on a case at the parenting contract stage, with one or
    both parents. Freezes the pupil's figures as of today; what the child said
    is taken from the pupil-voice records unless given.

    Side effects: the contract and a ``contract.drafted`` event.
    """
    unknown = set(terms) - set(TERM_FIELDS)
    if unknown:
        raise ValueError(f"Not contract fields: {sorted(unknown)}")
    case = _locked_for_writing(case, by)
    if case.stage != Stage.PARENTING_CONTRACT:
        raise ValidationError(
            "A parenting contract is drafted once the case is at the parenting "
            "contract stage."
        )
    parents = _checked_parents(case, parents)
    terms.setdefault("review_every_weeks", 6)
    terms = _check_terms(case, terms)
    if terms.get("child_views") is None:
        terms["child_views"] = child_views_from_voice(case)
    today = timezone.localdate()
    contract = ParentingContract(
        case=case,
        attendance_snapshot=attendance_snapshot(case, today),
        created_by=by,
        **{
            k: ("" if v is None and k not in _NULLABLE else v) for k, v in terms.items()
        },
    )
    contract.full_clean(
        exclude=[
            "case",
            "status",
            "created_by",
            "plan",
            "overall_responsible",
            "day_to_day_responsible",
        ]
    )
    contract.save()
    contract.parents.set(parents)
    event_record(
        case=case,
        kind=ContractEventKind.DRAFTED,
        by=by,
        details={
            "contract": contract.pk,
            "label": "With "
            + " and ".join(str(p) for p in parents)
            + f", {_day(contract.starts_on)} to {_day(contract.ends_on)}",
        },
    )
    return contract


@transaction.atomic
def contract_edit(
    *,
    contract: ParentingContract,
    by: AbstractBaseUser,
    parents: Iterable[ParentCarer],
    **terms,
) -> ParentingContract:
    """Change a draft before it is offered: its parents and terms (the frozen
    figures stay as drafted). Side effects: one ``contract.edited`` event
    naming the fields changed."""
    unknown = set(terms) - set(TERM_FIELDS)
    if unknown:
        raise ValueError(f"Not contract fields: {sorted(unknown)}")
    case = _locked_for_writing(contract.case, by)
    contract = _contract_on(case, contract)
    if not contract.is_draft:
        raise ValidationError("Only a draft contract can be changed.")
    parents = _checked_parents(case, parents)
    terms.setdefault("review_every_weeks", contract.review_every_weeks)
    terms = _check_terms(case, terms)
    changed = [
        name
        for name, value in terms.items()
        if getattr(contract, name)
        != ("" if value is None and name not in _NULLABLE else value)
    ]
    for name in changed:
        value = terms[name]
        setattr(
            contract, name, "" if value is None and name not in _NULLABLE else value
        )
    if {p.pk for p in parents} != {p.pk for p in contract.parents.all()}:
        changed.append("parents")
        contract.parents.set(parents)
    if not changed:
        return contract
    contract.save()
    labels = {
        field.name: str(field.verbose_name)
        for field in ParentingContract._meta.get_fields()
        if hasattr(field, "verbose_name")
    }
    event_record(
        case=case,
        kind=ContractEventKind.EDITED,
        by=by,
        details=_details(
            contract, "Changed: " + ", ".join(labels.get(n, n) for n in changed)
        ),
    )
    return contract


@dataclass(frozen=True)
class Signature:
    """One signature drawn on screen: who signed, and the PNG as a data URL."""

    signer: str
    data_url: str
    parent_carer: ParentCarer | None = None


def _read_upload(upload) -> tuple[bytes, str]:
    """A signed copy, checked by decoding it: a PDF that parses with at least
    one page, or a PNG or JPEG image (re-encoded without metadata)."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ValidationError({"signed_copy": "The file is larger than 10 MB."})
    upload.seek(0)
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError({"signed_copy": "The file is larger than 10 MB."})
    if data.startswith(b"%PDF-"):
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError

        try:
            reader = PdfReader(BytesIO(data), strict=False)
            pages = len(reader.pages)
        except (PyPdfError, ValueError, KeyError, TypeError, OSError) as error:
            raise ValidationError(
                {"signed_copy": "The PDF could not be read: it may be damaged."}
            ) from error
        if pages < 1 or reader.is_encrypted:
            raise ValidationError(
                {"signed_copy": "The PDF has no readable pages (or is encrypted)."}
            )
        return data, "pdf"
    try:
        image = clean_image(ContentFile(data))
    except ValidationError as error:
        raise ValidationError({"signed_copy": NOT_A_SIGNED_COPY}) from error
    return image.content, image.extension


def _decode_signature(signature: Signature) -> bytes:
    prefix = "data:image/png;base64,"
    if not signature.data_url.startswith(prefix):
        raise ValidationError({"signatures": f"No signature from {signature.signer}."})
    try:
        raw = base64.b64decode(signature.data_url[len(prefix) :], validate=True)
    except (binascii.Error, ValueError) as error:
        raise ValidationError(
            {"signatures": f"The signature of {signature.signer} could not be read."}
        ) from error
    try:
        image = clean_image(ContentFile(raw))
    except ValidationError as error:
        raise ValidationError(
            {"signatures": f"The signature of {signature.signer} could not be read."}
        ) from error
    if image.extension != "png":
        raise ValidationError({"signatures": "A signature is kept as a PNG."})
    return image.content


def _details(contract: ParentingContract, label: str) -> dict:
    return {"contract": contract.pk, "label": label}


def _set_signing(
    contract: ParentingContract,
    by,
    *,
    signed_on: date | None,
    present: str,
    witness: str,
    signed_copy=None,
    signatures: Iterable[Signature] = (),
) -> list[str]:
    """Put the signing on the contract (files written); returns the stored
    file names, so a refusal can remove them."""
    errors = {}
    today = timezone.localdate()
    if signed_on is None:
        errors["signed_on"] = "Give the date the contract was signed."
    elif signed_on > today:
        errors["signed_on"] = "Record the signing once it has happened."
    elif contract.offered_on and signed_on < contract.offered_on:
        errors["signed_on"] = "The contract was signed after it was offered."
    if not present.strip():
        errors["present"] = "Say who was present, the parents included."
    if not witness.strip():
        errors["witness"] = "Say who witnessed the signing."
    signatures = list(signatures)
    if signed_copy is None and not signatures:
        errors["signed_copy"] = (
            "Upload the signed copy, or capture the signatures on screen."
        )
    if signed_copy is not None and signatures:
        errors["signed_copy"] = "Upload a signed copy or sign on screen, not both."
    if errors:
        raise ValidationError(errors)
    stored: list[str] = []
    if signed_copy is not None:
        content, extension = _read_upload(signed_copy)
        contract.signing_method = SigningMethod.UPLOAD
        contract.signed_copy.save(
            f"signed.{extension}", ContentFile(content), save=False
        )
        stored.append(contract.signed_copy.name)
    else:
        parents = list(contract.parents.all())
        signed_parents = {s.parent_carer.pk for s in signatures if s.parent_carer}
        unsigned = [p for p in parents if p.pk not in signed_parents]
        if unsigned:
            raise ValidationError(
                {
                    "signatures": "Each parent signs: no signature from "
                    + " or ".join(str(p) for p in unsigned)
                    + "."
                }
            )
        images = [(s, _decode_signature(s)) for s in signatures]
        contract.signing_method = SigningMethod.ON_SCREEN
        for signature, png in images:
            row = ContractSignature(
                contract=contract,
                signer=signature.signer.strip()[:200],
                parent_carer=signature.parent_carer,
            )
            row.image.save("signature.png", ContentFile(png), save=False)
            stored.append(row.image.name)
            row.save()
    contract.signed_on = signed_on
    contract.signing_present = present.strip()
    contract.signing_witness = witness.strip()
    contract.signing_recorded_by = by
    return stored


@transaction.atomic
def contract_transition(
    *, contract: ParentingContract, name: str, by: AbstractBaseUser, **details
) -> ParentingContract:
    """Take one step of the contract's life, with what that step records:

    - ``offer``: ``offered_on`` (default today);
    - ``sign``: ``signed_on``, ``present``, ``witness`` and either
      ``signed_copy`` (an uploaded scan) or ``signatures`` (drawn on screen);
    - ``decline``, ``withdraw``: ``reason``;
    - ``activate``: nothing (the first review falls due one review period
      after the start, or after today if it started earlier);
    - ``complete``: ``note``;
    - ``mark_not_kept``: ``decision`` and ``reason``.

    Reviews go through ``contract_review_record``. Side effects: the contract
    and one ``contract.<step>`` event.
    """
    if name not in STEPS or name == "review":
        raise ValueError(f"Not a contract step: {name!r}")
    case = _locked_for_writing(contract.case, by)
    contract = _contract_on(case, contract)
    stored: list[str] = []
    try:
        return _take(contract, case, name, by, details, stored)
    except Exception:
        for file_name in stored:
            contract.signed_copy.storage.delete(file_name)
        raise


def _take(contract, case, name, by, details, stored) -> ParentingContract:
    today = timezone.localdate()
    if not step_allowed(contract, name):
        raise ValidationError(
            f"A contract that is {contract.get_status_display().lower()} cannot "
            f"take that step."
        )
    text = ""
    label = ""
    if name == "offer":
        if contract.plan_id is None:
            # A draft made before the case had its plan takes it now.
            contract.plan = contract_plans(case).first()
        contract.offered_on = details.get("offered_on") or today
        if contract.offered_on > today:
            raise ValidationError({"offered_on": "Record the offer once it is made."})
        label = "Offered to " + " and ".join(str(p) for p in contract.parents.all())
    elif name == "sign":
        stored += _set_signing(
            contract,
            by,
            signed_on=details.get("signed_on"),
            present=details.get("present", ""),
            witness=details.get("witness", ""),
            signed_copy=details.get("signed_copy"),
            signatures=details.get("signatures", ()),
        )
        label = (
            f"Signed on {_day(contract.signed_on)}, witnessed by "
            f"{contract.signing_witness} ({contract.get_signing_method_display()})"
        )
        text = f"Present: {contract.signing_present}"
    elif name in ("decline", "withdraw", "complete", "mark_not_kept"):
        reason = str(details.get("reason") or details.get("note") or "").strip()
        if name == "mark_not_kept":
            decision = details.get("decision", "")
            if decision not in NotKeptDecision.values:
                raise ValidationError({"decision": "Choose the decision."})
            if not reason:
                raise ValidationError(
                    {
                        "reason": "Give the reasons for the decision: they may be "
                        "read in court."
                    }
                )
            contract.not_kept_decision = decision
            label = f"Decision: {NotKeptDecision(decision).label}"
        elif name in ("decline", "withdraw") and not reason:
            word = "declined" if name == "decline" else "is withdrawn"
            raise ValidationError({"reason": f"Say why the contract {word}."})
        contract.end_reason = reason
        contract.ended_at = timezone.now()
        text = reason
    elif name == "activate":
        contract.activated_at = timezone.now()
        contract.next_review_on = contract.review_due_after(
            max(contract.starts_on, today)
        )
        label = f"First review by {_day(contract.next_review_on)}"
    blockers = contract_blockers(contract, name)
    if blockers:
        raise ValidationError(blockers)
    if not has_transition_perm(getattr(contract, name), by):
        raise PermissionDenied("You may not take this step on the contract.")
    getattr(contract, name)()
    if name in ("complete", "mark_not_kept", "withdraw", "decline"):
        contract.next_review_on = None
    contract.save()
    kind = {
        "offer": ContractEventKind.OFFERED,
        "sign": ContractEventKind.SIGNED,
        "decline": ContractEventKind.DECLINED,
        "activate": ContractEventKind.ACTIVATED,
        "complete": ContractEventKind.COMPLETED,
        "mark_not_kept": ContractEventKind.NOT_KEPT,
        "withdraw": ContractEventKind.WITHDRAWN,
    }[name]
    event_record(
        case=case, kind=kind, by=by, text=text, details=_details(contract, label)
    )
    return contract


def step_allowed(contract: ParentingContract, name: str) -> bool:
    """Whether the contract's status is a source of step ``name``."""
    from django_fsm import can_proceed

    return can_proceed(getattr(contract, name), check_conditions=False)


@transaction.atomic
def contract_review_record(
    *,
    contract: ParentingContract,
    by: AbstractBaseUser,
    held_on: date,
    attended: str,
    decision: str,
    results: Mapping[int, bool],
    notes: str = "",
    meeting_note: str = "",
    next_review_on: date | None = None,
) -> ContractReview:
    """Record a review of a live contract: each of the plan's targets met or
    not (``results``: target pk to met), and a decision. A decision to end
    sets no next review (complete the contract next); otherwise the next
    review defaults to one review period after this one.

    Side effects: the review, its target results, the contract's status
    (reviewed) and next review date, and one ``contract.reviewed`` event.
    """
    case = _locked_for_writing(contract.case, by)
    contract = _contract_on(case, contract)
    if not step_allowed(contract, "review"):
        raise ValidationError("Only an active contract is reviewed.")
    errors = {}
    today = timezone.localdate()
    if held_on is None or held_on > today:
        errors["held_on"] = "Record the review once it has been held."
    elif contract.signed_on and held_on < contract.signed_on:
        errors["held_on"] = "The review is held after the contract was signed."
    if not attended.strip():
        errors["attended"] = "Say who attended, the parents included."
    if decision not in ContractReviewDecision.values:
        errors["decision"] = "Choose the decision."
    elif decision == ContractReviewDecision.AMEND and not notes.strip():
        errors["notes"] = "Say what changes in the contract."
    targets = list(contract.plan.targets.all()) if contract.plan_id else []
    missing = [t for t in targets if t.pk not in results]
    if set(results) - {t.pk for t in targets}:
        errors["targets"] = "Those targets are not this contract's."
    elif missing:
        errors["targets"] = "Say whether each target was met."
    if decision == ContractReviewDecision.END:
        next_review_on = None
    elif held_on and not errors:
        next_review_on = next_review_on or contract.review_due_after(held_on)
        if next_review_on <= held_on:
            errors["next_review_on"] = "The next review comes after this one."
    if errors:
        raise ValidationError(errors)
    review = ContractReview.objects.create(
        contract=contract,
        held_on=held_on,
        attended=attended.strip(),
        meeting_note=meeting_note.strip(),
        decision=decision,
        notes=notes.strip(),
        next_review_on=next_review_on,
        recorded_by=by,
    )
    ContractReviewTarget.objects.bulk_create(
        ContractReviewTarget(review=review, target=t, met=bool(results[t.pk]))
        for t in targets
    )
    blockers = contract_blockers(contract, "review")
    if blockers:
        raise ValidationError(blockers)
    if not has_transition_perm(contract.review, by):
        raise PermissionDenied("You may not review this contract.")
    contract.review()
    if next_review_on is not None:
        contract.next_review_on = next_review_on
    contract.save()
    met = sum(1 for t in targets if results[t.pk])
    event_record(
        case=case,
        kind=ContractEventKind.REVIEWED,
        by=by,
        text=review.notes,
        details=_details(
            contract,
            f"Review on {_day(held_on)}: {met} of {len(targets)} target"
            f"{'s' if len(targets) != 1 else ''} met; "
            f"{ContractReviewDecision(decision).label.lower()}",
        ),
    )
    return review


@transaction.atomic
def contract_breach_record(
    *,
    contract: ParentingContract,
    by: AbstractBaseUser,
    contacted_on: date | None,
    contact_note: str,
    amendment_note: str,
) -> ParentingContract:
    """The first steps seed 002 asks for when a contract is not being kept:
    the parents contacted (when, and what they said) and whether amending the
    contract was considered. Side effects: one ``contract.breach`` event."""
    case = _locked_for_writing(contract.case, by)
    contract = _contract_on(case, contract)
    if not contract.is_live:
        raise ValidationError("Only an active contract can be not kept.")
    errors = {}
    if contacted_on is None:
        errors["contacted_on"] = "Give the date the parents were contacted."
    elif contacted_on > timezone.localdate():
        errors["contacted_on"] = "Record the contact once it has happened."
    if not contact_note.strip():
        errors["contact_note"] = "Record what the parents said."
    if not amendment_note.strip():
        errors["amendment_note"] = (
            "Record whether amending the contract was considered, and why not."
        )
    if errors:
        raise ValidationError(errors)
    contract.breach_contacted_on = contacted_on
    contract.breach_contact_note = contact_note.strip()
    contract.breach_amendment_note = amendment_note.strip()
    contract.save(
        update_fields=[
            "breach_contacted_on",
            "breach_contact_note",
            "breach_amendment_note",
        ]
    )
    event_record(
        case=case,
        kind=ContractEventKind.BREACH,
        by=by,
        text=f"{contract.breach_contact_note}\nAmending: "
        f"{contract.breach_amendment_note}",
        details=_details(contract, f"Parents contacted on {_day(contacted_on)}"),
    )
    return contract


@transaction.atomic
def contract_not_offered_record(*, case: Case, by: AbstractBaseUser, reason: str):
    """The written reason no parenting contract was offered (the checklist's
    other way of meeting its item). Side effects: one ``contract.not_offered``
    event, whose text is the reason."""
    case = _locked_for_writing(case, by)
    if not reason.strip():
        raise ValidationError({"reason": "Write the reason no contract was offered."})
    return event_record(
        case=case,
        kind=ContractEventKind.NOT_OFFERED,
        by=by,
        text=reason.strip(),
        details={"label": "No parenting contract offered"},
    )
