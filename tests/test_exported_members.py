"""The public surface: __all__ is exactly the public names, and every one is documented."""

from __future__ import annotations

import inspect
import subprocess
import sys

import faxstatus

_NOT_API = {"annotations", "importlib", "TYPE_CHECKING", "Any"}


def test_all_matches_public_names():
    public = {
        name
        for name in dir(faxstatus)
        if not name.startswith("_")
        and name not in _NOT_API
        and not inspect.ismodule(getattr(faxstatus, name))
    }
    assert set(faxstatus.__all__) == public
    assert faxstatus.__all__ == sorted(faxstatus.__all__, key=lambda n: (not n.isupper(), n))


def test_every_public_name_resolves_and_is_documented():
    for name in faxstatus.__all__:
        value = getattr(faxstatus, name)
        if inspect.isclass(value) or inspect.isfunction(value):
            assert inspect.getdoc(value), name


def test_unknown_attribute_is_an_attribute_error():
    try:
        faxstatus.NoSuchThing  # noqa: B018
    except AttributeError as exc:
        assert "NoSuchThing" in str(exc)
    else:
        raise AssertionError("expected AttributeError")


def test_client_names_load_lazily():
    code = (
        "import sys, faxstatus; assert 'httpx' not in sys.modules;"
        "faxstatus.FaxStatusClient; assert 'httpx' in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
