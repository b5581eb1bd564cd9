"""Decode an HTML body: header charset, then a BOM or ``<meta>`` declaration, then byte sniffing.

Issue #2 §2: GBK and GB2312 are always decoded as GB18030 (its superset: pages labelled gb2312 routinely
contain GBK-only characters such as 镕 in 朱镕基); undecodable bytes are replaced, never raised.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

_META = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_\-:.]+)""", re.IGNORECASE
)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
#: codec names (after ``codecs.lookup``) decoded with a superset instead, as browsers do (WHATWG Encoding).
SUPERSETS = {"gbk": "gb18030", "gb2312": "gb18030", "hz": "gb18030", "iso8859-1": "cp1252", "ascii": "cp1252"}
_META_WINDOW = 4096  # bytes searched for <meta charset>; the HTML spec prescans the first 1024
_SNIFF_WINDOW = 65536  # bytes given to charset-normalizer


def codec_for(label: str | None) -> str | None:
    """The Python codec to decode a charset ``label`` with, or None if Python does not know it.

    ``gbk``/``gb2312``/``cp936`` → ``gb18030``; ``latin1``/``ascii`` → ``cp1252``; otherwise the codec's
    canonical name (``UTF8`` → ``utf-8``).
    """
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in ("x-gbk", "gb_2312-80", "euc-cn", "x-euc-cn", "cp936"):
        return "gb18030"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return SUPERSETS.get(name, name)


def declared_charset(body: bytes) -> str | None:
    """The codec named by a BOM or by ``<meta charset>`` / ``<meta http-equiv>`` near the top of ``body``."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name
    match = _META.search(body, 0, _META_WINDOW)
    if not match:
        return None
    codec = codec_for(match.group(1).decode("ascii", "replace"))
    # A meta tag read as ASCII cannot truly be UTF-16; the HTML spec reads such pages as UTF-8.
    return "utf-8" if codec and codec.startswith("utf-16") else codec


def decode_html(body: bytes, header_charset: str | None = None) -> tuple[str, str]:
    """Decode ``body`` → ``(text, codec)``. Order: BOM, header charset, meta charset, UTF-8 if the bytes are
    valid UTF-8, charset-normalizer's best guess, finally UTF-8 with replacement. Never raises."""
    codec = None
    if not body.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        codec = codec_for(header_charset)
    codec = codec or declared_charset(body)
    if codec is None:
        try:
            return body.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            codec = _sniff(body)
    if codec == "utf-8" and body.startswith(codecs.BOM_UTF8):
        codec = "utf-8-sig"
    try:
        return body.decode(codec, errors="replace"), codec
    except LookupError:  # pragma: no cover - codec_for only returns known codecs
        return body.decode("utf-8", errors="replace"), "utf-8"


def _sniff(body: bytes) -> str:
    best = charset_normalizer.from_bytes(body[:_SNIFF_WINDOW]).best()
    return (codec_for(best.encoding) if best is not None else None) or "utf-8"
