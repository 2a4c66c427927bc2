"""Find and show, in context, words that reveal how the work was seen.

- ``lexicon``      the lexicon file read and checked (``load_lexicon``, ``Lexicon``, ``LexiconError``)
- ``analysis``     spaCy analysis of texts, lower-cased for lemmas, offsets as written (``forget_analyses``)
- ``messages``     the message table a search reads: scope, texts, each hit's page and Bates number
- ``search``       ``find`` (lexicon hits with offsets into ``body``), ``concordance``, ``in_sending_order``
- ``boilerplate``  ``own_words``: text without attached forms (``form_start``) and ``boilerplate_lines``
- ``senders``      ``sender_groups``: sender's name, agency and group (police, ICE, other)
- ``hit_review``   ``review``: hits cited, their part (``hit_parts``), reasons to check, counted or not; ``hit_counts``
- ``frequency``    ``rates`` per 1,000 words by a grouping column; ``counted_rates``, ``rates_wide``
- ``distinctive``  ``keyness``: distinctive words of one set of texts against another (G2, log ratio)
- ``tone``         ``sentiment``: VADER compound score per message (read its limits); ``sentiment_summary``
- ``plots``        ``plot_rates``, ``plot_keyness``

Texts are tagged and lemmatised in lower case (so "HAPPY HUNTING" and
"Criminal Aliens" get the lemmas of their ordinary forms) while offsets and
the words shown stay exactly as written.

Messages that repeat another (``duplicate_of`` set) are left out by default so
that a forwarded email is counted once; pass ``include_duplicates=True`` to keep
them. Only the message's own text (``body``) is searched, not quoted history.
"""

from lib.core.forms import ATTACHED_FORM, OWN_WORDS, form_start
from lib.language.analysis import forget_analyses
from lib.language.boilerplate import boilerplate_lines, own_words
from lib.language.distinctive import keyness, keyness_named, log_likelihood, log_ratio
from lib.language.frequency import arguable_label, counted_rates, rates, rates_wide
from lib.language.hit_review import REVIEW_COLUMNS, hit_counts, hit_parts, review
from lib.language.lexicon import DEFAULT_LEXICON, Entry, Lexicon, LexiconError, load_lexicon
from lib.language.plots import GROUP_COLOURS, plot_keyness, plot_rates
from lib.language.search import CONTEXT_WIDTH, HIT_COLUMNS, HIT_MARK, KWIC_COLUMNS, concordance, find, in_sending_order
from lib.language.senders import SENDER_GROUPS, sender_groups
from lib.language.tone import sentiment, sentiment_summary

__all__ = ["ATTACHED_FORM", "CONTEXT_WIDTH", "DEFAULT_LEXICON", "GROUP_COLOURS", "HIT_COLUMNS", "HIT_MARK",
           "KWIC_COLUMNS", "OWN_WORDS", "REVIEW_COLUMNS", "SENDER_GROUPS", "Entry", "Lexicon", "LexiconError",
           "arguable_label", "boilerplate_lines", "concordance", "counted_rates", "find", "forget_analyses",
           "form_start", "hit_counts", "hit_parts", "in_sending_order", "keyness", "keyness_named", "load_lexicon",
           "log_likelihood", "log_ratio", "own_words", "plot_keyness", "plot_rates", "rates", "rates_wide", "review", "sender_groups",
           "sentiment", "sentiment_summary"]
