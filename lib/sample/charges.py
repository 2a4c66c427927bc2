"""Charges and the many ways police write them, as the profile's sample.yaml lists them.

Each charge has a statute (chapter, section), a level hint (misdemeanor or
felony, as usually charged) and a category, plus the names and abbreviations
seen in police and ICE email. ``written`` combines a name with a citation in
one of the styles officers use.
"""

from __future__ import annotations

import random

from .jurisdiction import Charge, current

__all__ = ["Charge", "citation", "pick_charges", "written"]


def pick_charges(rng: random.Random) -> list[Charge]:
    """A lead charge and sometimes one or two companions, as on one arrest."""
    place = current()
    weights = place.lead_weights
    lead = rng.choices(list(weights), weights=list(weights.values()))[0]
    picked = [lead]
    companions = [c for c in place.companions.get(lead, ()) if c != lead]
    if companions and rng.random() < 0.45:
        picked.append(rng.choice(companions))
        if len(companions) > 1 and rng.random() < 0.2:
            picked.append(rng.choice([c for c in companions if c not in picked] or companions))
    return [place.charges[k] for k in dict.fromkeys(picked)]


def citation(charge: Charge, rng: random.Random) -> str:
    place = current()
    code, code_name = place.codes.get(charge.chapter, ("", ""))
    return rng.choice(place.citation_styles).format(ch=charge.chapter, sec=charge.section, code=code,
                                                    code_name=code_name)


def written(charge: Charge, rng: random.Random) -> str:
    """One way an officer might write this charge: name, citation, or both."""
    name = rng.choice(charge.names)
    form = rng.random()
    if form < 0.55:
        return name
    if form < 0.9:
        return f"{name} ({citation(charge, rng)})"
    return citation(charge, rng)


def truth_entry(charge: Charge, text: str) -> dict:
    return {
        "text_as_written": text,
        "charge": charge.key,
        "chapter": charge.chapter,
        "section": charge.section,
        "level_hint": charge.level_hint,
        "category": charge.category,
    }
