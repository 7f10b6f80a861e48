"""Assemble text from a stream of strings and break markers (used by the HTML and DOCX readers).

Markup formats say "a new line starts here" or "a new paragraph starts here" rather than
containing newline characters. The readers emit those as ``LINE`` and ``PARAGRAPH`` markers
between strings; :func:`assemble` turns them into lines, with one blank line between
paragraphs however many markers pile up at nested block boundaries.
"""
from __future__ import annotations


class _Break:
    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return self.name


LINE = _Break("LINE")
PARAGRAPH = _Break("PARAGRAPH")
Token = str | _Break


def text_tokens(text: str) -> list[Token]:
    """Tokens for text that already has its lines ("\\n") and blank lines."""
    tokens: list[Token] = []
    for index, line in enumerate(text.split("\n")):
        if index:
            tokens.append(LINE)
        tokens.append(line if line.strip() else PARAGRAPH)
    return tokens


def assemble(tokens: list[Token]) -> str:
    """Lines joined by "\\n"; blank lines only between paragraphs, never doubled or at the ends.

    Spaces at the ends of a line are dropped (they are markup whitespace); a line of only
    whitespace, NBSP included (Word's "&nbsp;" spacer paragraphs), counts as empty.
    """
    lines: list[str] = []
    current: list[str] = []
    blank_pending = False

    def end_line() -> None:
        nonlocal blank_pending
        text = "".join(current).strip(" ")
        current.clear()
        if text.strip():
            if blank_pending and lines:
                lines.append("")
            lines.append(text)
            blank_pending = False

    for token in tokens:
        if token is LINE:
            end_line()
        elif token is PARAGRAPH:
            end_line()
            blank_pending = True
        elif isinstance(token, str) and token:
            # Whitespace collapses across element boundaries, as in a browser.
            if token[0] == " " and (not current or current[-1].endswith(" ")):
                token = token.lstrip(" ")
            if token:
                current.append(token)
    end_line()
    return "\n".join(lines)
