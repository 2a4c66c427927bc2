"""The cast of the synthetic world: officials (email participants) and private subjects.

Every person is fictional, drawn from Faker with a fixed seed. Agencies, courts
and jails are real institutions. Phone numbers use the 555-01xx range that is
reserved for fiction.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from faker import Faker

from . import places
from .charges import Charge, pick_charges
from .jurisdiction import OfficialSpec, current

NICKNAMES = {
    "Michael": "Mike", "Robert": "Bob", "William": "Bill", "James": "Jim", "Thomas": "Tom",
    "Richard": "Rich", "Joseph": "Joe", "Christopher": "Chris", "Daniel": "Dan", "Matthew": "Matt",
    "Anthony": "Tony", "Steven": "Steve", "Kevin": "Kev", "Patrick": "Pat", "Timothy": "Tim",
    "Edward": "Ed", "Jennifer": "Jen", "Katherine": "Kate", "Elizabeth": "Liz", "Nicholas": "Nick",
}

#: Subjects' countries of citizenship, relative weights, and the Faker locale for names.
NATIONALITIES = (
    ("Dominican Republic", 14, "es_CO"), ("El Salvador", 14, "es_MX"), ("Guatemala", 12, "es_MX"),
    ("Honduras", 9, "es_CO"), ("Brazil", 10, "pt_BR"), ("Haiti", 9, "fr_FR"), ("Cape Verde", 6, "pt_PT"),
    ("Mexico", 5, "es_MX"), ("Colombia", 4, "es_CO"), ("Ecuador", 3, "es_CO"), ("Jamaica", 4, "en_GB"),
    ("Ireland", 2, "en_IE"), ("China", 3, "zh_CN"), ("Vietnam", 2, "vi_VN"), ("Nigeria", 3, "en_NG"),
)



@dataclass(eq=False)  # people compare and hash by identity
class Official:
    person_id: str
    first: str
    middle: str
    last: str
    email: str | None
    agency: str
    title: str
    rank: str  # written before the surname: "Det.", "SDO", ...
    unit: str
    phone: str
    cell: str
    names_used: set[str] = field(default_factory=set)

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def last_first(self) -> str:
        return f"{self.last}, {self.first}"

    @property
    def nickname(self) -> str:
        return NICKNAMES.get(self.first, self.first)

    def mention(self, form: str) -> str:
        """A name form, remembered so the truth lists every variant used."""
        text = {
            "full": self.name,
            "last_first": self.last_first,
            "middle": f"{self.first} {self.middle}. {self.last}" if self.middle else self.name,
            "rank": f"{self.rank} {self.last}".strip(),
            "first": self.first,
            "nick": self.nickname,
            "upper": f"{self.last.upper()}, {self.first.upper()}",
        }[form]
        self.names_used.add(text)
        return text

    def truth(self) -> dict:
        return {
            "person_id": self.person_id, "role": "official", "name": self.name,
            "first": self.first, "last": self.last, "names": sorted(self.names_used | {self.name}),
            "email": self.email, "agency": self.agency, "agency_name": current().agency_names[self.agency],
            "title": self.title, "unit": self.unit,
        }


@dataclass(eq=False)
class Subject:
    person_id: str
    first: str
    last: str
    gender: str
    dob: date
    street: str
    unit: str
    neighbourhood: places.Neighbourhood
    zip_code: str
    phone: str
    a_number: str  # nine digits
    license: str | None
    nationality: str
    report_number: str
    charges: list[Charge]
    facility: str  # where the subject is held after arrest
    year: int
    names_used: set[str] = field(default_factory=set)

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def he(self) -> str:
        return "he" if self.gender == "M" else "she"

    @property
    def him(self) -> str:
        return "him" if self.gender == "M" else "her"

    @property
    def his(self) -> str:
        return "his" if self.gender == "M" else "her"

    @property
    def court(self) -> str:
        felony = any(c.level_hint == "felony" for c in self.charges)
        return current().superior_court if felony else self.neighbourhood.court

    @property
    def district(self) -> str:
        return self.neighbourhood.district

    def truth(self) -> dict:
        return {
            "person_id": self.person_id, "role": "subject", "name": self.name,
            "first": self.first, "last": self.last, "names": sorted(self.names_used | {self.name}),
            "gender": self.gender, "dob": self.dob.isoformat(),
            "address": {
                "street": self.street, "unit": self.unit, "neighbourhood": self.neighbourhood.name,
                "city": self.neighbourhood.name if current().neighbourhood_is_city else current().city,
                "state": current().state, "zip": self.zip_code,
            },
            "phone": self.phone, "a_number": self.a_number, "license": self.license,
            "nationality": self.nationality, "report_number": self.report_number,
            "district": self.district, "court": self.court, "facility": self.facility,
            "charges": [{"charge": c.key, "chapter": c.chapter, "section": c.section,
                         "level_hint": c.level_hint, "category": c.category} for c in self.charges],
            "year": self.year,
        }


@dataclass
class World:
    liaison: Official
    bpd: list[Official]  # other BPD staff with email
    ero: list[Official]
    hsi: list[Official]
    sheriff: list[Official]
    others: list[Official]
    ero_duty: Official  # shared mailbox, only ever a recipient
    patrol: list[Official]  # officers named in incident reports, no email
    subjects: list[Subject]

    @property
    def officials(self) -> list[Official]:
        return [self.liaison, *self.bpd, *self.ero, *self.hsi, *self.sheriff, *self.others,
                self.ero_duty, *self.patrol]


def latin1(text: str) -> str:
    """Fold characters the standard PDF fonts cannot show (e.g. Vietnamese tones) to ASCII."""
    if all(ord(ch) < 256 for ch in text):
        return text
    return "".join(ch if ord(ch) < 256 else
                   unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode() for ch in text)


class _PhoneBook:
    """Hands out fictional 555-01xx numbers, each once until the book runs out."""

    def __init__(self, rng: random.Random):
        self.numbers = [f"{area}555{n:04d}" for area in current().area_codes for n in range(100, 200)]
        rng.shuffle(self.numbers)
        self.next = 0

    def take(self) -> str:
        number = self.numbers[self.next % len(self.numbers)]
        self.next += 1
        return number


def _fakers(seed: int) -> dict[str, Faker]:
    locales = sorted({loc for _, _, loc in NATIONALITIES} | {"en_US", "en_IE"})
    fakers = {}
    for i, loc in enumerate(locales):
        fake = Faker(loc)
        fake.seed_instance(seed * 100 + i)
        fakers[loc] = fake
    return fakers


def _official_name(fakers: dict[str, Faker], rng: random.Random, taken: set[str]) -> tuple[str, str, str]:
    while True:
        fake = fakers["en_IE" if rng.random() < 0.3 else "en_US"]
        female = rng.random() < 0.25
        first = fake.first_name_female() if female else fake.first_name_male()
        last = fake.last_name()
        middle = rng.choice("ABCDEFGHJKLMPRSTW")
        if last not in taken and first.isalpha() and last.replace("'", "").isalpha():
            taken.add(last)
            return first, middle, last


def build_officials(fakers, rng: random.Random, phones: _PhoneBook) -> dict:
    taken: set[str] = set()
    counter = iter(range(1, 1000))

    place = current()

    def official(spec: OfficialSpec) -> Official:
        agency, title, rank, unit, email_style = spec.role, spec.title, spec.rank, spec.unit, spec.email
        first, middle, last = _official_name(fakers, rng, taken)
        domain = place.domains[agency]
        local = {
            "first.last": f"{first}.{last}",
            "first.m.last": f"{first}.{middle}.{last}",
            "flast": f"{first[0]}{last}",
            None: None,
        }[email_style]
        email = f"{local.lower()}@{domain}" if local else None
        return Official(f"O{next(counter):03d}", first, middle, last, email, agency, title, rank, unit,
                        phones.take(), phones.take())

    liaison = official(place.liaison)
    bpd = [official(spec) for spec in place.police]
    ero = [official(spec) for spec in place.ero]
    hsi = [official(spec) for spec in place.hsi]
    sheriff = [official(spec) for spec in place.sheriff]
    others = [official(spec) for spec in place.others]
    ero_duty = Official(f"O{next(counter):03d}", place.duty_first, "", "Duty", place.duty_email,
                        "ERO", "Shared mailbox", "", place.ero_office, phones.take(), "")
    patrol = [official(place.patrol) for _ in range(8)]
    return dict(liaison=liaison, bpd=bpd, ero=ero, hsi=hsi, sheriff=sheriff, others=others,
                ero_duty=ero_duty, patrol=patrol)


def build_subjects(fakers, rng: random.Random, phones: _PhoneBook, count: int, years: tuple[int, ...],
                   year_weights: tuple[float, ...]) -> list[Subject]:
    subjects = []
    seen_names: set[str] = set()
    weights = [w for _, w, _ in NATIONALITIES]
    for i in range(count):
        nationality, _, loc = rng.choices(NATIONALITIES, weights=weights)[0]
        fake = fakers[loc]
        gender = "M" if rng.random() < 0.78 else "F"
        while True:
            if loc == "zh_CN":
                first, last = fake.first_romanized_name(), fake.last_romanized_name()
            else:
                first = fake.first_name_male() if gender == "M" else fake.first_name_female()
                last = fake.last_name()
                if loc.startswith("es") and rng.random() < 0.3:
                    last = f"{last} {fake.last_name()}"
            first, last = latin1(first), latin1(last)
            if f"{first} {last}" not in seen_names:
                seen_names.add(f"{first} {last}")
                break
        year = rng.choices(years, weights=year_weights)[0]
        age = rng.choices((rng.randint(19, 29), rng.randint(30, 44), rng.randint(45, 60)), weights=(45, 40, 15))[0]
        born = date(year - age, rng.randint(1, 12), rng.randint(1, 28))
        place = current()
        hood = rng.choices(place.neighbourhoods, weights=place.neighbourhood_weights)[0]
        street = f"{rng.randint(2, 240)} {latin1(fakers['en_US'].last_name())} {rng.choice(places.STREET_SUFFIXES)}"
        unit = rng.choice(places.UNIT_FORMS).format(n=rng.randint(1, 3))
        has_license = rng.random() < 0.6
        charges = pick_charges(rng)
        if charges[0].key == place.unlicensed_charge:
            has_license = False
        felony = any(c.level_hint == "felony" for c in charges)
        lead_digit = rng.choice("02")
        subjects.append(Subject(
            person_id=f"S{i + 1:04d}", first=first, last=last, gender=gender, dob=born,
            street=street, unit=unit, neighbourhood=hood, zip_code=rng.choice(hood.zips),
            phone=phones.take(), a_number=lead_digit + "".join(rng.choice("0123456789") for _ in range(8)),
            license=(place.licence_prefix + "".join(rng.choice("0123456789") for _ in range(place.licence_digits)))
            if has_license else None,
            nationality=nationality,
            report_number=f"I{year % 100:02d}{rng.randint(2000000, 2099999)}",
            charges=charges, year=year,
            facility=place.jail if felony or rng.random() < 0.5 else place.house_of_correction,
        ))
    return subjects


def build_world(seed: int, subject_count: int, years: tuple[int, ...], year_weights: tuple[float, ...]) -> World:
    rng = random.Random(f"{seed}:world")
    fakers = _fakers(seed)
    phones = _PhoneBook(rng)
    officials = build_officials(fakers, rng, phones)
    subjects = build_subjects(fakers, rng, phones, subject_count, years, year_weights)
    return World(subjects=subjects, **officials)
