"""With an SMTP server configured, mail really goes out over SMTP."""

from __future__ import annotations

import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

from eexpo.mail import send_mail


class _Inbox:
    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append(
            (envelope.rcpt_tos, message_from_bytes(envelope.content, policy=policy.default))
        )
        return "250 OK"


@pytest.fixture
def smtp_server():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield port, inbox
    controller.stop()


def test_mail_goes_out_over_smtp_when_configured(app, smtp_server, caplog):
    port, inbox = smtp_server
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_USE_TLS=False)
    send_mail("someone@example.com", "Hello 你好", "A body with a link http://x/y\n")
    [(recipients, message)] = inbox.messages
    assert recipients == ["someone@example.com"]
    assert message["Subject"] == "Hello 你好"
    assert "http://x/y" in message.get_content()
    assert not [r for r in caplog.records if r.name == "eexpo.mail"]
