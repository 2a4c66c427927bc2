"""A timeline of clearly synthetic events for the sample release (events.csv): Boston's below, another profile's from its sample.yaml."""

from __future__ import annotations

import csv
from pathlib import Path

from .jurisdiction import current

EVENTS = (
    ("2014-06-18", "Sample: task force MOU signed",
     "Fictional event: BPD and HSI Boston sign the sample memorandum of understanding included in this release."),
    ("2017-03-20", "Sample: city council hearing on detainers",
     "Fictional event: a council committee hears testimony on police cooperation with immigration detainers."),
    ("2017-05-08", "Sample: new liaison assigned",
     "Fictional event: the sample world's BPD task force officer starts handling ICE requests."),
    ("2017-07-24", "Sample: court ruling limits detainers",
     "Fictional event: a state court rules that local officers may not hold people on civil detainers alone."),
    ("2017-08-14", "Sample: department reminder on ICE requests",
     "Fictional event: an internal memo reminds officers to route all ICE requests through the liaison."),
    ("2019-01-15", "Sample: trust act debate",
     "Fictional event: the legislature debates a bill limiting police-ICE information sharing."),
    ("2019-03-04", "Sample: records request filed",
     "Fictional event: a civil liberties group files a public-records request for liaison email."),
    ("2019-05-21", "Sample: courthouse arrests questioned",
     "Fictional event: defense lawyers complain about ICE arrests at district courthouses."),
    ("2019-06-25", "Sample: liaison reassigned",
     "Fictional event: the sample world's liaison post is reviewed and reassigned."),
    ("2019-10-09", "Sample: records released",
     "Fictional event: the synthetic production in this folder is 'released' to the requester."),
)


def write_events(path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("date", "event", "description", "source_url"))
        for date, event, description in current().events or EVENTS:
            slug = event.removeprefix("Sample: ").lower().replace(" ", "-")
            writer.writerow((date, event, description, f"https://example.org/sample/{date}-{slug}"))
    return path
