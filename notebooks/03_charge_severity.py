# %% [markdown]
# # 03 · On what charges
#
# **Question.** The city's public line was that Boston police worked with ICE only on serious or violent
# crime. For the people whose information went to ICE in these emails, what were they charged with, and how
# many faced only non-violent charges that are not felonies?
#
# **Why it matters.** Reporting on the release said the liaison passed on people arrested for minor,
# non-violent offences such as driving without a licence, shoplifting and trespassing. A claim like that is a
# count of people, each of whom a reader must be able to find on the page with the charge as it was written.
#
# **Inputs.** `charges.parquet` and `subject_severity.parquet` (the build's charges stage: `lib.charges.links`)
# with `messages.parquet` in `processed_dir`; the offence table `lib/reference/ma_offenses.csv` (statute,
# level, violent flag and the reason for it; see `ma_offenses.md`).
#
# **Outputs.** The figures `charge_severity_by_person` and `detainers_by_charge` in `figures_dir` (PNG with
# the CSV of its numbers); `minor_charges_to_ice.csv`, every person counted in the answer with their charges
# and pages; the tables below. Person ids and names are those of the tables read: the published site runs on
# pseudonymised tables.
#
# **Method.** Charges are read from each message's subject line, its own text (not its quoted history) and
# the forms printed with it (I-247A detainers, incident reports) by `lib.charges.statutes`: statute citations, police
# abbreviations and offences in words. The level (felony, misdemeanour, civil infraction) and the violent flag
# come from the offence table; "violent" follows the "violent crime" definition of M.G.L. c. 140 § 121, and
# contested offences (threats, resisting arrest, violating a restraining order) are marked arguable, not
# decided. A level that depends on a value uses the law in force when the message was written ($250 before
# 13 April 2018, $1,200 since). Each charge belongs to the private person named nearest before it in its
# sentence, or to the one person its passage, form, subject line or message names; when two people are in play
# and nothing decides between them, the charge is left unowned. A person's information **went to ICE** when a
# police-to-ICE message names them with personal data (a date of birth, address, phone, A-number, licence or
# report number, or a charge of theirs), or when ICE sent police a detainer about them. A person counts as
# facing **only non-violent, non-felony charges** when every charge the emails give them has a known level
# that is not a felony and a violent flag that is known and false. Each message counts once (repeated
# printings set aside); an offence named in several messages counts once, at its most serious reading.
#
# **Limits.** Charges are what the emails say, at the time: not complaints filed, convictions or outcomes, and
# not a criminal record. A felony or a violent charge that these messages do not mention is invisible here, and
# so is information passed by phone, database or fax. Levels the text does not settle are shown as unknown and
# never guessed; people with an arguable or unknown charge are reported beside the answer, not inside it. The
# date used for value thresholds is the message's, which may be later than the offence. Linking a charge to a
# person rests on the entity tagger: a name it misses, or a person split in two, changes the count; the
# sample's answer key measures it (`tests/test_charge_links.py`). The sample is synthetic: its numbers show
# the method, not the Boston release.

# %% [markdown]
# ## The stated policy
#
# Reporting at the time described the city's public message, from Mayor Martin Walsh and Police Commissioner
# William Gross, as police cooperating with ICE only in cases of violent crime and drugs (CommonWealth
# Magazine's account of the signing of the revised Trust Act, in a feed copy:
# <https://commonwealth1330.rssing.com/chan-70134420/article84.html>). The revision the mayor filed was
# described as letting police work with immigration agencies in cases involving serious crimes
# (<https://commonwealthmagazine.org/immigration/walsh-zakim-submit-changes-to-immigrant-trust-act/>), and the
# ordinance the council passed lets police answer ICE's requests for information about people charged with or
# convicted of serious, violent crimes (MassLive, December 2019:
# <https://www.masslive.com/politics/2019/12/boston-city-council-updates-trust-act-clarifies-limits-on-police-cooperation-with-ice.html>).
# WBUR's report on the release in late October 2019 said the emails dealt with arrests for low-level offences
# such as trespassing and shoplifting and with non-felony violations such as driving without a licence, as
# Techdirt summarised it on 26 October 2019
# (<https://archive.techdirt.com/articles/20191026/18360943267/boston-pd-is-helping-ice-track-down-citys-least-dangerous-immigrants.shtml>).
#
# The test here reads "serious or violent" as a felony or a violent crime under M.G.L. c. 140 § 121. Drug
# possession is a misdemeanour in Massachusetts; the people it concerns are counted below so that a reader who
# takes "drugs" into the stated policy can set them aside.

# %% tags=["parameters"]
release_dir = "data/raw/sample"
processed_dir = "data/processed/sample"
figures_dir = "reports/sample-private/html/figures"

# %%
import pandas as pd

from lib import charges as charge_links
from lib.core.directory import unique_messages
from lib.core.paths import display
from lib.core.profile import active_profile
from lib.notebook_kit import open_release

release = open_release(processed_dir, figures_dir, max_colwidth=120)
messages = release.table("messages", columns=["message_id", "duplicate_of"])  # counts only
charges = release.table("charges")
severity = release.table("subject_severity")
unique = unique_messages(messages)
linked = charges["person_id"].notna()
print(f"{len(charges):,} charges written in {charges['message_id'].nunique():,} of {len(unique):,} unique messages "
      f"({len(messages) - len(unique):,} repeated printings set aside); {int(linked.sum()):,} tied to one of "
      f"{charges.loc[linked, 'person_id'].nunique():,} people, {int((~linked).sum()):,} to no one. "
      f"{len(severity):,} private people are named in all.")

# %% [markdown]
# ## How each charge was tied to a person
# The rule that decided (see `lib.charges.links`), and where the charge is written. "unclear" and "no subject
# named" are charges left without an owner.

# %%
rules = charges["link"].value_counts().reindex(list(charge_links.LINK_RULES), fill_value=0)
parts = pd.crosstab(charges["link"], charges["part"]).reindex(list(charge_links.LINK_RULES), fill_value=0)
parts.assign(charges=rules).rename_axis(index="rule", columns=None).reset_index()

# %% [markdown]
# ## The most serious charge of each person
# Each private person named in the messages, by the most serious charge the emails give them, and whether
# their information went to ICE. "unknown" is a most serious charge whose level the text does not settle.

# %%
classes = charge_links.class_counts(severity)
classes

# %%
fig = charge_links.plot_classes(classes, title="Most serious charge in the emails, per person")
release.publish(
    fig, classes, "charge_severity_by_person",
    caption="Private people named in the messages, by the most serious charge the emails give them (felony or "
            "misdemeanour, violent or not, civil infraction, level unknown, or no charge named), and whether "
            "their information went to ICE (a police-to-ICE message with their personal data, or an ICE "
            "detainer about them).",
    alt="Horizontal stacked bar chart with one bar per charge class, from violent felony at the top to no "
        "charge found at the bottom; each bar splits people whose information went to ICE from the others, "
        "with the total at the end of the bar.",
    source="charges stage (lib.charges.links) over the processed message and entity tables; offence table "
           "lib/reference/ma_offenses.csv",
)

# %% [markdown]
# The same most serious charges by level and violent flag, for people with at least one charge. "arguable":
# the offence table marks the violence of that offence as contested; "unknown": the level depends on a fact
# (a value, an offence number) the text does not give.

# %%
charge_links.level_violence(severity)

# %% [markdown]
# ## The answer
# How many of the people whose information went to ICE faced only non-violent, non-felony charges, as the
# emails write them?

# %% tags=["finding"]
numbers = charge_links.headline(severity)
print(charge_links.headline_text(numbers))

# %% [markdown]
# Every group among the people whose information went to ICE:

# %%
charge_links.severity_groups(severity, mask=severity["to_ice"])

# %% [markdown]
# The answer under a narrower and a broader reading of "went to ICE": police-sent personal data only (ICE
# detainers aside), and any police-to-ICE message naming the person, even by name alone.

# %%
charge_links.readings_table(severity)

# %% [markdown]
# ## The people counted
# Each person counted in the answer: their charges as the emails give them (offence and level), how their
# information went to ICE, when first, and the pages to check, file, page and Bates number. The first rows are
# shown; `minor_charges_to_ice.csv` has them all.

# %%
minor = charge_links.minor_only_people(severity, charges)
minor_file = release.figures / "minor_charges_to_ice.csv"
minor_file.parent.mkdir(parents=True, exist_ok=True)
minor.to_csv(minor_file, index=False)
print(f"{len(minor):,} people written to {display(minor_file)}")
minor.head(15)

# %% [markdown]
# Of them, those whose charges include a drug offence (simple possession is a misdemeanour; the stated policy
# was sometimes put as "violent crime and drugs"):

# %%
drug_people = charge_links.people_with_category(minor, charges, "drug")
print(f"{drug_people:,} of {len(minor):,} people counted have a drug charge among their charges.")

# %% [markdown]
# ## Detainers by charge level
# People about whom ICE sent police a detainer (an I-247A, or a message the detainer keyword list reads as
# one), by the most serious charge the emails give them.

# %%
detainers = charge_links.detainers_by_class(severity)
fig = charge_links.plot_detainers(detainers, title="People with an ICE detainer, by most serious charge")
release.publish(
    fig, detainers, "detainers_by_charge",
    caption=f"People about whom ICE sent {active_profile().release.police or 'police'} a detainer in these emails, "
            "by the most serious charge "
            "the emails give them.",
    alt="Horizontal bar chart with one bar per charge class, from violent felony at the top to no charge found "
        "at the bottom, giving the number of people with an ICE detainer.",
    source="charges stage (lib.charges.links); detainers found by lib.core.requests.request_kinds in ICE-to-police "
           "messages",
)

# %% [markdown]
# ## What to check
# Charges tied to no one, with the sentence they sit in and where to find them: read these before relying on a
# count of people.

# %%
unowned = charges[charges["person_id"].isna()]
unowned[["text", "level", "link", "context", "message_id", "where"]].head(10)

# %% [markdown]
# Charges whose level the text does not settle, by offence, with the reason and an example to read:

# %%
unknown = charges[charges["level"].isna()]
unknown.assign(offence=unknown["offense"].fillna("statute covers several offences")).groupby("offence").agg(
    charges=("text", "size"), people=("person_id", "nunique"), why=("note", "first"),
    example=("context", "first"), where=("where", "first")).reset_index().sort_values(
    ["charges", "offence"], ascending=[False, True]).head(10)
