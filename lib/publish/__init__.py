"""Publication: pseudonymised tables, a leak check, and the static site editors publish.

- ``pseudonymise``  masked copies of every processed table; private people become "Person NNN"
- ``raw_identifiers`` who is private, and their identifiers, from the raw tables and the officials list
- ``identifiers``   the detector: those identifiers found in any text, in any spelling
- ``name_patterns`` a name's words, given names and surnames, and the regexes for its variants
- ``values``        canonical forms of dates, A-numbers, phones, emails, addresses, licence and report numbers
- ``names``         the independent name detector: name-shaped spans that are not publishable
- ``lexicon``       the word lists it reads: given names, surnames, English words, particles, titles
- ``publishable``   what may be published by name: officials, institutions, places, terms
- ``patterns``      identifier shapes with their cue words, case numbers included
- ``masking``       merging every net's spans and replacing them, keeping character offsets usable
- ``leaks``         the leak gate: reads every published file and reports any identifier left
- ``adversarial``   a seeded release of fictional people written about every way, to measure the above
- ``site``          the static site: index, methodology, notebooks, figures, message index
- ``message_index`` the searchable, pseudonymised table of messages
"""

from .identifiers import Identifier
from .leaks import Gate, Leak, LeakError, check_site, scan_for_leaks
from .pseudonymise import PublicationError, is_pseudonymised, pseudonymise
from .raw_identifiers import identifiers_from
from .site import build_site, is_sample_release

__all__ = ["Gate", "Identifier", "Leak", "LeakError", "PublicationError", "build_site", "check_site",
           "identifiers_from", "is_pseudonymised", "is_sample_release", "pseudonymise", "scan_for_leaks"]
