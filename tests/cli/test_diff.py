"""faxstatus diff: two messages by meaning; --entry and --side pick them out of captures."""

from __future__ import annotations

import pytest

from ..support.cli import run_cli as run
from ..support.har_files import zeep_har

pytestmark = pytest.mark.usefixtures("clean_env")

STATUS = "$.GetRealTimeFaxStatusExResponse.FaxStatusList[0].FaxJobStatusId: 2 -> 3"


def test_two_recorded_responses_of_one_har_file(tmp_path, capsys):
    path = tmp_path / "run.har"
    path.write_bytes(zeep_har())
    har = str(path)
    code, out, _ = run(
        capsys, "diff", har, har, "--entry-a", "2", "--entry-b", "3", "--side", "response"
    )
    assert (code, out) == (1, STATUS + "\n")


def test_without_side_the_requests_are_compared(tmp_path, capsys):
    path = tmp_path / "run.har"
    path.write_bytes(zeep_har())
    har = str(path)
    code, out, _ = run(capsys, "diff", har, har, "--entry-a", "2", "--entry-b", "3")
    assert (code, out) == (0, "same message (GetRealTimeFaxStatusEx)\n")


def test_side_a_and_side_b_pick_each_file_own_message(tmp_path, capsys):
    path = tmp_path / "run.har"
    path.write_bytes(zeep_har())
    har = str(path)
    code, out, _ = run(
        capsys, "diff", har, har, "--entry", "2", "--side-a", "request", "--side-b", "response"
    )
    assert code == 1 and "$.GetRealTimeFaxStatusEx: only in A" in out


def test_a_message_that_does_not_decode_is_named_with_its_entry(tmp_path, capsys):
    path = tmp_path / "run.har"
    path.write_bytes(zeep_har(bad_response=True))
    har = str(path)
    code, out, err = run(
        capsys, "diff", har, har, "--entry-a", "2", "--entry-b", "3", "--side", "response"
    )
    assert (code, out) == (1, "")
    assert err.startswith(f"faxstatus: {har} (entry 3 response): ") and "RecipientState" in err
