"""Redaction marks written into a message's text: FOIA exemption codes and [REDACTED]."""

from __future__ import annotations

import re

#: Redaction marks written into the text: FOIA exemption codes and [REDACTED].
REDACTION_MARK = re.compile(
    r"\(\s*b\s*\)\s*\(\s*[1-9]\s*\)(?:\s*\(\s*[A-F]\s*\))?|\[\s*REDACTED\s*\]|\bREDACTED\b",
    re.IGNORECASE,
)


def count_redaction_marks(text: str) -> int:
    return len(REDACTION_MARK.findall(text))
