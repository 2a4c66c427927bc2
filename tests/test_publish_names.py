"""The independent name detector and the case identifiers: names of every shape are masked without the entity
tagger; officials, institutions, places and pseudonyms are kept; case numbers are masked by shape."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from lib.publish.identifiers import Detector, Identifier
from lib.publish.lexicon import english_words, given_names, surnames
from lib.publish.masking import Masker
from lib.publish.names import NameShapes
from lib.publish.patterns import Keep, find_shapes, table_cells
from lib.publish.publishable import publishable_from

OFFICERS = ["Kyle Love", "Conal Ahearne", "Jordan Nelson", "Sabrina Dunphy"]


@pytest.fixture(scope="module")
def shapes() -> NameShapes:
    return NameShapes(publishable_from(OFFICERS))


@pytest.fixture(scope="module")
def masker(shapes) -> Masker:
    """A masker that knows no private person at all: what it masks, the name detector and the shapes found."""
    return Masker(Detector([Identifier("official", name) for name in OFFICERS]), {},
                  Keep(domains=frozenset({"boston.gov", "dhs.gov"})), names=shapes)


def found(shapes: NameShapes, text: str, **options) -> list[str]:
    return sorted(text[s.start:s.end] for s in shapes.find(text, **options))


@pytest.mark.parametrize("text,name", [
    ("Can you run Maria Lopez-Garcia DOB 3/4/88 for me?", "Maria Lopez-Garcia"),
    ("Can you run Aage Downs-Downs DOB 03/14/1988 for me?", "Aage Downs-Downs"),  # surname parts that are English words
    ("Please run Rose Young Hill DOB 1/2/90.", "Rose Young Hill"),
    ("GARCIA, MARIA was booked at District B-2.", "GARCIA, MARIA"),
    ("Garcia Lopez, Maria L. was held", "Garcia Lopez, Maria L"),
    ("Xiomara Quispe-Huamán was released.", "Xiomara Quispe-Huamán"),
    ("Jean-Pierre O'Neil was released.", "Jean-Pierre O'Neil"),
    ("Maria de la Cruz was released.", "Maria de la Cruz"),
    ("Hans van der Berg was released.", "Hans van der Berg"),
    ("Mohammed bin Rashid was released.", "Mohammed bin Rashid"),
    ("Ana M. Ruiz was released.", "Ana M. Ruiz"),
    ("Siobhan O’Brien-Kelly was released.", "Siobhan O’Brien-Kelly"),
    ("NGUYỄN VĂN AN was released.", "NGUYỄN VĂN AN"),
    ("Chukwuemeka Okonkwo-Adeyemi was released.", "Chukwuemeka Okonkwo-Adeyemi"),
    ("Rose Young was released.", "Rose Young"),  # both English words, read as 'given name surname'
    ("Can you run Young Brown for me?", "Young Brown"),  # English words, after a cue
    ("Detainer lodged for Hope Field, A# 123.", "Hope Field"),
    ("He lives in East Boston with Chelsea Jackson.", "Chelsea Jackson"),  # two places side by side
    ("Jordan Smith was arrested.", "Jordan Smith"),  # an official is called Jordan; Jordan Smith is not him
    ("QUISPE was released this morning.", "QUISPE"),  # a surname alone, in capitals, on the census list
])
def test_names_of_every_shape_are_found(shapes, text, name):
    assert name in found(shapes, text)


@pytest.mark.parametrize("subject,name", [
    ("Detainer - YOUNG, ROSE", "YOUNG, ROSE"), ("RE: I-247A TAYLOR", "TAYLOR"), ("RE: QUETZALCOATL", "QUETZALCOATL"),
])
def test_names_in_subject_lines(shapes, subject, name):
    assert name in found(shapes, subject, subject=True)


@pytest.mark.parametrize("text", [
    "Good Morning, Best Regards, Det. Kyle Love, Boston Police Department",
    "From: Love, Kyle\nTo: Nelson, Jordan; Dunphy, Sabrina\nSubject: RE: Detainer Request",
    "Conal R. Ahearne\nDeportation Officer\nICE ERO Boston",
    "Commissioner Gross and Mayor Walsh spoke with Councilor Edwards.",
    "The Suffolk County Sheriff's Department at Nashua Street Jail; Suffolk County House of Correction",
    "He was removed to El Salvador from Chelsea, MA; family in Dorchester and Jamaica Plain, and in Cabo Verde.",
    "Person 017 was released. [NAME] was held. DOB [DOB].",
    "Please run NCIC on him. FW: Detainer Request. Thanks, Kyle. Hope all is well.",
    "Stopped a green Toyota Corolla at Haney St and Conway Ave on April 11, 2017.",
    "Charges: Op MV w/o license, OUI-Liquor. LAW ENFORCEMENT SENSITIVE.",
])
def test_officials_institutions_places_and_plain_text_are_kept(shapes, text):
    assert found(shapes, text) == []


def test_an_officials_surname_alone_is_kept_but_not_inside_another_name(shapes):
    assert found(shapes, "Ask Dunphy about it.") == []
    assert found(shapes, "Maria Dunphy was booked.") == ["Maria Dunphy"]


def test_a_word_the_release_writes_in_lower_case_is_ordinary_but_still_a_name_beside_another():
    local = NameShapes(publishable_from([]), ordinary={"qqwz", "held"})
    assert local.is_english("qqwz") and not NameShapes(publishable_from([])).is_english("qqwz")
    # 'held' is a surname too: written in lower case by the release, alone it is a word, beside a name a name.
    assert found(local, "Held on the detainer.") == []
    assert found(local, "Maria Held was booked.") == ["Maria Held"]


# -- property: any name, any sentence, masked with no help from the tagger ---------------------------------

_GIVEN = sorted(n for n, strength in given_names().items()
                if strength >= 5 and n.isalpha() and n not in english_words())
_SURNAMES = sorted(n for n in list(surnames())[::97] if n.isalpha() and len(n) > 3 and n not in english_words())
_TEMPLATES = ("Can you run {name} DOB 03/14/1988 for me?", "{name} was booked at District B-2 last night.",
              "Detainer lodged for {name}, A# 123-456-789.", "Forwarding the report on {name} (DOB 1/2/90).",
              "NAME: {name}\nDOB: 1990-01-02", "I spoke with {name} this morning.")


def _invented() -> st.SearchStrategy[str]:
    return st.from_regex(r"[A-Z][a-z]{4,9}", fullmatch=True).filter(lambda w: w.lower() not in english_words())


@st.composite
def written_names(draw) -> tuple[str, list[str]]:
    """A name in one of the ways names are written, and its words that must not survive."""
    first = draw(st.sampled_from(_GIVEN)).capitalize()
    last = draw(st.one_of(st.sampled_from(_SURNAMES).map(str.capitalize), _invented()))
    second = draw(st.one_of(st.sampled_from(_SURNAMES).map(str.capitalize), _invented()))
    shape = draw(st.sampled_from(("plain", "hyphen", "double", "particle", "apostrophe", "caps", "last_first",
                                  "initial")))
    written = {
        "plain": f"{first} {last}", "hyphen": f"{first} {last}-{second}", "double": f"{first} {last} {second}",
        "particle": f"{first} {draw(st.sampled_from(('de la', 'van', 'bin', 'dos', 'del')))} {last}",
        "apostrophe": f"{first} O'{last}", "caps": f"{first} {last}".upper(),
        "last_first": f"{last.upper()}, {first}", "initial": f"{first} {draw(st.sampled_from('ABCDEJMR'))}. {last}",
    }[shape]
    return written, [w for w in re.findall(r"[^\W\d_]{3,}", written)]


@settings(max_examples=300, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=written_names(), template=st.sampled_from(_TEMPLATES))
def test_any_name_in_any_sentence_is_masked_without_the_tagger(masker, name, template):
    written, words = name
    assume(not any(w.lower() in {p.split()[-1].lower() for p in OFFICERS} for w in words))
    masked = masker(template.format(name=written))
    for word in words:
        assert not re.search(rf"(?<![^\W\d_]){re.escape(word)}(?![^\W\d_])", masked, re.IGNORECASE), (written, masked)


# -- case identifiers ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("text,kind,value", [
    ("Docket 1705CR002968.", "docket", "1705CR002968"), ("docket is 17 05 CR 2968", "docket", "17 05 CR 2968"),
    ("Superior Court SUCR2017-10234", "docket", "SUCR2017-10234"), ("US v. X, 1:17-cr-10234-DJC", "docket",
                                                                     "1:17-cr-10234-DJC"),
    ("Booking # 17-012345", "booking", "17-012345"), ("CC# I172037004", "report", "I172037004"),
    ("CC 172034567", "report", "172034567"), ("Warrant # 1705WR000123", "docket", "1705WR000123"),
    ("warrant no. W17-123456", "warrant", "W17-123456"), ("PCF# 1234567", "pcf", "1234567"),
    ("SID: MA12345678", "sid", "MA12345678"), ("FBI# 123456AB7", "fbi", "123456AB7"),
    ("SSN 123 45 6789", "ssn", "123 45 6789"), ("MA reg 1ABC23", "plate", "1ABC23"),
    ("plate 4WK-123", "plate", "4WK-123"), ("IG: @maria_g99", "handle", "@maria_g99"),
    ("facebook.com/maria.garcia.77", "handle", "facebook.com/maria.garcia.77"),
    ("Subject ID: 987654321", "ice_id", "987654321"), ("write to maria88@gmail.com", "email", "maria88@gmail.com"),
])
def test_case_identifiers_are_found_by_shape(text, kind, value):
    spans = [(s.kind, text[s.start:s.end]) for s in find_shapes(text)]
    assert (kind, value) in spans


@pytest.mark.parametrize("text", ["booking at Nashua Street Jail", "warrant for his arrest", "FBI Boston",
                                  "the report was 23 pages", "registration of the vehicle", "in 2017 report 2017",
                                  "G.L. c. 266, § 30"])
def test_words_that_cue_an_identifier_without_one_stay(text):
    assert find_shapes(text) == []


def test_case_identifiers_are_masked_in_any_text_and_in_subject_lines(masker):
    assert masker.mask("RE: 1705CR002968 arraignment", subject=True).text == "RE: [DOCKET] arraignment"
    assert masker("Booking # 17-012345, SID MA12345678") == "Booking # [BOOKING], SID [SID]"


def test_table_cells_under_identifier_headings_are_masked(masker):
    table = "Name | DOB | Docket | Booking\nAnn Ó Gormáin | 15Jul1962 | 1705CR002968 | 17-012345\n\nThanks"
    assert [(s.kind) for s in table_cells(table)] == ["name", "dob", "docket", "booking"]
    assert masker(table) == "Name | DOB | Docket | Booking\n[NAME] | [DOB] | [DOCKET] | [BOOKING]\n\nThanks"
