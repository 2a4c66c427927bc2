"""Charges: found in the messages' text, tied to the people they belong to, and ranked by severity.

Modules, one job each:

- ``offenses``        the offence table (``load_offenses``), ``Charge`` and the seriousness ranking
- ``offense_table``   the offence table compiled for matching words, abbreviations and citations
- ``levels``          a charge's level from the facts written next to it (value, offence number, drug class)
- ``statutes``        charges found in free text (``extract``, ``classify``)
- ``text``            where a message's text breaks (forms, passages, sentences, line wraps); a charge's context
- ``attribution``     whose charge it is: the rules of ``LINK_RULES``
- ``names``           subjects' full names found where the entity tagger missed them
- ``release_context`` what linking a message needs from the rest of the release (``ReleaseContext``)
- ``links``           the charge table (``link_charges``, ``CHARGE_COLUMNS``)
- ``severity``        each subject's most serious charge and whether it went to ICE (``subject_severity``)
- ``release``         the charges stage streamed over a built release (``link_release``)
- ``summary``         notebook 03's summaries of the tables and its headline sentence
- ``plots``           notebook 03's charts

Names in code and columns spell ``offense``, as the offence table's columns (the profile's ``offenses.csv``) do; prose says
"offence".
"""

from lib.charges.attribution import LINK_RULES, NO_SUBJECT, UNCLEAR
from lib.charges.levels import LARCENY_THRESHOLD_CHANGE, SUBSTANCE_CLASS
from lib.charges.links import CHARGE_COLUMNS, charge_rows, link_charges
from lib.charges.offense_table import NOT_CHARGES, PATTERN_MACROS, OffenseTable
from lib.charges.offenses import LEVELS, SERIOUSNESS, TABLE_COLUMNS, Charge, load_offenses, most_serious, seriousness
from lib.charges.plots import CLASS_COLOURS, plot_classes, plot_detainers
from lib.charges.release import link_release
from lib.charges.release_context import ReleaseContext
from lib.charges.severity import (
    FELONY_OR_VIOLENT,
    LEVEL_UNKNOWN,
    MINOR_ONLY,
    NO_CHARGE,
    PERSONAL_DATA_LABELS,
    SEVERITY_COLUMNS,
    SEVERITY_GROUPS,
    VIOLENCE_ARGUABLE,
    SeverityEvidence,
    subject_severity,
)
from lib.charges.statutes import classify, extract
from lib.charges.summary import (
    CLASSES,
    NOT_TO_ICE,
    READINGS,
    TO_ICE,
    charge_list,
    class_counts,
    detainers_by_class,
    headline,
    headline_text,
    level_violence,
    minor_only_people,
    most_serious_class,
    people_with_category,
    readings_table,
    severity_groups,
)
from lib.charges.text import form_spans, unwrap

__all__ = [
    "CHARGE_COLUMNS",
    "CLASSES",
    "CLASS_COLOURS",
    "FELONY_OR_VIOLENT",
    "LARCENY_THRESHOLD_CHANGE",
    "LEVELS",
    "LEVEL_UNKNOWN",
    "LINK_RULES",
    "MINOR_ONLY",
    "NOT_CHARGES",
    "NOT_TO_ICE",
    "NO_CHARGE",
    "NO_SUBJECT",
    "PATTERN_MACROS",
    "PERSONAL_DATA_LABELS",
    "SERIOUSNESS",
    "SEVERITY_COLUMNS",
    "SEVERITY_GROUPS",
    "SUBSTANCE_CLASS",
    "TABLE_COLUMNS",
    "TO_ICE",
    "UNCLEAR",
    "VIOLENCE_ARGUABLE",
    "Charge",
    "OffenseTable",
    "ReleaseContext",
    "SeverityEvidence",
    "charge_list",
    "charge_rows",
    "class_counts",
    "classify",
    "detainers_by_class",
    "extract",
    "form_spans",
    "headline",
    "headline_text",
    "people_with_category",
    "readings_table",
    "READINGS",
    "level_violence",
    "link_charges",
    "link_release",
    "load_offenses",
    "minor_only_people",
    "most_serious",
    "most_serious_class",
    "plot_classes",
    "plot_detainers",
    "seriousness",
    "severity_groups",
    "subject_severity",
    "unwrap",
]
