"""Email for letters: the covering message, and the demo's outbox.

In production Django's SMTP backend sends (``EMAIL_HOST`` and the rest, see
docs/letters.md). The demo uses ``OutboxBackend``: it sends nothing and keeps
each message as an ``OutboxMessage``, which the portal's outbox page shows
only to staff who may see the message's case. A message says which case it is
about in the ``X-Attendance-Case`` header, which the backend reads and drops.
"""

from django.core.mail.backends.base import BaseEmailBackend

CASE_HEADER = "X-Attendance-Case"


class OutboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        from letters.models import OutboxMessage

        kept = 0
        for message in email_messages:
            case_id = message.extra_headers.get(CASE_HEADER)
            OutboxMessage.objects.create(
                case_id=int(case_id) if case_id else None,
                to=", ".join(message.recipients()),
                from_email=message.from_email or "",
                subject=str(message.subject),
                body=str(message.body),
                attachments=[
                    attachment[0] if isinstance(attachment, tuple) else str(attachment)
                    for attachment in message.attachments
                ],
            )
            kept += 1
        return kept
