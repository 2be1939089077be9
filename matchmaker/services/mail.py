"""Sending account email (invitations, password resets) through Flask-Mailman.

With ``MATCHMAKER_MAIL_SERVER`` set, messages go to that SMTP server. Without one,
``EmailBackend`` below writes them to the log so a developer can follow an
invitation link; in production it logs only who was written to, never the body,
because the body holds a working one-time link.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from flask import current_app, render_template
from flask_mailman import EmailMessage
from flask_mailman.backends.base import BaseEmailBackend

logger = logging.getLogger(__name__)


class EmailBackend(BaseEmailBackend):
    """Writes each message to the log instead of sending it."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        """Log the messages; return how many were 'sent'."""
        production = current_app.config.get("MATCHMAKER_ENV") == "production"
        for message in email_messages:
            if production:
                logger.warning(
                    "No mail server configured: message %r to %s not sent",
                    message.subject,
                    ", ".join(message.to),
                )
            else:
                logger.info(
                    "Email (no mail server configured; development):\n%s",
                    message.message().as_string(),
                )
        return len(email_messages)


def send(to: str, subject: str, template: str, **context: object) -> None:
    """Render ``template`` (plain text) and send it to one recipient."""
    body = render_template(template, **context)
    message = EmailMessage(subject=subject, body=body, to=[to])
    message.send(fail_silently=False)
    logger.info("Sent %r to %s", subject, to)
