"""Print styles beyond the sample's: layouts seen in other productions."""

import pandas as pd
import pytest

from lib.ingest.splitter import PageText, split_pages

STYLES = {
    "outlook, tab-aligned": [
        "Doe, John",
        "From:\t\t\t\tDoe, John",
        "Sent:\t\t\t\tTuesday, April 11, 2017 3:42 PM",
        "To:\t\t\t\tRoe, Jane",
        "Subject:\t\t\tFW: Detainer",
        "",
        "See attached.",
    ],
    "outlook, address in brackets": [
        "From: John Doe [mailto:john.doe@ice.dhs.gov]",
        "Sent: Tuesday, April 11, 2017 3:42 PM",
        "To: Jane Roe",
        "Subject: FW: Detainer",
        "See attached.",
    ],
    "apple mail": [
        "From: John Doe john.doe@ice.dhs.gov",
        "Subject: FW: Detainer",
        "Date: April 11, 2017 at 3:42:10 PM EDT",
        "To: Jane Roe <jane.roe@pd.boston.gov>",
        "",
        "See attached.",
    ],
    "upper-case labels": [
        "FROM: DOE, JOHN",
        "SENT: TUESDAY, APRIL 11, 2017 3:42 PM",
        "TO: ROE, JANE",
        "SUBJECT: FW: DETAINER",
        "See attached.",
    ],
    "date-first with seconds and zone": [
        "Date: Tue, 11 Apr 2017 15:42:10 -0400 (EDT)",
        "From: \"Doe, John\" <john.doe@ice.dhs.gov>",
        "To: \"Roe, Jane\" <jane.roe@pd.boston.gov>",
        "Subject: FW: Detainer",
        "",
        "See attached.",
    ],
    "e-discovery export labels": [
        "Sender: Doe, John <john.doe@ice.dhs.gov>",
        "Recipients: Roe, Jane <jane.roe@pd.boston.gov>",
        "Date Sent: 4/11/2017 3:42:10 PM",
        "Subject: FW: Detainer",
        "",
        "See attached.",
    ],
    "ocr damage in a table": [
        "From:\tDoe, John (ICE/ERO) [E]",
        "Se nt :\tTue, 11 Apr 2017 19:42:10 +0000",
        "To:\tRoe, Jane (BPD) [El",
        "Subj ec t :\tFW: Detainer",
        "See attached.",
    ],
    "ocr damage": [
        "Frorn: Doe, John <john.doe@ ice.dhs.gov>",
        "Sent : Tuesday, April 1l, 2O17 3:42 PM",
        "To: Roe, Jane",
        "Subject; FW: Detainer",
        "See attached.",
    ],
}


@pytest.mark.parametrize("style", STYLES)
def test_each_style_yields_sender_date_and_subject(style):
    result = split_pages([PageText(1, "\n".join(STYLES[style]))])
    [message] = result.messages
    header = message.header
    assert header.sender.name == "John Doe" or header.sender.email == "john.doe@ice.dhs.gov"
    from lib.ingest.dates import parse_date
    assert parse_date(header.date_raw).floor("min") == pd.Timestamp("2017-04-11 15:42", tz="America/New_York")
    assert header.fields["subject"].upper() == "FW: DETAINER"
    assert message.body.lower() == "see attached."
