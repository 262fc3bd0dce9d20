"""Document downloads: small PDFs made in code, and the signed links that serve them.

``Documents/GetDocumentDownloadURL`` answers a pre-signed URL on this same
simulator host (``/files/{documentId}?expires=...&sig=...``), the way a storage
service hands out links: the URL alone grants access, so it is fetched without
INSZoom's headers and a request that carries them is refused (403).
"""

from __future__ import annotations

import hashlib
import hmac
import unicodedata
from urllib.parse import quote

# How long a download link stays valid (the document gives no figure).
LINK_LIFETIME_S = 900


# ---------------------------------------------------------------- signed links


def signature(key: bytes, document_id: str, expires: int) -> str:
    message = f"{document_id}\n{expires}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def signed_path(key: bytes, document_id: str, expires: int) -> str:
    """Path and query of a download link, relative to the simulator host's root."""
    sig = signature(key, document_id, expires)
    return f"/files/{quote(document_id, safe='')}?expires={expires}&sig={sig}"


def link_problem(
    key: bytes, document_id: str, expires: str | None, sig: str | None, now: float
) -> str | None:
    """Why a download link is refused, or None when it is good."""
    if not expires or not sig or not expires.isdigit():
        return "The download link is incomplete; ask GetDocumentDownloadURL for a new one."
    if not hmac.compare_digest(sig, signature(key, document_id, int(expires))):
        return "The download link's signature is not valid."
    if now >= int(expires):
        return "The download link has expired; ask GetDocumentDownloadURL for a new one."
    return None


# ---------------------------------------------------------------- file names


def ascii_file_name(*words: str, suffix: str = ".pdf") -> str:
    """``Passport_Sofia_Hernandez.pdf`` from words that may carry accents or spaces."""
    folded = unicodedata.normalize("NFKD", "_".join(words)).encode("ascii", "ignore").decode()
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in folded)
    while "__" in safe:
        safe = safe.replace("__", "_")
    return safe.strip("_") + suffix


def content_disposition(file_name: str) -> str:
    # filename* keeps non-ASCII names intact for clients that read RFC 6266.
    return f"attachment; filename=\"{file_name}\"; filename*=UTF-8''{quote(file_name)}"


# ---------------------------------------------------------------- PDF


def _pdf_text(text: str) -> bytes:
    """A PDF literal string in WinAnsi (cp1252) so the em dash and accents print."""
    raw = text.encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _content_stream(lines: tuple[str, ...] | list[str]) -> bytes:
    parts = [b"BT", b"/F1 18 Tf", b"72 720 Td"]
    for index, line in enumerate(lines):
        if index == 1:
            parts.append(b"/F1 11 Tf")
        if index:
            parts.append(b"0 -22 Td" if index == 1 else b"0 -16 Td")
        parts.append(_pdf_text(line) + b" Tj")
    parts.append(b"ET")
    return b"\n".join(parts)


def make_pdf(lines: tuple[str, ...] | list[str]) -> bytes:
    """A valid one-page PDF (US Letter, Helvetica) showing ``lines``, heading first."""
    stream = _content_stream(lines)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 %d\n" % (len(objects) + 1)
    out += b"0000000000 65535 f \n"
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref_at)
    return bytes(out)
