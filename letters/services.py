"""Writes: preparing a letter on a case, and recording (or emailing) it sent.

Each service is atomic and keyword-only, checks the user may record on the
case (``cases.permissions.can_record_on_case``), locks the case
(``cases.services.case_lock``) and writes its chronology entry
(``cases.services.event_record``) in the same transaction.
"""

import hashlib

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from cases.models import Case
from cases.permissions import can_record_on_case
from cases.services import case_lock, event_record
from letters.documents import letter_html, letter_pdf, letterhead_for, merged_body
from letters.enums import LetterEventKind
from letters.fields import FIELDS, MergeFieldError, render_plain
from letters.kinds import letter_kind
from letters.mail import CASE_HEADER
from letters.models import SentHow, SentLetter
from letters.selectors import template_for
from letters.values import base_values, parent_salutation
from schools.models import CarerRelationship, ParentCarer

COVERING_TEXT = """{salutation},

Please find attached a letter from {school} about {pupil}: {subject}.

If you have any questions, or need the letter in another format or language,
please contact the school on {phone} or reply to {email}.

{school}
"""


def letter_filename(letter: SentLetter) -> str:
    """A file name for the PDF that says what it is without the pupil's name."""
    return f"letter-{letter.case_id}-{letter.pk}-{slugify(letter.kind)}.pdf"


def recipients_for(case: Case):
    """The carers a letter on this case may go to: the pupil's, where the
    school may contact them."""
    return (
        ParentCarer.objects.filter(
            relationships__pupil_id=case.pupil_id, relationships__may_contact=True
        )
        .annotate(relationship_kind=F("relationships__relationship"))
        .order_by("relationships__contact_priority", "pk")
    )


@transaction.atomic
def letter_prepare(
    *,
    case: Case,
    kind: str,
    recipient: ParentCarer,
    by,
    values: dict[str, str] | None = None,
    about=None,
) -> SentLetter:
    """Make a letter of ``kind`` on ``case`` for one parent or carer.

    The text is the most specific template (``selectors.template_for``) with
    the saved data's values (``values.base_values``) and ``values`` for the
    kind's optional groups. Side effects: stores the PDF in private storage,
    saves a ``SentLetter`` waiting to be sent and writes ``letter.prepared``
    to the chronology. Refuses, writing nothing (no file either): a user who
    may not record on the case, an unknown kind, a recipient who is not one of
    the pupil's carers the school may contact, a missing value for the kind's
    groups, a template that does not render.
    """
    case = case_lock(case)
    if not can_record_on_case(by, case):
        raise PermissionDenied("Only the case's workers may prepare its letters.")
    try:
        letter_type = letter_kind(kind)
    except KeyError:
        raise ValidationError(
            {"kind": f"There is no kind of letter {kind!r}."}
        ) from None
    relationship = CarerRelationship.objects.filter(
        pupil_id=case.pupil_id, parent_carer_id=recipient.pk
    ).first()
    if relationship is None:
        raise ValidationError(
            {"recipient": "Choose one of this pupil's parents or carers."}
        )
    if not relationship.may_contact:
        raise ValidationError(
            {"recipient": "The school must not contact this person about the pupil."}
        )
    supplied = dict(values or {})
    needed = [f.key for f in FIELDS if f.group in letter_type.groups]
    missing = [key for key in needed if not str(supplied.get(key, "")).strip()]
    if missing:
        raise ValidationError(
            {"values": f"The letter needs a value for: {', '.join(missing)}."}
        )
    extra = set(supplied) - set(needed)
    if extra:
        raise ValidationError(
            {"values": f"Not fields this letter takes: {', '.join(sorted(extra))}."}
        )
    now = timezone.now()
    merged = {**base_values(case, recipient, today=timezone.localdate(now)), **supplied}
    chosen = template_for(kind, case.school)
    try:
        subject = render_plain(chosen.subject, merged)
        body = merged_body(chosen.body, merged)
    except MergeFieldError as error:
        raise ValidationError({error.field or "template": str(error)}) from None
    letter = SentLetter(
        case=case,
        kind=kind,
        template_id=chosen.template_pk,
        template_revision_id=chosen.revision_pk,
        recipient=recipient,
        recipient_name=merged["parent_name"],
        recipient_address=merged["parent_address"],
        subject=subject[:200],
        prepared_at=now,
        prepared_by=by,
    )
    if about is not None:
        letter.about_type = ContentType.objects.get_for_model(about)
        letter.about_id = about.pk
    html = letter_html(
        letterhead=letterhead_for(case.school),
        recipient_name=letter.recipient_name,
        recipient_address=letter.recipient_address,
        letter_date=merged["letter_date"],
        subject=subject,
        body=body,
        created=now,
    )
    pdf = letter_pdf(html, identifier=f"{case.pk}:{kind}:{recipient.pk}:{now}")
    letter.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    letter.pdf.save("letter.pdf", ContentFile(pdf), save=False)
    name = letter.pdf.name
    # The file is written before the row: if either write fails, it goes.
    try:
        letter.save()
        event_record(
            case=case,
            kind=LetterEventKind.PREPARED,
            by=by,
            details={"letter": letter.pk, "kind": kind, "recipient": recipient.pk},
        )
    except Exception:
        letter.pdf.storage.delete(name)
        raise
    return letter


@transaction.atomic
def letter_send(*, letter: SentLetter, how: str, by, email: str = "") -> SentLetter:
    """Record a prepared letter sent, emailing it when ``how`` is email.

    By email it goes through Django's email backend to ``email`` (the
    recipient's address on file when empty), with the PDF attached, from
    ``DEFAULT_FROM_EMAIL``. Side effects: marks the letter sent and writes
    ``letter.sent`` to the chronology. Refuses a user who may not record on the
    case, an unknown way, a letter already sent, and email to a parent with no
    address.
    """
    case = case_lock(letter.case)
    if not can_record_on_case(by, case):
        raise PermissionDenied("Only the case's workers may send its letters.")
    letter = SentLetter.objects.select_for_update().get(pk=letter.pk, case=case)
    if how not in SentHow.values:
        raise ValidationError({"how": "Choose how the letter was sent."})
    if letter.sent_at is not None:
        raise ValidationError(
            {"how": f"This letter was already sent on {letter.sent_at:%-d %B %Y}."}
        )
    address, message = "", None
    if how == SentHow.EMAIL:
        address = (email or letter.recipient.email).strip()
        if not address:
            raise ValidationError(
                {"email": "This parent or carer has no email address on file."}
            )
        school = case.school
        message = EmailMessage(
            subject=letter.subject,
            body=COVERING_TEXT.format(
                salutation=parent_salutation(letter.recipient),
                school=school.name,
                pupil=case.pupil.preferred_forename or case.pupil.legal_forename,
                subject=letter.subject,
                phone=school.phone or "the number on the letter",
                email=school.email or "this email",
            ),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[address],
            reply_to=[school.email] if school.email else None,
            headers={CASE_HEADER: str(case.pk)} if _outbox_in_use() else None,
        )
        with letter.pdf.open("rb") as handle:
            message.attach(letter_filename(letter), handle.read(), "application/pdf")
    letter.sent_at = timezone.now()
    letter.sent_by = by
    letter.sent_how = how
    letter.sent_to_email = address
    letter.save(update_fields=["sent_at", "sent_by", "sent_how", "sent_to_email"])
    event_record(
        case=case,
        kind=LetterEventKind.SENT,
        by=by,
        details={"letter": letter.pk, "how": how},
    )
    if message is not None:
        # Last, so that a refused send undoes the record of it.
        message.send(fail_silently=False)
    return letter


def _outbox_in_use() -> bool:
    return settings.EMAIL_BACKEND == "letters.mail.OutboxBackend"
