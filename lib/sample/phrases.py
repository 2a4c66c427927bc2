"""Planting the rare phrases a language analysis should find, and decoys it should not count.

Enforcement-eager phrases ("Happy hunting", "got him", "scooped up", ...) and
loaded terms ("illegal aliens", "illegals") go into a few messages only, in
sentences that fit the kind of message. Decoys ("hunting license", "duck
hunting trip") sit in personal asides and must not be counted as either.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from .model import Message


@dataclass(frozen=True)
class Plant:
    category: str  # enforcement_eager | loaded_term | decoy
    phrase: str  # canonical form, lower case
    per_scale: float  # how many at scale 1
    minimum: int  # at least this many at any scale
    kinds: tuple[str, ...]  # message kinds it fits
    sentences: tuple[str, ...]  # '{him}' is the subject pronoun
    needs_male_subject: bool = False


PLANTS = (
    Plant("enforcement_eager", "happy hunting", 2, 1, ("detainer",),
          ("Happy hunting.", "Happy hunting!", "Detainer is in the system. Happy hunting")),
    Plant("enforcement_eager", "good hunting", 1, 0, ("release_alert", "pickup_plan"),
          ("Good hunting.", "Good hunting tomorrow, let me know how it goes.")),
    Plant("enforcement_eager", "got him", 3, 0, ("pickup_confirm",),
          ("Got him.", "Got him, thanks for the call!", "We got him right outside the courthouse."), True),
    Plant("enforcement_eager", "bagged", 1, 0, ("pickup_confirm",),
          ("Bagged him at the courthouse this morning.", "Bagged and tagged, on the way to Burlington."), True),
    Plant("enforcement_eager", "scooped up", 2, 0, ("pickup_confirm", "assignment_reply", "internal_inquiry_reply"),
          ("Team scooped up our guy at 0615.", "He got scooped up outside his place this morning."), True),
    Plant("loaded_term", "illegal alien", 2, 0, ("forward", "assignment", "internal_stats"),
          ("Another illegal alien with an open case.", "Most of these are illegal aliens with motor vehicle stuff.",
           "Criminal illegal alien, prior removal.")),
    Plant("loaded_term", "illegals", 1, 0, ("internal_stats", "internal_inquiry_reply", "shift_coverage"),
          ("BMC kicked two more illegals loose on PR today.", "Half the list this month is illegals on OAS.")),
    Plant("decoy", "hunting license", 2, 1, ("logistics", "thanks", "shift_coverage"),
          ("Still need to renew my hunting license before the fall.",
           "Did you ever get your hunting license squared away?")),
    Plant("decoy", "duck hunting trip", 1, 1, ("logistics", "shift_coverage"),
          ("I'm out Friday, taking the kids on a duck hunting trip up in Maine.",
           "Back Monday, the duck hunting trip got rained out anyway.")),
)


def _matched_text(sentence: str, phrase: str) -> str:
    start = sentence.lower().index(phrase)
    return sentence[start:start + len(phrase)]


def plant_phrases(messages: list[Message], rng: random.Random, scale: float) -> None:
    """Add each planted sentence as its own paragraph before the sign-off, recording it."""
    used: set[str] = set()
    for plant in PLANTS:
        count = max(plant.minimum, round(plant.per_scale * scale))

        def fits(m: Message) -> bool:
            if m.truth_id in used or m.kind not in plant.kinds:
                return False
            return not plant.needs_male_subject or m.about is None or m.about.gender == "M"

        # Prefer the PDF production; mail files only when it runs short.
        in_pdf = [m for m in messages if fits(m) and m.channel == "pdf"]
        in_mail = [m for m in messages if fits(m) and m.channel != "pdf"]
        chosen = rng.sample(in_pdf, min(count, len(in_pdf)))
        chosen += rng.sample(in_mail, min(count - len(chosen), len(in_mail)))
        for m in chosen:
            sentence = rng.choice(plant.sentences)
            m.paragraphs.append(sentence)
            used.add(m.truth_id)
            record = {"category": plant.category, "phrase": plant.phrase, "text": _matched_text(sentence, plant.phrase)}
            (m.decoys if plant.category == "decoy" else m.phrases).append(record)
