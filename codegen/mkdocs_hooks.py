"""MkDocs hooks for the site: Sphinx roles in docstrings (``:class:`X```) shown as plain code.

The docstrings are read by people in editors and by ``help()`` as well as on the site, and
some name things with Sphinx's roles; mkdocstrings renders the role's name as text in front
of the code (":class:X"), so the role is dropped from the page's HTML, the code kept.
"""

from __future__ import annotations

import re
from typing import Any

_ROLE = re.compile(r":(?:py:)?(?:class|meth|func|attr|mod|exc|data|obj|const):(?=<code)")


def on_page_content(html: str, **kwargs: Any) -> str:
    """The page's HTML with every Sphinx role in front of a code span removed."""
    return _ROLE.sub("", html)
