"""Charges and the many ways police write them: Massachusetts' here; another profile's from its offence table.

Each charge has a statute (chapter, section), a level hint (misdemeanor or
felony, as usually charged) and a category, plus the names and abbreviations
seen in police and ICE email. ``written`` combines a name with a citation in
one of the styles officers use.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Charge:
    key: str
    chapter: str
    section: str
    level_hint: str  # "misdemeanor" | "felony"
    category: str  # motor_vehicle, property, public_order, assault, violent_felony, drug, weapon, sex_offense
    names: tuple[str, ...]


CHARGES = {c.key: c for c in (
    Charge("unlicensed_operation", "90", "10", "misdemeanor", "motor_vehicle", (
        "Unlicensed operation of a motor vehicle", "Unlic Op MV", "Unlicensed Op of MV",
        "OPERATING W/O LICENSE", "Op MV w/o license", "unlicensed operation", "no license")),
    Charge("operating_after_suspension", "90", "23", "misdemeanor", "motor_vehicle", (
        "Operating after suspension", "OAS", "Op after susp", "OPER MV AFTER LIC SUSPENDED",
        "operating after license suspended")),
    Charge("oui", "90", "24", "misdemeanor", "motor_vehicle", (
        "OUI", "OUI liquor", "Operating under the influence", "OUI-Liquor", "OUI 1st offense")),
    Charge("uninsured_vehicle", "90", "34J", "misdemeanor", "motor_vehicle", (
        "Uninsured motor vehicle", "Uninsured MV", "no insurance")),
    Charge("leaving_scene", "90", "24(2)(a)", "misdemeanor", "motor_vehicle", (
        "Leaving the scene of property damage", "LSA property damage", "leaving scene")),
    Charge("shoplifting", "266", "30A", "misdemeanor", "property", (
        "Shoplifting", "Shoplifting by asportation", "SHOPLIFTING BY CONCEALING MDSE", "shoplifting")),
    Charge("larceny_under", "266", "30", "misdemeanor", "property", (
        "Larceny under $1,200", "Larceny < $1200", "LARCENY UNDER $1200", "larceny under")),
    Charge("larceny_over", "266", "30", "felony", "property", (
        "Larceny over $1,200", "Larceny > $1200", "LARCENY OVER $1200")),
    Charge("receiving_stolen", "266", "60", "misdemeanor", "property", (
        "Receiving stolen property", "RSP", "Rec stolen prop")),
    Charge("malicious_destruction", "266", "127", "misdemeanor", "property", (
        "Malicious destruction of property", "Mal Dest", "Malicious destruction")),
    Charge("trespass", "266", "120", "misdemeanor", "public_order", (
        "Trespass", "Trespassing", "TRESPASS")),
    Charge("disorderly", "272", "53", "misdemeanor", "public_order", (
        "Disorderly conduct", "Disorderly", "DISORDERLY PERSON", "disturbing the peace")),
    Charge("resisting_arrest", "268", "32B", "misdemeanor", "public_order", (
        "Resisting arrest", "Resisting", "RESIST ARREST")),
    Charge("assault_battery", "265", "13A", "misdemeanor", "assault", (
        "A&B", "Assault & Battery", "Assault and battery", "A+B")),
    Charge("assault_battery_household", "265", "13M", "misdemeanor", "assault", (
        "A&B on family/household member", "A&B FHM", "DV A&B", "A&B on household member")),
    Charge("abuse_order_violation", "209A", "7", "misdemeanor", "assault", (
        "Violation of abuse prevention order", "209A violation", "V/O 209A")),
    Charge("threats", "275", "2", "misdemeanor", "assault", (
        "Threat to commit a crime", "Threats", "threat to commit crime")),
    Charge("possession_class_a", "94C", "34", "misdemeanor", "drug", (
        "Possession Class A", "Poss Class A", "possession of heroin")),
    Charge("abdw", "265", "15A", "felony", "violent_felony", (
        "ABDW", "A&B w/ dangerous weapon", "Assault and battery by means of a dangerous weapon",
        "A&B DW", "ABDW (knife)")),
    Charge("armed_robbery", "265", "17", "felony", "violent_felony", (
        "Armed robbery", "Robbery, armed", "ARMED ROBBERY")),
    Charge("pwid_class_a", "94C", "32", "felony", "drug", (
        "PWID Class A", "Poss w/ intent to distribute Class A", "Possession with intent to distribute Class A",
        "Dist Class A")),
    Charge("pwid_class_b", "94C", "32A", "felony", "drug", (
        "PWID Class B", "Poss w/ intent to dist Class B", "Possession with intent to distribute Class B")),
    Charge("firearm_without_license", "269", "10(a)", "felony", "weapon", (
        "Unlawful possession of a firearm", "Carrying a firearm w/o license", "UPF", "Firearm w/o license")),
    Charge("rape", "265", "22", "felony", "sex_offense", (
        "Rape", "RAPE", "Rape (c.265)")),
)}

#: How often each charge is a subject's lead charge. Most subjects face minor,
#: non-violent charges (motor vehicle, shoplifting); a minority violent felonies.
LEAD_CHARGE_WEIGHTS = {
    "unlicensed_operation": 26, "operating_after_suspension": 9, "oui": 6, "uninsured_vehicle": 2,
    "leaving_scene": 2, "shoplifting": 10, "larceny_under": 5, "larceny_over": 2, "receiving_stolen": 2,
    "malicious_destruction": 2, "trespass": 4, "disorderly": 4, "resisting_arrest": 1,
    "assault_battery": 5, "assault_battery_household": 5, "abuse_order_violation": 2, "threats": 1,
    "possession_class_a": 2, "abdw": 3, "armed_robbery": 1, "pwid_class_a": 2, "pwid_class_b": 2,
    "firearm_without_license": 1, "rape": 1,
}

#: Charges that often come along with a lead charge on the same arrest.
COMPANION_CHARGES = {
    "unlicensed_operation": ("uninsured_vehicle", "leaving_scene", "resisting_arrest"),
    "operating_after_suspension": ("uninsured_vehicle", "unlicensed_operation"),
    "oui": ("unlicensed_operation", "leaving_scene"),
    "shoplifting": ("trespass", "resisting_arrest"),
    "larceny_under": ("receiving_stolen", "trespass"),
    "disorderly": ("resisting_arrest", "trespass"),
    "assault_battery": ("disorderly", "threats"),
    "assault_battery_household": ("threats", "malicious_destruction", "abuse_order_violation"),
    "abdw": ("assault_battery", "threats"),
    "armed_robbery": ("abdw", "firearm_without_license"),
    "pwid_class_a": ("possession_class_a", "firearm_without_license"),
    "pwid_class_b": ("possession_class_a",),
    "firearm_without_license": ("resisting_arrest",),
}

#: Citation styles: "c. 90 § 10", "c90 s10", "MGL 90/10", "chapter 90, section 10", ...
CITATION_STYLES = (
    "c. {ch} § {sec}", "c{ch} s{sec}", "MGL {ch}/{sec}", "chapter {ch}, section {sec}",
    "M.G.L. c.{ch}, §{sec}", "G.L. c. {ch} s. {sec}", "{ch}/{sec}",
)


def pick_charges(rng: random.Random) -> list[Charge]:
    """A lead charge and sometimes one or two companions, as on one arrest."""
    from .jurisdiction import current

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
    from .jurisdiction import current

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
