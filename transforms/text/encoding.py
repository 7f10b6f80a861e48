"""Plain-text bytes (.txt, .md, and the bytes of an HTML page) to str, without mojibake.

Council systems export text in whatever the clerk's machine used: UTF-8 with or without
BOM, UTF-16 from Windows tools, Windows-1252 from older exports, now and then a UTF-8 file
with a few bytes mangled by an editor, or UTF-8 that was already read once as Windows-1252
("Ã¼" for "ü"). The strategy, cheapest path first, because the parser has to read more
than 100 documents a second:

1. A byte-order mark decides (UTF-8, UTF-16, UTF-32); so does the NUL pattern of UTF-16
   without one.
2. Strict UTF-8: almost every real file ends here.
3. Otherwise count what failed: many valid multi-byte sequences and few stray bytes is
   UTF-8 with damage (decode with U+FFFD, warn per line); anything else is a single-byte
   code page (Windows-1252, with Latin-1 for the five bytes Windows-1252 leaves undefined).
4. Repair double-encoded UTF-8 where the evidence is unambiguous.
"""
from __future__ import annotations

import codecs
import re

from transforms.model import DocumentRejected, ParseWarning

# Strictly more than this share of control characters means the bytes are not text. Real
# text has a few (a stray \x1a end-of-file marker, Word's \x0b line breaks); random binary
# data has about 12 %.
MAX_CONTROL_SHARE = 0.05
# "UTF-8 with a few damaged bytes" needs at least this many valid multi-byte sequences per
# invalid byte; below it the file is far more likely to be a single-byte code page.
UTF8_VALID_PER_INVALID = 4
# Lines named one by one in replacement warnings; the rest are summed up in one warning.
MAX_LINE_WARNINGS = 20

_BOMS = (  # UTF-32 first: its little-endian BOM starts with the UTF-16 one.
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)

# Control characters that never occur in text; \t \n \r and \f (page break) do.
_CONTROL_CHARS = "".join(chr(c) for c in [*range(0, 9), 0x0B, *range(0x0E, 0x20), 0x7F])
_CONTROL_BYTES = _CONTROL_CHARS.encode("ascii")
_CONTROL_RE = re.compile(f"[{re.escape(_CONTROL_CHARS)}]")
_HIGH_BYTES = bytes(range(0x80, 0x100))


def _single_byte_table() -> str:
    """Windows-1252, with the Latin-1 character for the five bytes it leaves undefined."""
    chars = []
    for byte in range(256):
        try:
            chars.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            chars.append(chr(byte))
    return "".join(chars)


_SINGLE_BYTE = _single_byte_table()
_CP1252_UNDEFINED = bytes(b for b in range(0x80, 0xA0) if _SINGLE_BYTE[b] == chr(b))


def decode_text(data: bytes) -> tuple[str, str, list[ParseWarning]]:
    """Decode text bytes: ``(text with "\\n" line ends, encoding name, warnings)``.

    Raises DocumentRejected for empty files and binary data.
    """
    if not data or data.isspace():
        raise DocumentRejected("the file is empty")
    warnings: list[ParseWarning] = []
    text, encoding, replaced = _decode(data)
    text = normalise_newlines(text)
    if not text or text.isspace():
        raise DocumentRejected("the file is empty")
    if replaced:
        warnings.extend(replacement_warnings(text, encoding))
    text, repaired = repair_mojibake(text)
    if repaired:
        warnings.append(ParseWarning(0, f"repaired {repaired} double-encoded character(s) "
                                        "(UTF-8 that had been read as Windows-1252, e.g. \"Ã¼\" for \"ü\")"))
    return text, encoding, warnings


def _decode(data: bytes) -> tuple[str, str, bool]:
    """``(text, encoding name, whether U+FFFD replacements were made)``."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            # A BOM is a declaration: decode by it even if some bytes are damaged.
            text = data[len(bom):].decode(codec, errors="replace")
            if codec != "utf-8":
                check_not_binary(text)
            else:
                check_not_binary_bytes(data)
            return text, name, "\ufffd" in text
    utf16 = _utf16_without_bom(data)
    if utf16:
        text = data.decode(utf16, errors="replace")
        check_not_binary(text)
        return text, "utf-16", "\ufffd" in text
    # From here on the encoding is ASCII-compatible: control characters are single bytes.
    check_not_binary_bytes(data)
    try:
        return data.decode("utf-8"), "utf-8", False
    except UnicodeDecodeError:
        pass
    lenient = data.decode("utf-8", errors="replace")
    if looks_like_damaged_utf8(data, lenient):
        return lenient, "utf-8", True
    return decode_single_byte(data)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 written without a BOM shows as NUL in every other byte of its ASCII text."""
    head = data[:2000]
    if len(head) < 8 or len(head) % 2:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    half = len(head) // 2
    if odd > 0.6 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.6 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def looks_like_damaged_utf8(data: bytes, lenient: str) -> bool:
    """Many valid UTF-8 multi-byte sequences and few bytes outside them.

    ``lenient`` is ``data`` decoded with errors="replace": each U+FFFD stands for invalid
    bytes, each other non-ASCII character for one valid sequence (counted in C, not a regex).
    """
    high_bytes = len(data) - len(data.translate(None, _HIGH_BYTES))
    ascii_chars = len(data) - high_bytes
    invalid = lenient.count("\ufffd")
    valid = len(lenient) - ascii_chars - invalid
    return valid >= UTF8_VALID_PER_INVALID * max(invalid, 1)


def decode_single_byte(data: bytes) -> tuple[str, str, bool]:
    """Windows-1252; named Latin-1 when it uses bytes only Latin-1 defines (C1 controls)."""
    text, _ = codecs.charmap_decode(data, "strict", _SINGLE_BYTE)
    latin1_only = any(byte in data for byte in _CP1252_UNDEFINED)
    return text, "latin-1" if latin1_only else "cp1252", False


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR (old Mac exports) become "\\n"."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def check_not_binary_bytes(data: bytes) -> None:
    """Reject NUL bytes or a share of control characters only binary data has.

    For ASCII-compatible encodings, where a control character is one byte: bytes.translate
    counts them in C, far faster than a regex over the decoded text.
    """
    if b"\x00" in data:
        raise DocumentRejected("the file is binary, not text (it contains NUL bytes); "
                               "is it a scanned image or an archive?")
    _reject_control_share(len(data) - len(data.translate(None, _CONTROL_BYTES)), len(data))


def check_not_binary(text: str) -> None:
    """The same check on decoded text (UTF-16, UTF-32, HTML in other charsets)."""
    if _CONTROL_RE.search(text):
        _reject_control_share(len(_CONTROL_RE.findall(text)), len(text))


def _reject_control_share(controls: int, total: int) -> None:
    share = controls / max(total, 1)
    if share > MAX_CONTROL_SHARE:
        raise DocumentRejected(f"the file is binary, not text ({share:.0%} control characters); "
                               "is it a scanned image or an archive?")


def replacement_warnings(text: str, encoding: str) -> list[ParseWarning]:
    """One warning per line holding U+FFFD, so a person can look at exactly those bytes."""
    lines = [n for n, line in enumerate(text.split("\n"), 1) if "\ufffd" in line]
    warnings = [ParseWarning(n, f"bytes that are not valid {encoding} were replaced by \ufffd; "
                                "check this line against the source")
                for n in lines[:MAX_LINE_WARNINGS]]
    if len(lines) > MAX_LINE_WARNINGS:
        warnings.append(ParseWarning(0, f"{len(lines) - MAX_LINE_WARNINGS} more lines hold "
                                        "replaced bytes (\ufffd)"))
    return warnings


# --- double-encoded UTF-8 --------------------------------------------------------------
# UTF-8 bytes decoded as Windows-1252 (or Latin-1) turn each multi-byte sequence into a lead
# character followed by continuation characters: "ü" (C3 BC) becomes "Ã¼", "„" (E2 80 9E)
# becomes "â€ž". Map those characters back to their bytes and decode as UTF-8.
_BYTE_OF = {chr(b): b for b in range(256)} | {c: b for b, c in enumerate(_SINGLE_BYTE)}
_CONT = "".join(sorted({_SINGLE_BYTE[b] for b in range(0x80, 0xC0)} | {chr(b) for b in range(0x80, 0xC0)}))
_CONT_CLASS = f"[{re.escape(_CONT)}]"
# One leading character class (then the length by lookbehind) lets the regex engine skip
# ahead to candidate characters instead of trying every position (twice as fast).
_MOJIBAKE = re.compile(
    f"[\u00c2-\u00f4](?:(?<=[\u00c2-\u00df]){_CONT_CLASS}|(?<=[\u00e0-\u00ef]){_CONT_CLASS}{{2}}"
    f"|(?<=[\u00f0-\u00f4]){_CONT_CLASS}{{3}})"
)
# "Ã", "Â" and "â€" followed by continuation characters never occur in German text; they are
# the evidence. Other leads ("Ä“" can be a real word end) are repaired only alongside them.
_EVIDENCE = re.compile(f"[\u00c2\u00c3]{_CONT_CLASS}|\u00e2{_CONT_CLASS}{{2}}")
_REPAIR_ROUNDS = 3  # text that went through the wrong decoder twice or three times


def _plausible(char: str) -> bool:
    """Characters a double-encoded German or European text actually contained."""
    code = ord(char)
    return 0xA0 <= code <= 0x17F or 0x2010 <= code <= 0x203A or char in "€™"


def _repair_match(match: re.Match[str]) -> str:
    chars = match.group()
    try:
        repaired = bytes(_BYTE_OF[c] for c in chars).decode("utf-8")
    except (UnicodeDecodeError, KeyError):
        return chars
    return repaired if _plausible(repaired) else chars


def repair_mojibake(text: str) -> tuple[str, int]:
    """Undo UTF-8-read-as-Windows-1252, only where the text clearly shows it.

    Returns the repaired text and the number of characters repaired.
    """
    if "\u00c3" not in text and "\u00c2" not in text and "\u00e2" not in text:
        return text, 0  # the fast path: no evidence characters at all
    total = 0
    for _ in range(_REPAIR_ROUNDS):
        if not any(_repair_match(m) != m.group() for m in _EVIDENCE.finditer(text)):
            break
        count = 0

        def repair(match: re.Match[str]) -> str:
            nonlocal count
            result = _repair_match(match)
            count += result != match.group()
            return result

        text = _MOJIBAKE.sub(repair, text)
        total += count
    return text, total
