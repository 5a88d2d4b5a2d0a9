"""Receiver: the secret before anything, 200 only once stored, 5xx when the store fails."""

from __future__ import annotations

import contextlib
import io
import logging
from collections.abc import Callable, Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from faxstatus.push import FLAVOURS, NotificationStore, Receiver, encode_notification

from ..support.push import FIELDS, FORM_BODY, IMAGE, fields

FORM = [("Content-Type", "application/x-www-form-urlencoded")]
LONG_SECRET = "s3cr3t-Value-0123456789abcdef"
SHORT_SECRET = "pw"


MakeReceiver = Callable[..., tuple[Receiver, NotificationStore, io.StringIO]]


@pytest.fixture
def make_receiver() -> Iterator[MakeReceiver]:
    """Make a receiver over an in-memory store and its log; both closed after the test."""
    with contextlib.ExitStack() as stack:

        def make(**options: object) -> tuple[Receiver, NotificationStore, io.StringIO]:
            store = stack.enter_context(NotificationStore())
            log = io.StringIO()
            receiver = Receiver(store, access_log=log, **options)  # type: ignore[arg-type]
            stack.callback(receiver.close)
            return receiver, store, log

        yield make


@pytest.mark.parametrize("secret", [LONG_SECRET, SHORT_SECRET])
@pytest.mark.parametrize("given", [None, "wrong", "s3cr3t-Value-0123456789abcdeX", "pw "])
def test_a_wrong_or_missing_header_secret_is_refused_and_not_logged(
    secret: str, given: str | None, make_receiver: MakeReceiver
) -> None:
    receiver, store, log = make_receiver(require_header=f"X-Push-Secret={secret}")
    headers = [*FORM] + ([("X-Push-Secret", given)] if given is not None else [])
    reply = receiver.handle("POST", "/notify?FaxJobId=br1", headers, FORM_BODY)
    assert reply.status == 401
    assert dict(reply.headers)["WWW-Authenticate"]
    assert store.count() == 0  # nothing read into the store
    text = log.getvalue()
    assert "401" in text and "X-Push-Secret" in text
    assert "/notify?…" in text and "br1" not in text  # a query string is data: never logged
    assert secret not in text.replace("X-Push-Secret", "")
    if given:
        assert given.strip() not in text.replace("X-Push-Secret", "").replace("wrong", "")


def test_the_right_header_secret_is_taken_in_any_case_of_its_name(
    make_receiver: MakeReceiver,
) -> None:
    receiver, store, log = make_receiver(require_header=("X-Push-Secret", LONG_SECRET))
    reply = receiver.handle("POST", "/n", [*FORM, ("x-push-secret", LONG_SECRET)], FORM_BODY)
    assert reply.status == 200 and store.count() == 1
    assert LONG_SECRET not in log.getvalue()
    assert LONG_SECRET not in repr(receiver)


def test_a_path_secret_is_the_first_segment_and_never_logged(make_receiver: MakeReceiver) -> None:
    receiver, store, log = make_receiver(require_path_secret=LONG_SECRET)
    ok = receiver.handle("GET", f"/{LONG_SECRET}/notify?{FORM_BODY.decode()}", [], b"")
    assert ok.status == 200
    for target in ("/notify", f"/{LONG_SECRET}x/notify", f"/x{LONG_SECRET}", "/"):
        assert receiver.handle("GET", target + "?" + FORM_BODY.decode(), [], b"").status == 401
    assert store.count() == 1
    assert LONG_SECRET not in log.getvalue()
    assert "/***/notify?…" in log.getvalue()  # the query string (the data) is not logged either


def test_200_comes_only_after_the_store_has_it_and_5xx_when_it_fails() -> None:
    seen: list[int] = []

    def on_notification(notification: object, recorded: object) -> None:
        seen.append(store.count())  # already stored when the callback runs

    with NotificationStore() as store:
        receiver = Receiver(store, on_notification=on_notification, access_log=io.StringIO())
        assert receiver.handle("POST", "/", FORM, FORM_BODY).status == 200
        assert seen == [1]
        store.close()  # a store that can no longer write
        reply = receiver.handle("POST", "/", FORM, FORM_BODY)
        assert reply.status == 503  # so that the vendor sends it again
        assert seen == [1]


def test_a_failing_callback_does_not_undo_the_acknowledgement(
    caplog: pytest.LogCaptureFixture,
    make_receiver: MakeReceiver,
) -> None:
    def boom(notification: object, recorded: object) -> None:
        raise RuntimeError("the integrator's bug")

    receiver, store, _ = make_receiver(on_notification=boom)
    with caplog.at_level(logging.WARNING, logger="faxstatus.push"):
        assert receiver.handle("POST", "/", FORM, FORM_BODY).status == 200
    assert store.count() == 1 and "on_notification failed" in caplog.text


def test_the_soap_flavour_is_answered_with_a_soap_11_envelope(make_receiver: MakeReceiver) -> None:
    receiver, _, _ = make_receiver()
    method, target, headers, body = encode_notification(
        FIELDS, "soap", url="http://h/", image=IMAGE
    )
    reply = receiver.handle(method, target, headers, body)
    assert reply.status == 200
    assert dict(reply.headers)["Content-Type"].startswith("text/xml")
    assert b'<FaxDeliveryNotificationResponse xmlns="C3FDNS"/>' in reply.body
    assert b"http://schemas.xmlsoap.org/soap/envelope/" in reply.body


@pytest.mark.parametrize(
    ("method", "headers", "body", "status"),
    [
        ("PUT", FORM, FORM_BODY, 405),
        ("POST", FORM, b"AccountId=1", 400),
        ("POST", [("Content-Type", "application/json")], b"{}", 400),
        ("POST", FORM, FORM_BODY + b"&x=" + b"y" * 2000, 413),
    ],
)
def test_what_is_not_a_notification_is_refused_and_nothing_stored(
    method: str, headers: list[tuple[str, str]], body: bytes, status: int
) -> None:
    with NotificationStore() as store:
        receiver = Receiver(store, max_bytes=1024, access_log=io.StringIO())
        assert receiver.handle(method, "/", headers, body).status == status
        assert store.count() == 0


def test_bad_secret_options_are_refused() -> None:
    with NotificationStore() as store:
        for header in ("NoEquals", "=value", "Name=", "Bad Name=x"):
            with pytest.raises(ValueError):
                Receiver(store, require_header=header)
        for secret in ("", "a/b", "a?b", "caf\xe9", "a%2Fb", "sp ace"):
            with pytest.raises(ValueError):
                Receiver(store, require_path_secret=secret)


def test_the_log_shows_control_characters_of_the_senders_text_as_escapes(
    make_receiver: MakeReceiver,
) -> None:
    receiver, _, log = make_receiver()
    body = (
        b'--b\r\nContent-Disposition: form-data; name="x\x1b[2Jy"; filename="a"\r\n\r\n1\r\n'
        b'--b\r\nContent-Disposition: form-data; name="x\x1b[2Jy"; filename="b"\r\n\r\n2\r\n'
        b"--b--\r\n"
    )
    reply = receiver.handle(
        "POST", "/n\x1b]0;t\x07", [("Content-Type", "multipart/form-data; boundary=b")], body
    )
    assert reply.status == 400
    text = log.getvalue()
    assert "\x1b" not in text and "\x07" not in text
    assert "\\x1b[2J" in text  # shown as an escape


@given(
    st.lists(
        st.tuples(
            st.sampled_from(FLAVOURS), st.integers(0, 2), st.sampled_from(["1", "2", "3", "x"])
        ),
        max_size=20,
    )
)
def test_pushes_in_any_flavour_order_and_repetition_keep_the_first_final_status(
    pushes: list[tuple[str, int, str]],
) -> None:
    """End to end (encode, parse, store): every push acknowledged, the first final one kept."""
    with NotificationStore() as store:
        receiver = Receiver(store, access_log=io.StringIO())
        first_final: dict[str, str] = {}
        for flavour, job, code in pushes:
            job_id = f"br{job}"
            request = encode_notification(
                fields(FaxJobId=job_id, FaxJobStatusId=code), flavour, url="http://h/n"
            )
            assert receiver.handle(*request).status == 200
            if code in ("1", "2"):
                first_final.setdefault(job_id, code)
        assert store.count() == len(pushes)
        assert {j: str(int(s.status)) for j, s in store.final_jobs().items()} == first_final


def test_a_newline_in_the_senders_text_cannot_start_a_log_line_of_its_own(
    make_receiver: MakeReceiver,
) -> None:
    receiver, store, log = make_receiver()
    forged = "x\n- - 200 br9 seq=99"
    body = (
        f'--b\r\nContent-Disposition: form-data; name="{forged}"; filename="a"\r\n\r\n1\r\n'
        f'--b\r\nContent-Disposition: form-data; name="{forged}"; filename="b"\r\n\r\n2\r\n'
        "--b--\r\n"
    ).encode()
    reply = receiver.handle(
        "POST", "/n", [("Content-Type", "multipart/form-data; boundary=b")], body
    )
    assert reply.status == 400 and store.count() == 0
    lines = log.getvalue().splitlines()
    assert len(lines) == 1 and "x\\x0a- - 200 br9 seq=99" in lines[0], lines


@pytest.mark.parametrize("value", [" pw-123", "pw-123 ", "pw\t123 ", "p\xe4sswort", "pw\x01"])
def test_a_header_secret_no_sender_can_match_is_refused_up_front(value: str) -> None:
    # A server strips the spaces around a field value (RFC 9110 §5.5) and hands over other
    # bytes as Latin-1 (h11, PEP 3333, ASGI): with such a secret every push would be a 401.
    with NotificationStore() as store:
        with pytest.raises(ValueError, match="printable ASCII"):
            Receiver(store, require_header=f"X-Push={value}")
        with pytest.raises(ValueError, match="printable ASCII"):
            Receiver(store, require_header=("X-Push", value))
        receiver = Receiver(store, require_header="X-Push=pw 123")
        assert receiver.authorize("POST", "/", [("X-Push", "pw 123")]) is None  # sent as it is
        receiver.close()
