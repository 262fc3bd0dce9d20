"""Switchboard: a desktop front end for five vendors' web APIs."""

# The one place the version is written: pyproject.toml reads it from here.  (Asking
# importlib.metadata at run time costs ~45 ms of start-up scanning installed packages.)
__version__ = "0.1.0"

APP_NAME = "Switchboard"
