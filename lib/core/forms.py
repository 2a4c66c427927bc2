"""Printed forms and reports attached after an email's text: where they begin.

A production prints an email's attachments (ICE detainers and warrants, police
incident reports) after its text; what follows the form's title is the form's,
not the sender's words. Kept apart from the language analysis so that stages
which only need this do not load spaCy.
"""

from __future__ import annotations

import re

#: Title lines of printed forms and reports that a production prints after an email
#: (ICE detainers and warrants, police incident reports). A title counts only at the
#: start of a line written in capitals; from there to the end, the text is the form's.
FORM_TITLES = (
    "IMMIGRATION DETAINER", "NOTICE OF ACTION", "REQUEST FOR VOLUNTARY NOTIFICATION",
    "WARRANT FOR ARREST OF ALIEN", "WARRANT OF REMOVAL", "NOTICE TO APPEAR",
    "RECORD OF DEPORTABLE", "INCIDENT REPORT", "ARREST REPORT", "BOOKING SHEET",
)
_FORM_TITLE = re.compile(r"^[ \t]*(?:%s)\b[^\na-z]*$" % "|".join(map(re.escape, FORM_TITLES)), re.MULTILINE)
#: An issuer's name in capitals just above the title belongs to the form ("DEPARTMENT OF HOMELAND SECURITY").
_FORM_ISSUER = re.compile(r"^[ \t]*[A-Z.,&'’ ]*\b(?:DEPARTMENT|POLICE|SECURITY|ENFORCEMENT|BUREAU|OFFICE|AGENCY|"
                          r"SHERIFF)\b[A-Z.,&'’ ]*$")


def form_start(text) -> int | None:
    """Where a printed form or report attached to an email begins in its text, or None.

    The form starts at a title line from ``FORM_TITLES`` written in capitals,
    or up to two capitalised issuer lines above it ("DEPARTMENT OF HOMELAND
    SECURITY", "CITY POLICE DEPARTMENT"). Everything after belongs to the form.
    """
    if not isinstance(text, str):
        return None
    title = _FORM_TITLE.search(text)
    if title is None:
        return None
    start = title.start()
    for _ in range(2):
        if start == 0:
            break
        previous = text.rfind("\n", 0, start - 1) + 1
        if not _FORM_ISSUER.match(text[previous:start - 1].rstrip("\r")):
            break
        start = previous
    return start


#: Where a passage sits in a message: its subject line, the sender's own words, or a printed form attached.
SUBJECT_LINE, OWN_WORDS, ATTACHED_FORM = "subject line", "own words", "attached form"
