"""Review labels for the sample release, filled from its answer key rather than by hand.

The generator knows what it wrote into each message (its kind, the personal data it passes, the phrases it
planted), so it can say, for most findings, whether a message is a case (1), is not (0), or whether its answer
key does not say (None: left blank, never guessed). The finders never see this: the figures computed from these
labels are measurements of the finders against the truth.

What each finding's label rests on (the same planted cases and decoys ``tests/test_evidence.py`` checks):

- ``release_alerts``: 1 for a release alert (not the arrest tip of an ICE-forward thread, which the generator
  also files as one); 0 for kinds that give no release time.
- ``holds_for_pickup``: 1 where the generator wrote a hold for pickup; 0 for kinds that hold no one, and for a
  refused hold ("can't hold") or bail.
- ``checks_for_ice``: 1 for a reply with RMV/CORI/NCIC results, or what booking says; 0 for kinds reporting no
  check.
- ``serves_ice_detainers``: 1 for a detainer acknowledgement saying it was taken to booking or lodged; 0 for
  other acknowledgements and kinds.
- ``covers_ice_shifts``: 0 for shift coverage, logistics and thanks (in the sample, ICE officers cover each
  other; no police officer offers); never 1.
- ``ice_role_of_officer``: 1 for a police message whose text describes a Task Force Officer; 0 for ICE senders.
- ``passes_records_to_ice``: 1 for a police-to-ICE message passing a person's identifiers or records; 0 for
  other directions, and police-to-ICE messages passing none.
- ``hunting``: 1 where an enforcement-eager phrase was planted; 0 elsewhere (the generator writes such phrases
  only by planting them; "hunting license" and "duck hunting trip" are decoys, 0).
- ``dehumanising``: 1 where a loaded term was planted; 0 where the message's own words hold neither "alien" nor
  "illegal"; blank where they hold one the generator did not plant (template wording such as "criminal alien",
  which the answer key does not rule on).
- ``shared_without_serious_charge`` counts people, not messages; ``familiarity``, ``urgency``, ``jokes`` and
  ``celebration`` are not planted: blank.

The cells left blank here were read by hand for the shipped labels: ``tests/data/sample_review_by_hand.csv``,
merged by ``python -m lib review sample|extend --by-hand`` (``lib.evidence.review.merge_by_hand``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from lib.core.profile import active_profile

from .jurisdiction import for_profile

LABELLER = "answer key"

_HOLD = re.compile(r"^Holding .* for pickup|ask them to hold|hold off", re.MULTILINE)
_DELIVERY = re.compile(r"get it over to booking|^Lodged with", re.MULTILINE)
_TASK_FORCE = re.compile(r"Task Force Officer|\bTFO\b")
_LOADED_WORD = re.compile(r"\balien|\billegal", re.IGNORECASE)
_RECORD_DATA = {"address", "phone", "police_report", "license", "dob"}


def _police_domain() -> str:
    """The mail domain of the liaison's agency in the active profile's sample world."""
    return for_profile(active_profile().name).domains["BPD"]


_REPLY = re.compile(r"(?i)\s*(re|fw|fwd)\s*:")


def _own_record_data(r: dict) -> set[str]:
    """Record data the message itself passes (a reply's subject repeats the date of birth ICE gave)."""
    data = (set(r["personal_data"]) | set(r.get("attachment_personal_data") or [])) & _RECORD_DATA
    return data - {"dob"} if _REPLY.match(r["subject"] or "") and "DOB" in (r["subject"] or "") else data


def _rule(positive: Callable[[dict], bool], negative: Callable[[dict], bool]) -> Callable[[dict], int | None]:
    return lambda r: 1 if positive(r) else (0 if negative(r) else None)


def _rules(thread_kinds: dict[str, set[str]]) -> dict[str, Callable[[dict], int | None]]:
    def phrases(r: dict, category: str) -> bool:
        return any(p["category"] == category for p in r["phrases"])

    return {
        "release_alerts": _rule(
            lambda r: r["kind"] == "release_alert" and "assignment" not in thread_kinds[r["thread_id"]],
            lambda r: r["kind"] in {"release_notice", "detainer", "court_notice", "logistics", "thanks",
                                    "shift_coverage", "internal_stats", "court_inquiry", "court_inquiry_reply",
                                    "records_reply", "records_query", "info_request"}),
        "holds_for_pickup": _rule(
            lambda r: bool(_HOLD.search(r["body"])) or r["subject"] == "Holding for pickup",
            lambda r: r["kind"] in {"court_notice", "court_notice_reply", "detainer", "detainer_ack", "logistics",
                                    "shift_coverage", "internal_stats", "thanks", "records_query", "records_reply",
                                    "info_request", "release_notice", "release_notice_reply"}
            or "can't hold" in r["body"] or "held on bail" in r["body"]),
        "checks_for_ice": _rule(
            lambda r: r["kind"] == "records_reply" or r["body"].startswith("Booking says"),
            lambda r: r["kind"] in {"records_query", "internal_inquiry_reply", "court_inquiry_reply", "detainer_ack",
                                    "thanks", "logistics", "shift_coverage", "release_alert", "court_notice"}),
        "serves_ice_detainers": _rule(
            lambda r: r["kind"] == "detainer_ack" and bool(_DELIVERY.search(r["body"])),
            lambda r: r["kind"] in {"detainer_ack", "detainer", "court_inquiry_reply", "release_alert", "thanks",
                                    "logistics", "records_reply"}),
        "covers_ice_shifts": _rule(lambda r: False, lambda r: r["kind"] in {"shift_coverage", "logistics", "thanks"}),
        "ice_role_of_officer": _rule(
            lambda r: (r["sender"] or "").endswith(_police_domain()) and bool(_TASK_FORCE.search(r["body"])),
            lambda r: (r["sender"] or "").endswith("ice.dhs.gov")),
        "passes_records_to_ice": _rule(
            lambda r: r["direction"] == "police->ice" and (bool(_own_record_data(r))
                                                            or r["kind"] in {"records_reply", "forward"}),
            lambda r: r["direction"] != "police->ice" or not (
                set(r["personal_data"]) | set(r.get("attachment_personal_data") or [])) & _RECORD_DATA
            and r["kind"] not in {"records_reply", "forward"}),
        "hunting": _rule(lambda r: phrases(r, "enforcement_eager"), lambda r: True),
        "dehumanising": _rule(lambda r: phrases(r, "loaded_term"), lambda r: not _LOADED_WORD.search(r["body"])),
    }


def truth_labels(truth: dict, findings: Iterable[str]) -> dict[str, dict[str, int | None]]:
    """truth_id -> finding -> 1, 0 or None (the answer key does not say) for every message of the answer key."""
    thread_kinds: dict[str, set[str]] = {}
    for record in truth["messages"]:
        thread_kinds.setdefault(record["thread_id"], set()).add(record["kind"])
    rules = _rules(thread_kinds)
    findings = list(findings)
    return {r["truth_id"]: {f: rules[f](r) if f in rules else None for f in findings} for r in truth["messages"]}


def truth_note(record: dict) -> str:
    """What the answer key says the message is, for the labels file's ``notes``."""
    planted = sorted({p["phrase"] for p in record["phrases"] + record["decoys"]})
    return f"{record['truth_id']} {record['kind']}" + (f"; planted: {', '.join(planted)}" if planted else "")
