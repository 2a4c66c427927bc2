"""Greetings, sign-offs and signature blocks, by agency and by mood."""

from __future__ import annotations

import random

from . import formats
from .jurisdiction import current
from .redaction import redact
from .world import Official

FOUO_NOTICE = (
    "WARNING: This document is UNCLASSIFIED//FOR OFFICIAL USE ONLY (U//FOUO). It contains information "
    "that may be exempt from public release under the Freedom of Information Act (5 U.S.C. 552). It is "
    "to be controlled, stored, handled, transmitted, distributed, and disposed of in accordance with DHS "
    "policy relating to FOUO information and is not to be released to the public or other personnel who "
    "do not have a valid need-to-know without prior approval of an authorized DHS official."
)

BPD_NOTICE = (
    "CONFIDENTIALITY NOTICE: This e-mail and any attachments are intended only for the addressee and may "
    "contain confidential criminal offender record information. If you received it in error, notify the "
    "sender and delete it."
)


def greeting(rng: random.Random, to: Official) -> str | None:
    form = rng.random()
    if form < 0.25:
        return None
    if form < 0.55:
        return f"{to.mention('nick')},"
    if form < 0.7:
        return f"Hey {to.mention('nick')},"
    if form < 0.82:
        return f"{to.mention('first')} -"
    if form < 0.92:
        return f"{to.mention('rank')},"
    return rng.choice(("Good morning,", "Good afternoon,", "All,"))


def sign_off(rng: random.Random, sender: Official) -> list[str]:
    closing = rng.choice(("Thanks,", "Thank you,", "Thx", "Thanks", "Regards,", "V/r,", "Best,", None, None))
    name = sender.mention(rng.choice(("first", "nick", "first")))
    if closing is None:
        return [f"-{name}" if rng.random() < 0.5 else name]
    return [closing, name]


def block(rng: random.Random, o: Official) -> list[str]:
    """The full signature block with rank, unit and phone."""
    office = formats.phone(o.phone, rng)
    if o.agency == "BPD":
        cell = redact("redacted", formats.phone(o.cell, rng), boxed=False)
        lines = [
            o.mention("rank") if rng.random() < 0.2 else f"{o.rank} {o.mention('full')}",
            o.title, current().agency_names["BPD"], o.unit,
        ]
        if rng.random() < 0.5:
            lines.append(current().police_hq)
        lines.append(rng.choice((f"Office: {office}", f"O: {office}  C: {cell}", f"Desk {office} | Cell {cell}")))
        return lines
    if o.agency in ("ERO", "HSI"):
        cell = redact(rng.choice(("b6", "b6", "b6b7c", "b7c")), formats.phone(o.cell, rng), boxed=rng.random() < 0.8)
        lines = [o.mention("middle"), o.title, o.unit]
        lines += ["U.S. Immigration and Customs Enforcement", "U.S. Department of Homeland Security"]
        lines.append(rng.choice((f"Office: {office}", f"Desk: {office}")))
        lines.append(f"Cell: {cell}" if rng.random() < 0.8 else f"Mobile: {cell}")
        return lines
    return [o.mention("full"), o.title, o.unit, current().agency_names.get(o.agency, o.agency), f"Tel. {office}"]


def signature(rng: random.Random, sender: Official, mood: str = "normal") -> list[str]:
    """Sign-off plus, depending on mood, a block and an agency notice.

    mood: 'normal' (sign-off and usually a block), 'brief' (a name or nothing),
    'phone' (sent from a phone).
    """
    if mood == "phone":
        lines = sign_off(rng, sender) if rng.random() < 0.4 else []
        return lines + ([""] if lines else []) + ["Sent from my iPhone"]
    if mood == "brief":
        return sign_off(rng, sender) if rng.random() < 0.6 else []
    lines = sign_off(rng, sender)
    if rng.random() < 0.8:
        lines += [""] + block(rng, sender)
        if sender.agency in ("ERO", "HSI") and rng.random() < 0.45:
            lines += ["", FOUO_NOTICE]
        elif sender.agency == "BPD" and rng.random() < 0.15:
            lines += ["", BPD_NOTICE]
    return lines
