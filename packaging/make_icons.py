"""Render resources/icons/switchboard.svg into the Windows .ico and macOS .icns the installers need.

    .venv/bin/python packaging/make_icons.py

Run it after changing the SVG and commit both files.  Qt renders the PNGs (no
Pillow, no iconutil); the two containers are written here because Qt's own
writers store a single size, and Windows and macOS pick the size they need
from a list of them.  Both formats accept PNG data for every size used here
(.ico since Windows Vista, .icns since OS X 10.7).
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SVG = ROOT / "resources" / "icons" / "switchboard.svg"
OUT = ROOT / "packaging" / "icons"

ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# .icns entry types and the pixel size each holds (ic11-ic14 are the @2x variants).
ICNS_TYPES = (
    (b"ic11", 32),
    (b"ic12", 64),
    (b"ic07", 128),
    (b"ic13", 256),
    (b"ic08", 256),
    (b"ic14", 512),
    (b"ic09", 512),
    (b"ic10", 1024),
)


def render_png(size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(SVG)).render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


def ico(pngs: dict[int, bytes]) -> bytes:
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, blobs = b"", b""
    for size, png in pngs.items():
        side = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset + len(blobs))
        blobs += png
    return header + entries + blobs


def icns(pngs: dict[int, bytes]) -> bytes:
    body = b"".join(kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    sizes = sorted(set(ICO_SIZES) | {size for _, size in ICNS_TYPES})
    pngs = {size: render_png(size) for size in sizes}
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "switchboard.ico").write_bytes(ico({size: pngs[size] for size in ICO_SIZES}))
    (OUT / "switchboard.icns").write_bytes(icns(pngs))
    print(f"wrote {OUT / 'switchboard.ico'} and {OUT / 'switchboard.icns'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
