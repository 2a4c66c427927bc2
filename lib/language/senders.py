"""Who wrote each message: sender's name, agency and group (police, ICE, other), and the groups' order."""

from __future__ import annotations

import pandas as pd

#: Groups of senders for rates and keyness, from the agency's side in ``agencies.csv``.
SENDER_GROUPS = ("police", "ICE", "other")
_GROUP_OF_SIDE = {"police": "police", "ice": "ICE"}


def sender_groups(messages: pd.DataFrame, agencies: pd.DataFrame | None = None) -> pd.DataFrame:
    """Who wrote each message: ``sender`` (name as printed), ``agency`` code and ``group``.

    The agency comes from the sender's email domain; a sender printed only by
    name gets the address the release shows for that name elsewhere (see
    ``lib.core.directory.Directory``). ``group`` is "police", "ICE" or "other" (any
    other agency, or none known). Indexed like ``messages``.
    """
    from lib.core.directory import Directory  # drawing libraries load only when needed

    directory = Directory(messages, agencies)
    rows = []
    for sender, name in zip(messages["sender"].tolist(), messages["sender_name"].tolist()):
        key = directory.sender_key(sender, name)
        agency = directory.agency(key)
        label = directory.label(key) if key else next((str(v) for v in (name, sender) if not pd.isna(v)), "unknown")
        rows.append({"sender": label, "agency": agency,
                     "group": _GROUP_OF_SIDE.get(directory.side(key), "other")})
    out = pd.DataFrame(rows, index=messages.index, columns=["sender", "agency", "group"])
    return out.astype({"sender": pd.StringDtype(), "agency": pd.StringDtype(), "group": pd.StringDtype()})


def _group_rank(values: pd.Series) -> pd.Series:
    """Sender groups in the order police, ICE, other; any other column as it sorts."""
    if set(values.dropna()) <= set(SENDER_GROUPS):
        return values.map({g: i for i, g in enumerate(SENDER_GROUPS)})
    return values.rank(method="dense", na_option="bottom")
