"""Publication: pseudonymised tables, a leak check, and the static site editors publish.

- ``pseudonymise``  masked copies of every processed table; private people become "Person NNN"
- ``identifiers``   what counts as a private person's identifier, found in any text
- ``patterns``      identifier shapes with their cue words: the second net
- ``masking``       replacing spans while keeping character offsets usable
- ``leaks``         reads every published file and reports any private identifier left
- ``site``          the static site: index, methodology, notebooks, figures, message index
- ``message_index`` the searchable, pseudonymised table of messages
"""

from .identifiers import Identifier, identifiers_from
from .leaks import Leak, LeakError, check_site, scan_for_leaks
from .pseudonymise import PublicationError, is_pseudonymised, pseudonymise
from .site import build_site, is_sample_release

__all__ = ["Identifier", "Leak", "LeakError", "PublicationError", "build_site", "check_site", "identifiers_from",
           "is_pseudonymised", "is_sample_release", "pseudonymise", "scan_for_leaks"]
