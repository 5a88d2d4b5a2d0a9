#!/bin/sh
# make test-pythons: the inner-loop suite (pytest -m "not slow") on every Python that
# pyproject.toml declares (requires-python) and this machine has, each in its own venv under
# .venvs/<version>/. An absent interpreter is skipped with the reason; any failure fails the run.
# Usage: sh tests/pythons.sh VERSION...
set -u
failed=""
ran=""
for v in "$@"; do
  py=""
  if "python$v" -c "" 2>/dev/null; then
    py="python$v"
  elif command -v pyenv >/dev/null 2>&1; then
    # pyenv's shims answer only for the active versions; its own folders hold the others.
    for cand in "$(pyenv root)"/versions/"$v".*/bin/"python$v"; do
      [ -x "$cand" ] && py="$cand"
    done
  fi
  if [ -z "$py" ]; then
    echo "make test-pythons: $v skipped: no python$v on PATH nor under pyenv"
    continue
  fi
  venv=".venvs/$v"
  echo "make test-pythons: $v ($("$py" -c 'import sys; print(sys.version.split()[0])') from $py) in $venv"
  if [ ! -f "$venv/.installed-stamp" ] || [ pyproject.toml -nt "$venv/.installed-stamp" ]; then
    { [ -x "$venv/bin/python" ] || "$py" -m venv "$venv"; } &&
      "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -e '.[dev]' &&
      touch "$venv/.installed-stamp" ||
      { echo "make test-pythons: $v FAILED to install the dev extra"; failed="$failed $v"; continue; }
  fi
  if HYPOTHESIS_PROFILE=ci "$venv/bin/python" -m pytest -q -m "not slow" -p no:cacheprovider; then
    ran="$ran $v"
  else
    failed="$failed $v"
  fi
done
echo "make test-pythons: passed on:${ran:- none}; failed on:${failed:- none}"
[ -z "$failed" ]
