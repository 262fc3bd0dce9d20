"""The frozen app's entry script: the same ``main`` as ``python -m app``.

A separate file rather than ``app/__main__.py`` itself, so that PyInstaller
sees ``app`` only as a package (never ``app/`` as a directory of top-level
modules) and the frozen app starts exactly like ``python -m app``.
"""

import sys

from app.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
