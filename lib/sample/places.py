"""Places of the synthetic world: what a neighbourhood is, and the street, vehicle and store words of any place.

The neighbourhoods (with ZIP codes, police district and court), courts and jails are the profile's
(``sample.yaml``, read by ``lib.sample.jurisdiction``).

The agencies and courts are real institutions; every street address made from
these places is fictional (street names come from Faker surnames).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Neighbourhood:
    name: str
    zips: tuple[str, ...]
    district: str  # the police district or patrol division that covers it
    court: str  # the court that hears its misdemeanours


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
