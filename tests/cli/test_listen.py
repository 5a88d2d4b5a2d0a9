"""faxstatus listen: a line or JSON object per notification, 401 unlogged, none lost on SIGKILL."""

from __future__ import annotations

import json
import re
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import attrs
import httpx
import pytest

from faxstatus.cli._listen import notification_json, notification_line
from faxstatus.push import (
    FLAVOURS,
    NotificationStore,
    Recorded,
    encode_notification,
    notification_from_fields,
)

from ..support.cli import run_cli
from ..support.paths import ROOT
from ..support.push import IMAGE, fields

SECRET = "listen-secret-0f9e8d7c6b5a"


def test_the_terminal_line_shows_the_data_and_what_storing_did() -> None:
    n = notification_from_fields(
        "multipart", fields(StatusDescription="Failed:\x1b[2J no answer", FaxJobStatusId="2"), IMAGE
    )
    line = notification_line(n, Recorded(changed=True, final=True, known=False, seq=7))
    assert line.startswith("#7 br1000000001 failed (2) ")
    assert "\x1b" not in line and "\\x1b[2J" in line  # shown, not obeyed
    assert "job not watched" in line and "image 23 bytes" in line
    data = json.loads(notification_json(n, Recorded(changed=False, final=True, known=True, seq=7)))
    assert data["recorded"] == {"seq": 7, "changed": False, "final": True, "known": True}
    assert data["fields"][4] == ["StatusDescription", "Failed:\x1b[2J no answer"]  # never masked


def test_the_terminal_line_is_one_line_whatever_the_field_names_hold() -> None:
    # A field name that is not UTF-8 is named in the problems the line shows.
    pairs = [*fields(), ("\n#99 br9 succeeded (1) 'ok' via form\xff", "1")]
    n = notification_from_fields("form", pairs)
    n = attrs.evolve(n, problems=(f"{pairs[-1][0]}: not UTF-8, read as Latin-1",))
    line = notification_line(n, Recorded(changed=True, final=True, known=True, seq=7))
    assert "\n" not in line and "\\x0a#99 br9" in line
    data = json.loads(notification_json(n, Recorded(changed=True, final=True, known=True, seq=7)))
    assert data["fields"][-1][0] == pairs[-1][0]  # the data as received


@pytest.mark.slow
def test_listen_acknowledges_n_then_sigkill_loses_none(tmp_path: Path) -> None:
    state = tmp_path / "push.sqlite"
    n = 24
    with subprocess.Popen(
        [
            sys.executable,
            "-m",
            "faxstatus",
            "listen",
            "--port",
            "0",
            "--json",
            "--state",
            str(state),
            "--require-header",
            f"X-Push-Secret={SECRET}",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        try:
            assert proc.stderr is not None and proc.stdout is not None
            found = re.search(r"(http://\S+/)", proc.stderr.readline())
            assert found, "no URL announced"
            url = found.group(1)
            acked = 0
            with httpx.Client(timeout=20) as client:
                for i in range(n):
                    flavour = FLAVOURS[i % len(FLAVOURS)]
                    image = IMAGE if flavour in ("multipart", "soap") else None
                    request = encode_notification(
                        fields(FaxJobId=f"br{i}", FaxJobStatusId="1" if i % 3 else "3"),
                        flavour,
                        url=url + "notify",
                        image=image,
                        headers=[("X-Push-Secret", SECRET)],
                    )
                    method, target, headers, body = request
                    reply = client.request(
                        method, url.rstrip("/") + target, headers=headers, content=body
                    )
                    assert reply.status_code == 200
                    acked += 1
                wrong = client.post(
                    url + "notify", content=b"FaxJobId=br1", headers={"X-Push-Secret": SECRET[:-1]}
                )
                assert wrong.status_code == 401
            lines = [json.loads(proc.stdout.readline()) for _ in range(acked)]
        finally:
            proc.send_signal(signal.SIGKILL)
            _, err = proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    assert [line["recorded"]["seq"] for line in lines] == list(range(1, n + 1))
    assert SECRET not in err and SECRET[:-1] not in err
    assert "401 shared-secret header X-Push-Secret wrong" in err
    with NotificationStore(state) as store:
        assert store.count() == acked == n
        assert len(store.unknown_jobs()) == n
        assert len(store.final_jobs()) == sum(1 for i in range(n) if i % 3)
        assert [x.image for x in store.notifications()][1] == IMAGE


def test_listen_refuses_two_secrets_a_bad_header_and_a_taken_port(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run_cli(
        capsys, "listen", "--require-header", "X-A=b", "--require-path-secret", "s"
    )
    assert code == 2 and "not both" in err
    code, _, err = run_cli(capsys, "listen", "--require-header", "no-equals-sign")
    assert code == 2 and "NAME=VALUE" in err
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        code, _, err = run_cli(capsys, "listen", "--port", port, "--state", str(tmp_path / "s.db"))
    assert (
        code == 1
        and err.startswith("faxstatus: cannot listen on 127.0.0.1:")
        and err.count("\n") == 1
    )
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not sqlite " * 100)
    code, _, err = run_cli(capsys, "listen", "--port", "0", "--state", str(junk))
    assert code == 1 and "notification store" in err


@pytest.mark.slow
def test_concurrent_pushes_acknowledged_before_sigkill_are_all_stored(tmp_path: Path) -> None:
    """Writers that share a commit (the store's group commit) are each acknowledged after it."""
    state = tmp_path / "push.sqlite"
    per_client, clients = 30, 4
    with subprocess.Popen(
        [sys.executable, "-m", "faxstatus", "listen", "--port", "0", "--state", str(state)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        acked: list[str] = []
        try:
            assert proc.stderr is not None
            found = re.search(r"(http://\S+/)", proc.stderr.readline())
            assert found, "no URL announced"
            url = found.group(1)

            def work(k: int) -> None:
                with httpx.Client(timeout=20) as client:
                    for i in range(per_client):
                        job = f"br{k}x{i}"
                        method, target, headers, body = encode_notification(
                            fields(FaxJobId=job), "form", url=url
                        )
                        reply = client.request(
                            method, url.rstrip("/") + target, headers=headers, content=body
                        )
                        if reply.status_code == 200:
                            acked.append(job)

            threads = [threading.Thread(target=work, args=(k,)) for k in range(clients)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.communicate(timeout=60)
    assert len(acked) == per_client * clients
    with NotificationStore(state) as store:
        assert sorted(n.job_id for n in store.notifications()) == sorted(acked)
