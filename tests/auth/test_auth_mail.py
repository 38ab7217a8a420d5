"""The mail module's three backends; SMTP against a real server on loopback (aiosmtpd)."""

import email
import io
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller
from reportlab.pdfgen import canvas

from campaign.extensions import db
from campaign.mail import Attachment, send_mail

SUBJECT = "Paczka dla dziecka przyjęta – dziękujemy! Zażółć gęślą jaźń"
BODY = "Dzień dobry, Łucja!\nTwoja paczka dotarła do punktu zbiórki w Gdańsku-Wrzeszczu.\n"
HTML = "<p>Dzień dobry, <strong>Łucja</strong>!</p>"


def small_pdf() -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, "KMP26-7KQ4M-X")
    page.save()
    return buffer.getvalue()


def parse(raw: bytes) -> email.message.EmailMessage:
    return email.message_from_bytes(raw, policy=policy.default)


def content(part) -> str:
    return part.get_content().replace("\r\n", "\n")  # SMTP carries CRLF line ends


def assert_is_the_sent_message(message, pdf: bytes) -> None:
    assert message["Subject"] == SUBJECT
    assert message["To"] == "lucja@example.org"
    assert "Każdy Może Pomóc" in message["From"]
    assert content(message.get_body(("plain",))) == BODY
    assert content(message.get_body(("html",))).strip() == HTML
    (attachment,) = message.iter_attachments()
    assert attachment.get_filename() == "karta-KMP267KQ4MX.pdf"
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_content() == pdf


def send_example(pdf: bytes):
    """Queue the example and commit: in tests the commit delivers what it queued."""
    message = send_mail(
        "lucja@example.org",
        SUBJECT,
        BODY,
        html=HTML,
        attachments=[Attachment("karta-KMP267KQ4MX.pdf", "application/pdf", pdf)],
    )
    db.session.commit()
    return message


class Collector:
    """An aiosmtpd handler that keeps every envelope it is given."""

    def __init__(self) -> None:
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    handler = Collector()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, handler
    controller.stop()


def test_smtp_backend_delivers_to_a_real_server(make_app, smtp_server):
    controller, handler = smtp_server
    make_app(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port)
    pdf = small_pdf()
    send_example(pdf)
    (envelope,) = handler.envelopes
    assert envelope.mail_from == "kazdymozepomoc@mopr.gda.pl"
    assert envelope.rcpt_tos == ["lucja@example.org"]
    assert_is_the_sent_message(parse(envelope.content), pdf)


def test_file_backend_writes_a_readable_eml(make_app, tmp_path):
    outbox = tmp_path / "poczta"
    make_app(MAIL_BACKEND="file", MAIL_OUTBOX_DIR=str(outbox))
    pdf = small_pdf()
    send_example(pdf)
    send_example(pdf)
    files = sorted(outbox.glob("*.eml"))
    assert len(files) == 2
    assert_is_the_sent_message(parse(files[0].read_bytes()), pdf)


def test_memory_backend_collects_messages_in_order(app, outbox):
    send_mail("a@example.org", "Pierwsza", "jeden")
    send_mail("b@example.org", "Druga", "dwa")
    db.session.commit()
    assert [(m["To"], m["Subject"]) for m in outbox] == [
        ("a@example.org", "Pierwsza"),
        ("b@example.org", "Druga"),
    ]


def test_polish_letters_survive_relays_without_8bit_support(app, outbox):
    send_mail("a@example.org", SUBJECT, BODY, html=HTML)
    db.session.commit()
    raw = bytes(outbox[0])
    assert raw.isascii()  # headers encoded, bodies quoted-printable
    assert parse(raw).get_body(("plain",)).get_content() == BODY
