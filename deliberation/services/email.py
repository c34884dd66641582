"""Send e-mail through SMTP when SMTP_HOST is configured; otherwise write it to the log."""
import logging
import os
import smtplib
from email.message import EmailMessage

from flask import current_app

log = logging.getLogger(__name__)


def send(to, subject, text):
    """Send one plain-text message; return True when handed to a server (or logged in development)."""
    config = {key: os.environ[key] for key in ("SMTP_HOST", "SMTP_PORT", "SMTP_USER", "SMTP_PASSWORD",
                                               "SMTP_STARTTLS", "MAIL_FROM") if key in os.environ}
    config.update({k: v for k, v in current_app.config.items() if k.startswith(("SMTP_", "MAIL_"))})
    message = EmailMessage()
    message["From"] = config.get("MAIL_FROM", "noreply@localhost")
    message["To"] = to
    message["Subject"] = subject
    message.set_content(text)
    host = config.get("SMTP_HOST")
    if not host:
        log.info("e-mail to %s: %s\n%s", to, subject, text)
        return True
    try:
        with smtplib.SMTP(host, int(config.get("SMTP_PORT", 25)), timeout=10) as smtp:
            if config.get("SMTP_STARTTLS"):
                smtp.starttls()
            if config.get("SMTP_USER"):
                smtp.login(config["SMTP_USER"], config.get("SMTP_PASSWORD", ""))
            smtp.send_message(message)
        return True
    except (smtplib.SMTPException, OSError) as error:
        log.warning("e-mail to %s failed: %s", to, error)
        return False
