"""The public surface: __all__ is exactly the public names, and every one is documented."""

from __future__ import annotations

import inspect

import faxstatus


def test_all_matches_public_names():
    public = {
        name
        for name, value in vars(faxstatus).items()
        if not name.startswith("_") and not inspect.ismodule(value) and name != "annotations"
    }
    assert set(faxstatus.__all__) == public
    assert faxstatus.__all__ == sorted(faxstatus.__all__, key=lambda n: (not n.isupper(), n))


def test_every_public_name_has_a_docstring():
    for name in faxstatus.__all__:
        value = getattr(faxstatus, name)
        if inspect.isclass(value) or inspect.isfunction(value):
            assert inspect.getdoc(value), name
