"""Tests of lib.timeline.network: agencies by domain, correspondents, edges, brokers, pairs, drawing."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from lib.core import directory
from lib.core.schema import coerce_messages
from lib.timeline import network

LIAISON = "greg.officer@pd.boston.gov"
DETECTIVE = "dana.detective@pd.boston.gov"
AGENT = "sam.q.agent@ice.dhs.gov"
AGENT2 = "pat.r.officer@ice.dhs.gov"


def messages(*rows: dict) -> pd.DataFrame:
    base = {"source_file": "release.pdf", "redactions": 0, "reconstructed": False}
    return coerce_messages(pd.DataFrame([{**base, **row} for row in rows]))


def msg(message_id, sender, to, when="2019-03-04 10:00", *, cc=(), page=None, body="", **extra):
    return {"message_id": message_id, "sender": sender, "to": list(to), "cc": list(cc),
            "sent_at": pd.Timestamp(when, tz="America/New_York") if when else None, "subject": "Detainer",
            "body": body, "page_start": page, "page_end": page, **extra}


@pytest.fixture
def tiny() -> pd.DataFrame:
    """A detective who only writes to the liaison; the liaison who writes to two ICE officers."""
    return messages(
        msg("m1", DETECTIVE, [LIAISON], "2019-03-04 09:00", page=1, sender_name="Dana Detective",
            body="Is Juan Private Person known to ICE?"),
        msg("m2", LIAISON, [AGENT], "2019-03-04 10:00", page=2, bates_start="BPD-000002", sender_name="Greg Officer"),
        msg("m3", AGENT, [LIAISON], "2019-03-04 11:00", cc=[AGENT2], page=3, sender_name="Sam Q. Agent"),
        msg("m4", LIAISON, [DETECTIVE], "2019-03-04 12:00", page=4),
        msg("m5", LIAISON, ["Agent, Sam"], "2019-03-05 12:00", page=5),  # printed with a name only
        msg("m5copy", LIAISON, [AGENT], "2019-03-05 12:00", page=9, duplicate_of="m5"),
    )


def test_agency_by_domain_and_nearest_parent_domain():
    lookup = directory.domain_agencies(directory.load_agencies())
    assert directory.agency_of("x@pd.boston.gov", lookup) == "BPD"
    assert directory.agency_of("x@ice.dhs.gov", lookup) == "ICE"
    assert directory.agency_of("x@ero.ice.dhs.gov", lookup) == "ICE"  # nearest listed parent wins
    assert directory.agency_of("x@cbp.dhs.gov", lookup) == "CBP"
    assert directory.agency_of("x@dhs.gov", lookup) == "DHS"
    assert directory.agency_of("x@boston.gov", lookup) == "BOS-CITY"
    assert directory.agency_of("x@gmail.com", lookup) is None
    assert directory.agency_of("Jane Roe", lookup) is None
    assert directory.agency_of("x@usdoj.gov", lookup) == "DOJ"  # listed by DOJ and DEA: the first listed


def test_directory_matches_names_to_addresses():
    table = messages(
        msg("a", AGENT, [LIAISON], sender_name="Agent, Sam Q."),
        msg("b", LIAISON, ["Sam Agent", "Greg Officer", "Pat Officer", "Nobody Known", "Seanna O'Loughlin"]),
        msg("c", "seanna.f.o'loughlin@ice.dhs.gov", [LIAISON, "Pat Officer"]),
    )
    people = directory.Directory(table)
    assert people.key("Sam Agent") == AGENT  # the table shows Sam Agent's address as a sender
    assert people.key("OFFICER, GREG") == LIAISON  # one known address spells the name
    assert people.key("Seanna O'Loughlin") == "seanna.f.o'loughlin@ice.dhs.gov"
    assert people.label("seanna.f.o'loughlin@ice.dhs.gov") == "Seanna O'Loughlin"
    assert people.key("Pat Officer") == "name:Pat Officer"  # no address, but printed in two messages
    assert people.key("Nobody Known") is None  # no address and printed once: not a correspondent
    assert people.side(AGENT) == "ice" and people.side("name:Pat Officer") is None
    assert people.label(AGENT) == "Sam Q. Agent"


def test_a_person_written_about_never_becomes_a_correspondent():
    # A wrapped header line put a subject's surname and date of birth among the recipients.
    table = messages(msg("a", LIAISON, [AGENT, "Valverde", "11/23/1993 C266 S30"], body="Valverde, 11/23/1993"),
                     msg("b", AGENT, [LIAISON, "Teresa Valverde"]))
    assert set(network.build_graph(table).nodes) == {LIAISON, AGENT}


@pytest.mark.parametrize("text, plausible", [
    ("Jane M. Roe", True), ("Roe, Jane", True), ("ERO Boston Duty", True), ("Valverde", False),
    ("Boston Police Department / Nashua Street Jail", True),
    ("Rec stolen prop. Report I192045828 is", False),
    ("Will Be At The Side Door On The Courthouse Lot.", False),
    ("Is he still in custody?", False), ("", False),
])
def test_strings_that_are_not_names_never_become_correspondents(text, plausible):
    assert directory.plausible_name(text) is plausible
    table = messages(msg("a", LIAISON, [text, AGENT]), msg("b", AGENT, [LIAISON], cc=[text]))
    assert network.build_graph(table).number_of_nodes() == 2 + plausible


def test_graph_nodes_are_correspondents_only_with_weighted_edges(tiny):
    graph = network.build_graph(tiny)
    assert set(graph.nodes) == {DETECTIVE, LIAISON, AGENT, AGENT2}  # not the person written about
    assert graph[LIAISON][AGENT]["weight"] == 2  # m2 and m5 (name resolved); the duplicate not counted
    assert graph[LIAISON][AGENT]["message_ids"] == ["m2", "m5"]
    assert graph[AGENT][AGENT2]["weight"] == 1  # cc counts
    assert graph.nodes[LIAISON]["agency"] == "BPD" and graph.nodes[AGENT]["side"] == "ice"
    assert graph.nodes[LIAISON]["sent"] == 3 and graph.nodes[LIAISON]["received"] == 2
    nodes = network.correspondents(graph)
    assert nodes["correspondent"].iloc[0] == LIAISON
    edges = network.edge_table(graph)
    assert edges.iloc[0].to_dict() == {"from": "Greg Officer", "from agency": "BPD", "to": "Sam Q. Agent",
                                       "to agency": "ICE", "messages": 2, "message_ids": "m2; m5"}


def test_brokers_find_the_person_between_police_and_ice(tiny):
    table = network.brokers(network.build_graph(tiny))
    top = table.iloc[0]
    assert top["correspondent"] == LIAISON
    assert top["pairs cut off without them"] == 2  # detective-agent and detective-agent2
    assert top["police-ICE paths through"] == 2.0
    assert top["police contacts"] == 1 and top["ICE contacts"] == 1  # the second agent was only copied by the first
    others = table.set_index("correspondent")
    assert others.loc[DETECTIVE, "pairs cut off without them"] == 0
    # AGENT sits on the one path from either police officer to AGENT2.
    assert others.loc[AGENT, "police-ICE paths through"] == 2.0


def test_top_pairs_count_messages_both_ways_with_examples(tiny):
    pairs = network.top_pairs(tiny, n=2, examples=2)
    first = pairs.iloc[0]
    assert {first["person A"], first["person B"]} == {"Greg Officer", "Sam Q. Agent"}
    assert first["messages"] == 3 and first["A to B"] + first["B to A"] == 3
    assert first["example messages"] == "m2; m3"
    assert first["where"] == "release.pdf p. 2 (BPD-000002); release.pdf p. 3"
    assert first["first"] == "2019-03-04" and first["last"] == "2019-03-05"
    assert len(pairs) == 2


@pytest.mark.parametrize("name, label", [
    ("Jane M. Roe", "J. Roe"), ("Seanna O'Loughlin", "S. O'Loughlin"), ("ERO Boston Duty", "ERO Boston Duty"),
    ("ero.boston.duty@ice.dhs.gov", "ero.boston.duty"),
    ("Boston Police Department / Suffolk County House of Correction",
     "Boston Police Department / Suffolk County House…"),
])
def test_short_labels(name, label):
    assert network.short_label(name) == label


@pytest.mark.parametrize("layout", ["sides", "spring"])
def test_drawing_labels_every_node_and_is_deterministic(tiny, layout):
    graph = network.build_graph(tiny)
    fig = network.draw_network(graph, layout=layout, seed=3)
    texts = sorted(t.get_text() for t in fig.axes[0].texts)
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    positions = [t.get_position() for t in sorted(fig.axes[0].texts, key=lambda t: t.get_text())]
    plt.close(fig)
    assert texts == ["D. Detective", "G. Officer", "S. Agent", "pat.r.officer"]
    assert any("Boston Police Department" in label for label in legend)
    again = network.draw_network(graph, layout=layout, seed=3)
    assert [t.get_position() for t in sorted(again.axes[0].texts, key=lambda t: t.get_text())] == positions
    plt.close(again)
