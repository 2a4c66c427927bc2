"""Places of the synthetic world: Boston neighbourhoods, police districts, courts, jails.

The agencies and courts are real institutions; every street address made from
these places is fictional (street names come from Faker surnames).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Neighbourhood:
    name: str
    zips: tuple[str, ...]
    district: str  # BPD district that covers it
    court: str  # district court / BMC division for misdemeanours


NEIGHBOURHOODS = (
    Neighbourhood("Dorchester", ("02121", "02122", "02124", "02125"), "C-11", "Dorchester District Court"),
    Neighbourhood("East Boston", ("02128",), "A-7", "East Boston District Court"),
    Neighbourhood("Roxbury", ("02119", "02120"), "B-2", "Roxbury District Court"),
    Neighbourhood("Mattapan", ("02126",), "B-3", "Roxbury District Court"),
    Neighbourhood("Hyde Park", ("02136",), "E-18", "West Roxbury District Court"),
    Neighbourhood("Jamaica Plain", ("02130",), "E-13", "West Roxbury District Court"),
    Neighbourhood("Roslindale", ("02131",), "E-5", "West Roxbury District Court"),
    Neighbourhood("South Boston", ("02127",), "C-6", "South Boston District Court"),
    Neighbourhood("Allston", ("02134",), "D-14", "Brighton District Court"),
    Neighbourhood("Brighton", ("02135",), "D-14", "Brighton District Court"),
    Neighbourhood("Charlestown", ("02129",), "A-15", "Charlestown District Court"),
    Neighbourhood("South End", ("02118",), "D-4", "Boston Municipal Court"),
)

#: Relative weight of each neighbourhood among subjects' home addresses.
NEIGHBOURHOOD_WEIGHTS = (22, 20, 14, 9, 6, 7, 5, 3, 4, 4, 2, 4)

#: Felonies are usually indicted and tried here.
SUPERIOR_COURT = "Suffolk Superior Court"

JAIL = "Nashua Street Jail"
HOUSE_OF_CORRECTION = "Suffolk County House of Correction"

STREET_SUFFIXES = ("St", "Street", "Ave", "Avenue", "Rd", "Terrace", "Place", "Way", "Court")

UNIT_FORMS = ("Apt {n}", "#{n}", "Unit {n}", "Apt {n}R", "{n}F", "Fl {n}")

#: Court sessions as they appear in notices.
COURTROOMS = ("Courtroom 1", "Courtroom 2", "Courtroom 3", "First Session", "Arraignment Session", "Jury Session")

#: Where ERO officers meet a released person.
PICKUP_SPOTS = (
    "the sallyport at {facility}",
    "the front lobby of {court}",
    "the {district} front desk",
    "the side door on the courthouse lot",
    "the lockup at {court}",
)

#: Fictional vehicles for incident narratives.
VEHICLES = (
    "gray Honda Accord", "black Toyota Camry", "white Nissan Altima", "red Ford Explorer",
    "silver Honda Civic", "blue Dodge Caravan", "green Toyota Corolla", "white Ford E-350 van",
)

STORES = (
    "CVS", "Walgreens", "Stop & Shop", "Target", "TJ Maxx", "Marshalls", "Star Market", "Foodies Market",
)
