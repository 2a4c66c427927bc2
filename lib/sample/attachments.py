"""Pages printed after an email: the ICE detainer form and police incident-report excerpts.

Both are synthetic look-alikes with form-like text. What they disclose is
recorded through a Writer, the same way as message bodies.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from . import formats, places
from .jurisdiction import current
from .model import Writer
from .pdf import Block, Field, Line, Rule, Space
from .redaction import redact
from .world import Official, Subject, latin1


@dataclass
class AttachmentNotes:
    """What an attachment discloses (same fields the Writer fills on a message)."""
    subjects: list = field(default_factory=list)
    personal_data: set = field(default_factory=set)
    charges: list = field(default_factory=list)
    subject_line_notes: list = field(default_factory=list)


def _writer(rng: random.Random) -> tuple[Writer, AttachmentNotes]:
    notes = AttachmentNotes()
    return Writer(notes, rng), notes


def _field(label: str, value: str, size: float = 9.5, tab: float = 120) -> Field:
    return Field(label, value, "Helvetica", "Helvetica-Bold", size, tab)


def detainer_form(rng: random.Random, s: Subject, issued: datetime, officer: Official) -> tuple[list[Block], AttachmentNotes]:
    """An immigration detainer, form I-247A, for a person in local custody."""
    w, notes = _writer(rng)
    checked = rng.choice((0, 0, 1, 2, 3))
    basis = (
        "A final order of removal against the alien;",
        "The pendency of ongoing removal proceedings against the alien;",
        "Biometric confirmation of the alien's identity and a records check of federal databases that "
        "affirmatively indicate, by themselves or in addition to other reliable information, that the alien "
        "either lacks immigration status or notwithstanding such status is removable under U.S. immigration law;",
        "Statements made by the alien to an immigration officer and/or other reliable evidence that "
        "affirmatively indicate the alien either lacks immigration status or notwithstanding such status is "
        "removable under U.S. immigration law.",
    )
    blocks: list[Block] = [
        Line("DEPARTMENT OF HOMELAND SECURITY", "Helvetica-Bold", 11),
        Line("IMMIGRATION DETAINER - NOTICE OF ACTION", "Helvetica-Bold", 13),
        Line("Form I-247A (synthetic sample)", "Helvetica", 8, gray=0.3),
        Rule(1.0, 4, 6),
        _field("Subject ID", str(rng.randint(300000000, 399999999))),
        _field("Event #", f"{current().detainer_event_prefix}{issued.year % 100}{rng.randint(10000000, 99999999)}"),
        _field("File No.", w.a_number(s)),
        _field("Date", formats.long_date(issued.date())),
        Rule(0.5, 4, 6),
        _field("TO", f"{current().detainer_to} / {s.facility}"),
        _field("FROM", current().detainer_from),
        _field("Name of Alien", w.name(s, "upper")),
        _field("Date of Birth", w.dob(s)),
        _field("Citizenship", s.nationality),
        _field("Gender", "Male" if s.gender == "M" else "Female"),
        _field("Current charge(s)", w.charges(s)),
        Rule(0.5, 4, 6),
        Line("1. DHS HAS DETERMINED THAT PROBABLE CAUSE EXISTS THAT THE SUBJECT IS A REMOVABLE ALIEN. "
             "THIS DETERMINATION IS BASED ON (complete box 1 or 2):", "Helvetica-Bold", 9),
    ]
    for i, text in enumerate(basis):
        blocks.append(Line(f"[{'X' if i == checked else ' '}] {text}", "Helvetica", 9, indent=12))
    blocks += [
        Space(4),
        Line("2. [ ] DHS TRANSFERRED THE ALIEN TO YOUR CUSTODY FOR A PROCEEDING OR INVESTIGATION.", "Helvetica-Bold", 9),
        Space(4),
        Line("IT IS THEREFORE REQUESTED THAT YOU:", "Helvetica-Bold", 9),
        Line(f"[X] Notify DHS as early as practicable (at least 48 hours, if possible) before the alien is released "
             f"from your custody. Please notify DHS by calling {formats.phone(officer.phone, rng)}.", "Helvetica", 9,
             indent=12),
        Line("[X] Maintain custody of the alien for a period NOT TO EXCEED 48 HOURS beyond the time when he/she "
             "would otherwise have been released from your custody to allow DHS to assume custody.", "Helvetica", 9,
             indent=12),
        Line("[X] Serve a copy of this form on the subject and maintain it in file.", "Helvetica", 9, indent=12),
        Space(10),
        _field("Signature of Immigration Officer", redact("b6b7c", officer.name)),
        _field("Name and Title", redact("b6b7c", f"{officer.name}, {officer.title}")),
        Space(8),
        Line("NOTICE TO THE DETAINEE: The Department of Homeland Security (DHS) has placed an immigration "
             "detainer on you. An immigration detainer is a notice to a law enforcement agency that DHS "
             "intends to assume custody of you after you are released.", "Helvetica", 8.5),
    ]
    return blocks, notes


NARRATIVES = {
    "motor_vehicle": (
        "On {when}, officers assigned to the {district} patrol observed a {vehicle} (MA Reg {plate}) fail to stop "
        "at the stop sign at {corner}. Officers stopped the vehicle and spoke with the operator, later identified "
        "as {name}. The operator was unable to produce a valid license. A query through the RMV showed that "
        "{lic_status}. {name_short} was placed under arrest and transported to {district} for booking without "
        "incident. The vehicle was towed from the scene."
    ),
    "oui": (
        "On {when}, officers observed a {vehicle} (MA Reg {plate}) traveling at a high rate of speed and crossing "
        "the double yellow line near {corner}. The operator, identified as {name}, had glassy eyes and a strong "
        "odor of an alcoholic beverage on {his} breath. {He} performed poorly on field sobriety tests and was "
        "placed under arrest. {He} was transported to {district} and offered a breath test."
    ),
    "property": (
        "On {when}, officers responded to a radio call for a shoplifter detained at the {store} at {corner}. Loss "
        "prevention officer {victim} stated that {he} observed the suspect, later identified as {name}, conceal "
        "merchandise valued at ${value} and walk past all points of sale. {name_short} was placed under arrest "
        "and transported to {district}."
    ),
    "public_order": (
        "On {when}, officers responded to a call for a disturbance at {corner}. On arrival officers observed "
        "{name} yelling at passers-by and refusing to leave the property after being asked by the manager, "
        "{victim}. {He} was advised several times to leave and was placed under arrest when {he} refused."
    ),
    "assault": (
        "On {when}, officers responded to a radio call for a domestic disturbance at {address}. On arrival they "
        "spoke with the victim, {victim}, who stated that {name} had pushed and struck the victim during an "
        "argument. Officers observed redness on the victim's face and arm. {name_short} was placed under arrest "
        "and transported to {district}. The victim was given information on obtaining a 209A order."
    ),
    "serious": (
        "On {when}, officers responded to a report of a person with a weapon at {corner}. Officers located a "
        "suspect matching the description, later identified as {name}. A pat frisk and search incident to "
        "arrest were conducted. Details of the investigation are withheld: {withheld}. {name_short} was "
        "transported to {district} and booked."
    ),
}


def _narrative_kind(s: Subject) -> str:
    lead = s.charges[0]
    if lead.key == "oui":
        return "oui"
    if lead.category in ("motor_vehicle", "property", "public_order", "assault"):
        return lead.category
    return "serious"


def incident_report(rng: random.Random, s: Subject, reported: datetime, officer: Official,
                    street_names: list[str]) -> tuple[list[Block], AttachmentNotes]:
    """An excerpt of a police incident report about the subject's arrest."""
    w, notes = _writer(rng)
    occurred = reported - timedelta(hours=rng.randint(1, 6))
    a, b = rng.sample(street_names, 2)
    corner = f"{a} St and {b} Ave"
    when = (f"{formats.DAYS[occurred.weekday()]}, {formats.long_date(occurred.date())} at approximately "
            f"{occurred.hour:02d}{occurred.minute:02d} hours")
    name = w.name(s, "upper")
    lic_status = (f"the operator's license, {w.license(s)}, was suspended" if s.license
                  else current().no_licence)
    text = NARRATIVES[_narrative_kind(s)].format(
        when=when, district=s.district, vehicle=rng.choice(places.VEHICLES),
        plate=f"{rng.randint(1, 9)}{''.join(rng.choice('ABCDEFGHJKLMNPRSTVWXY') for _ in range(2))}{rng.randint(100, 999)}",
        corner=corner, name=name, name_short=s.last.upper(), lic_status=lic_status, He=s.he.capitalize(), he=s.he,
        his=s.his, store=rng.choice(places.STORES), value=rng.randint(40, 900),
        victim=redact("redacted", latin1(f"{rng.choice(('J.', 'M.', 'K.'))} {rng.choice(('Perez', 'Walsh', 'Nguyen'))}"),
                      boxed=False),
        address=f"{s.street} {s.unit}",  # the Address field below discloses it anyway
        withheld=redact("b7e", "investigative technique details"),
    )
    text = current().text(text)
    blocks: list[Block] = [
        Line(current().police_notice_agency, "Helvetica-Bold", 13, align="center"),
        Line("INCIDENT REPORT - EXCERPT", "Helvetica-Bold", 11, align="center"),
        Rule(1.0, 4, 6),
        _field("Report Number", w.report(s)),
        _field("District", s.district),
        _field("Occurred", f"{occurred.month:02d}/{occurred.day:02d}/{occurred.year} {occurred.hour:02d}{occurred.minute:02d}"),
        _field("Reported", f"{reported.month:02d}/{reported.day:02d}/{reported.year} {reported.hour:02d}{reported.minute:02d}"),
        _field("Offense(s)", w.charges(s)),
        _field("Location", corner),
        _field("Reporting Officer", f"Ofc. {officer.mention('full')}  ID# {redact('b6', str(rng.randint(10000, 99999)), boxed=False)}"),
        Rule(0.5, 4, 6),
        Line("PERSONS", "Helvetica-Bold", 10),
        _field("Suspect 1", name),
        _field("DOB", w.dob(s)),
        _field("Address", w.address(s)),
        _field("Phone", w.phone(s)),
        _field("Operator License", w.license(s) if s.license else "NONE"),
        _field("Place of Birth", s.nationality.upper()),
        Rule(0.5, 4, 6),
        Line("NARRATIVE", "Helvetica-Bold", 10),
        Line(text, "Times-Roman", 10.5),
        Space(8),
        Line(f"Approved: Sgt. {redact('b6', 'supervisor')}   Entered: {formats.short_date(reported.date())}",
             "Helvetica", 8.5, gray=0.2),
    ]
    return blocks, notes
