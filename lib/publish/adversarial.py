"""An adversarial release: fictional private people written about the ways police and ICE write, to prove that
publication fails closed.

Every person is fictional: names from Faker in several locales, and hand-made shapes no name list knows
(hyphenated and double surnames, particles, apostrophes, accents, capitals, 'LAST, First', invented
surnames, names that are English words). Each gets a date of birth, an address, a phone, an A-number, a
court docket, booking, incident, warrant, PCF, SID and FBI number, an SSN (900-999 area numbers, never
issued), a plate, a private email address and a social media handle. They are planted in messages as
officers write them: subject lines, 'Can you run ...', forwarded arrest reports, attached detainer forms,
tables of overnight arrests, social media notes, a surname alone. Officers write and sign the messages,
and officials of ``lib/reference/officials.csv`` are mentioned, so the test can count the officials' names
kept as well as the private identifiers leaked.

``generate(people, seed)`` returns the messages and what was planted; ``write_release`` writes them as
``.eml`` files a build reads; ``measure`` runs them through the masker without the entity tagger (the name
detector and the shapes alone) and counts what survives.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from pathlib import Path
from zoneinfo import ZoneInfo

SEED = 20240611
#: Faker locales the private people's names are drawn from.
LOCALES = ("en_US", "es_MX", "es_CO", "pt_BR", "fr_FR", "vi_VN", "ga_IE", "pl_PL", "yo_NG", "tw_GH", "en_IN",
           "it_IT")
SHAPES = ("plain", "middle_initial", "middle_name", "hyphenated", "double", "particle", "apostrophe", "accented",
          "caps", "last_first", "last_first_caps", "invented", "english_words")
#: Kinds of identifier planted for each person (besides the name).
KINDS = ("dob", "address", "phone", "a_number", "docket", "booking", "report", "warrant", "pcf", "sid", "fbi", "ssn",
         "plate", "email", "handle")
_PARTICLES = ("de la", "del", "de", "van der", "van", "bin", "dos", "da", "di", "von")
_SYLLABLES = ("qua", "tzel", "mbo", "ko", "nya", "xo", "chi", "tl", "wa", "ru", "zu", "ndi", "ye", "hua", "ox", "ke",
              "nka", "pi", "qui", "ltz", "yo", "mbe", "tsa", "gho")
_ENGLISH_GIVEN = ("Rose", "Hope", "Grace", "Will", "Mark", "Faith", "Joy", "Bill", "Jack", "Dawn", "Rich", "Destiny")
_ENGLISH_SURNAMES = ("Young", "Brown", "King", "White", "Price", "Field", "Hunt", "Rice", "Wood", "Black", "Green",
                     "Stone", "Rivers", "Lane", "Little", "Strong")
_ACCENTS = str.maketrans({"a": "á", "e": "é", "i": "í", "o": "ó", "u": "ú", "n": "ñ", "c": "ç"})
_STREET_SUFFIXES = ("St", "Street", "Ave", "Avenue", "Rd", "Terrace", "Place", "Way")
_TOWNS = (("Dorchester", "02124"), ("Roxbury", "02119"), ("East Boston", "02128"), ("Mattapan", "02126"),
          ("Hyde Park", "02136"), ("Jamaica Plain", "02130"), ("Chelsea", "02150"), ("Lynn", "01902"))
_COURTS = ("01", "02", "05", "07", "84")
ZONE = ZoneInfo("America/New_York")


@dataclass
class Person:
    """A fictional private person and everything planted about them."""

    key: str
    given: str
    surname: str
    shape: str
    written: str  # the name as the messages write it
    values: dict[str, str] = field(default_factory=dict)  # kind -> value as written

    def planted(self) -> list[tuple[str, str]]:
        """(kind, value as written) of every identifier planted, the name first."""
        return [("name", self.written)] + [(k, self.values[k]) for k in KINDS if k in self.values]


@dataclass
class Officer:
    name: str
    email: str
    title: str
    agency: str

    @property
    def first(self) -> str:
        return self.name.split()[0]


@dataclass
class Message:
    sender: Officer
    to: Officer
    subject: str
    body: str
    sent_at: datetime
    people: list[str]  # keys of the people written about
    official_mentions: list[str] = field(default_factory=list)  # officials' names as written in subject and body


@dataclass
class Release:
    people: list[Person]
    officers: list[Officer]
    messages: list[Message]

    def planted(self) -> list[tuple[str, str, str]]:
        """(person key, kind, value) of every identifier written in a message about the person, once."""
        by_key = {p.key: p for p in self.people}
        found: dict[tuple[str, str, str], None] = {}
        for message in self.messages:
            text = _normal(f"{message.subject}\n{message.body}")
            for key in message.people:
                for kind, value in by_key[key].planted():
                    if _normal(value) in text:
                        found[(key, kind, value)] = None
        return list(found)


# -- people ------------------------------------------------------------------------------------------

def _fakers(seed: int):
    from faker import Faker

    fakers = {}
    for number, locale in enumerate(LOCALES):
        faker = Faker(locale)
        faker.seed_instance(seed + number)
        fakers[locale] = faker
    return fakers


def _ascii_letters(text: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if c.isascii() and c.isalpha())


def _invented(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(3, 4))).capitalize()


def _name(shape: str, given: str, surname: str, other: str, rng: random.Random) -> tuple[str, str, str]:
    """(given, surname, written) for a name of ``shape``; ``other`` is a second surname or a middle name."""
    if shape == "middle_initial":
        return given, surname, f"{given} {other[0].upper()}. {surname}"
    if shape == "middle_name":
        return given, surname, f"{given} {other} {surname}"
    if shape == "hyphenated":
        surname = f"{surname}-{other}"
    elif shape == "double":
        surname = f"{surname} {other}"
    elif shape == "particle":
        surname = f"{rng.choice(_PARTICLES)} {surname}"
    elif shape == "apostrophe":
        surname = f"{rng.choice(('O', 'D', 'N'))}'{surname}"
    elif shape == "accented":
        given, surname = given.translate(_ACCENTS) if not any(ord(c) > 127 for c in given) else given, \
            surname[0] + surname[1:].translate(_ACCENTS)
    elif shape == "invented":
        surname = _invented(rng)
        if rng.random() < 0.5:
            surname = f"{surname}-{_invented(rng)}"
    elif shape == "english_words":
        given, surname = rng.choice(_ENGLISH_GIVEN), rng.choice(_ENGLISH_SURNAMES)
    if shape == "caps":
        return given, surname, f"{given} {surname}".upper()
    if shape == "last_first":
        return given, surname, f"{surname.upper()}, {given}"
    if shape == "last_first_caps":
        return given, surname, f"{surname}, {given} {other[0].upper()}".upper()
    return given, surname, f"{given} {surname}"


def _dob(rng: random.Random) -> str:
    born = date(1960, 1, 1) + timedelta(days=rng.randint(0, 15_000))
    formats = ("%m/%d/%Y", "%-m/%-d/%y", "%Y-%m-%d", "%B %-d, %Y", "%d%b%Y")
    return born.strftime(rng.choice(formats)).upper() if rng.random() < 0.2 else born.strftime(rng.choice(formats))


def _values(person_key: str, given: str, surname: str, rng: random.Random, street: str) -> dict[str, str]:
    digits = lambda n: "".join(str(rng.randint(0, 9)) for _ in range(n))  # noqa: E731
    a_number = f"{rng.randint(1, 2)}{digits(8)}"
    town, zip_code = rng.choice(_TOWNS)
    year = rng.choice((17, 18, 19))
    login = _ascii_letters(given).lower() + rng.choice((".", "_", "")) + _ascii_letters(surname).lower()[:8]
    return {
        "dob": _dob(rng),
        "address": f"{rng.randint(2, 399)} {street} {rng.choice(_STREET_SUFFIXES)}, {town}, MA {zip_code}",
        "phone": rng.choice(("617-555-01{:02d}", "(857) 555-01{:02d}", "781.555.01{:02d}")).format(rng.randint(0, 99)),
        "a_number": rng.choice((f"A{a_number}", f"A# {a_number[:3]}-{a_number[3:6]}-{a_number[6:]}",
                                f"A-{a_number[:3]} {a_number[3:6]} {a_number[6:]}")),
        "docket": rng.choice((f"{year}{rng.choice(_COURTS)}CR{digits(6)}", f"SUCR20{year}-{digits(5)}")),
        "booking": f"{year}-{digits(6)}",
        "report": rng.choice((f"I{year}{digits(7)}", f"{year}{digits(7)}")),
        "warrant": f"{year}{rng.choice(_COURTS)}WR{digits(6)}",
        "pcf": digits(7),
        "sid": f"MA{digits(8)}",
        "fbi": f"{digits(6)}{rng.choice('ABCDEFGHJK')}{rng.choice('ABCDEFGHJK')}{digits(1)}",
        "ssn": f"9{digits(2)}-{digits(2)}-{digits(4)}",
        "plate": f"{digits(1)}{rng.choice('ABCDEFGHJKLMNPRSTVWXYZ')}{rng.choice('ABCDEFGHJKLMNPRSTVWXYZ')}{digits(3)}",
        "email": f"{login}{rng.randint(10, 99)}@{rng.choice(('gmail.com', 'yahoo.com', 'hotmail.com'))}",
        "handle": f"@{login}{rng.randint(1, 99)}",
    }


def make_people(count: int, seed: int = SEED) -> list[Person]:
    """``count`` fictional people, every shape in turn, names from every locale in turn."""
    rng = random.Random(seed)
    fakers = _fakers(seed)
    people = []
    for number in range(count):
        faker = fakers[LOCALES[number % len(LOCALES)]]
        shape = SHAPES[number % len(SHAPES)]
        given = faker.first_name().split()[0]
        surname, other = faker.last_name(), faker.last_name()
        given, surname, written = _name(shape, given, surname, other, rng)
        key = f"adv-{number:04d}"
        street = fakers["en_US"].last_name()
        people.append(Person(key, given, surname, shape, written, _values(key, given, surname, rng, street)))
    return people


# -- officers and messages -----------------------------------------------------------------------------

def make_officers(seed: int = SEED) -> list[Officer]:
    """The correspondents: police officers and ICE officers, fictional, with work addresses."""
    from faker import Faker

    faker = Faker("en_US")
    faker.seed_instance(seed - 1)
    officers = []
    for number in range(6):
        first, last = faker.first_name(), faker.last_name()
        police = number % 2 == 0
        domain = "pd.boston.gov" if police else "ice.dhs.gov"
        titles = ("Det.", "Sgt. Det.", "Officer") if police else ("Deportation Officer", "SDDO", "SA")
        title = titles[number % 3]
        officers.append(Officer(f"{first} {last}", f"{first}.{last}@{domain}".lower(), title,
                                "Boston Police Department" if police else "ICE ERO Boston"))
    return officers


def _signature(officer: Officer) -> str:
    return f"{officer.title} {officer.name}\n{officer.agency}\n{officer.email}"


def _pronoun(rng: random.Random) -> str:
    return rng.choice(("He", "She"))


def _last_first(person: Person) -> str:
    return f"{person.surname.upper()}, {person.given.upper()}"


#: Officials of lib/reference/officials.csv as officers mention them.
OFFICIAL_MENTIONS = ("Commissioner Gross", "Mayor Walsh", "William Gross", "Gregory Gallagher", "Sgt. Det. Gallagher")


def _template(kind: str, people: list[Person], sender: Officer, to: Officer, rng: random.Random) -> tuple[str, str]:
    p = people[0]
    v = p.values
    he = _pronoun(rng)
    if kind == "run":
        return (f"run request {p.written}",
                f"{to.first},\n\nCan you run {p.written} DOB {v['dob']} for me? Possible address {v['address']}, "
                f"cell {v['phone']}.\n\nThx\n{sender.first}")
    if kind == "detainer":
        return (f"Detainer - {_last_first(p)}",
                f"{to.first},\n\nDetainer lodged for {p.written}, A# {v['a_number']}. {he} is held on docket "
                f"{v['docket']}, booking # {v['booking']}. Warrant # {v['warrant']} is still open.")
    if kind == "forward":
        return (f"FW: Arrest report {v['report']}",
                f"FYI see below.\n\n-----Original Message-----\nFrom: {sender.name}\nSent: Monday, March 6, 2017 "
                f"9:12 AM\nTo: {to.name}\nSubject: Arrest report\n\nOn 3/5/17 officers arrested {p.written.upper()} "
                f"(DOB {v['dob']}) at {v['address']} for Shoplifting and Trespassing. CC# {v['report']}. {he} was "
                f"booked at District B-2, booking number {v['booking']}. Vehicle MA reg {v['plate']}.")
    if kind == "form":
        middle = p.written.split()[1][0] if p.shape == "middle_initial" else ""
        return (f"I-247A {p.surname.upper()}",
                f"Attached is the form.\n\nIMMIGRATION DETAINER - NOTICE OF ACTION\nName: {_last_first(p)} {middle}\n"
                f"Date of Birth: {v['dob']}\nA-Number: {v['a_number']}\nSID: {v['sid']}\nFBI#: {v['fbi']}\n"
                f"PCF# {v['pcf']}\nSSN: {v['ssn']}\nAddress: {v['address']}\nPhone: {v['phone']}\n"
                f"Docket: {v['docket']}")
    if kind == "table":
        rows = "\n".join(f"{q.written} | {q.values['dob']} | {q.values['docket']} | {q.values['booking']}"
                         for q in people)
        return ("Overnight arrests", f"Overnight arrests for your list:\n\nName | DOB | Docket | Booking\n{rows}\n")
    if kind == "social":
        return (f"Re: {p.surname}",
                f"His girlfriend says {p.written} is on Instagram as {v['handle']} and writes from {v['email']}. "
                f"Cell {v['phone']}. SSN {v['ssn']}.")
    # A surname alone, the way replies refer back to someone.
    return (f"RE: {p.surname.upper()} release",
            f"{p.surname.upper()} was released from Nashua Street Jail this morning. FBI# {v['fbi']}, "
            f"SID {v['sid']}, PCF {v['pcf']}.")


TEMPLATES = ("run", "detainer", "forward", "form", "table", "social", "alone")


def generate(people: int = 120, seed: int = SEED) -> Release:
    """A seeded release: each person written about in every template in turn, officers writing and signing."""
    rng = random.Random(seed + 7)
    persons = make_people(people, seed)
    officers = make_officers(seed)
    messages = []
    start = datetime(2017, 3, 1, 9, 0, tzinfo=ZONE)
    index = 0
    number = 0
    while index < len(persons):
        kind = TEMPLATES[number % len(TEMPLATES)]
        group = persons[index:index + (3 if kind == "table" else 1)]
        index += len(group)
        sender, to = rng.sample(officers, 2)
        subject, body = _template(kind, group, sender, to, rng)
        mentions = [sender.name, sender.name]
        official = OFFICIAL_MENTIONS[number % len(OFFICIAL_MENTIONS)]
        body += f"\n\n{official} asked for numbers on these.\n\n{_signature(sender)}"
        mentions.append(official)
        messages.append(Message(sender, to, subject, body, start + timedelta(hours=5 * number), [p.key for p in group],
                                mentions))
        number += 1
    return Release(persons, officers, messages)


def write_release(folder: str | Path, release: Release) -> Path:
    """Each message as an ``.eml`` file, the way a records office exports mail."""
    folder = Path(folder)
    (folder / "mail").mkdir(parents=True, exist_ok=True)
    for number, message in enumerate(release.messages, start=1):
        mail = EmailMessage()
        mail["From"] = formataddr((message.sender.name, message.sender.email))
        mail["To"] = formataddr((message.to.name, message.to.email))
        mail["Date"] = format_datetime(message.sent_at)
        mail["Subject"] = message.subject
        mail["Message-ID"] = f"<adversarial-{number:04d}@example.org>"
        mail.set_content(message.body)
        slug = re.sub(r"[^a-z0-9]+", "-", f"{number:04d}-{message.sent_at:%Y-%m-%d}").strip("-")
        (folder / "mail" / f"{slug}.eml").write_bytes(bytes(mail))
    return folder


# -- measuring -------------------------------------------------------------------------------------------

def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def survivors(release: Release, published: str) -> list[tuple[str, str, str]]:
    """The planted identifiers still written in ``published`` (case and spacing ignored)."""
    haystack = _normal(published)
    return [(key, kind, value) for key, kind, value in release.planted() if _normal(value) in haystack]


def measure(people: int = 120, seed: int | None = None) -> dict:
    """Recall of the masker with no help from the entity tagger, on a seeded adversarial release.

    The masker knows only the officers (as a release's headers name them) and the reference tables: every
    private name must be found by the independent name detector and every identifier by its shape.
    """
    from .identifiers import Detector, Identifier
    from .masking import Masker
    from .names import NameShapes
    from .patterns import Keep
    from .publishable import publishable_from
    from .raw_identifiers import agency_domains, lower_case_words

    seed = SEED if seed is None else seed
    release = generate(people, seed)
    officers = [o.name for o in release.officers]
    texts = [t for m in release.messages for t in (m.subject, m.body)]
    masker = Masker(Detector([Identifier("official", name) for name in officers]), {},
                    Keep(emails=frozenset(o.email for o in release.officers), domains=frozenset(agency_domains())),
                    names=NameShapes(publishable_from(officers), ordinary=lower_case_words(texts, at_least=3)))
    outputs = []
    names_masked = 0
    for message in release.messages:
        for text, subject in ((message.subject, True), (message.body, False)):
            masked = masker.mask(text, subject=subject)
            names_masked += masked.kinds.count("name")
            outputs.append(masked.text)
    published = "\n".join(outputs)
    planted = release.planted()
    leaked = survivors(release, published)
    kept_mentions = [name for index, message in enumerate(release.messages) for name in message.official_mentions
                     if _normal(name) in _normal(outputs[2 * index] + "\n" + outputs[2 * index + 1])]
    written_mentions = sum(len(m.official_mentions) for m in release.messages)
    return {
        "seed": seed, "people": people, "messages": len(release.messages), "planted": len(planted),
        "leaked": len(leaked), "recall": round(1 - len(leaked) / len(planted), 4),
        "leaked_kinds": sorted({kind for _, kind, _ in leaked}),
        "names_masked": names_masked,
        "official_mentions": written_mentions, "official_mentions_kept": len(kept_mentions),
        "officials_kept": round(len(kept_mentions) / written_mentions, 4) if written_mentions else None,
    }
