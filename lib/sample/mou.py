"""A short memorandum of understanding between BPD and ICE Homeland Security Investigations (2014).

Synthetic text modelled on the structure of task-force agreements; the
signatories are fictional.
"""

from __future__ import annotations

from .jurisdiction import current
from .pdf import Block, Line, PageBreak, Space
from .redaction import redact
from .world import World

SECTIONS = (
    ("I. PARTIES", (
        "This Memorandum of Understanding (MOU) is entered into by U.S. Immigration and Customs Enforcement (ICE), "
        "Homeland Security Investigations (HSI), Office of the Special Agent in Charge, Boston, and the Boston "
        "Police Department (BPD), hereinafter referred to as the Parties.",
    )),
    ("II. PURPOSE", (
        "The purpose of this MOU is to set forth the terms under which BPD will assign one or more sworn officers "
        "to a task force led by HSI Boston to investigate transnational criminal organizations, gang activity, "
        "human smuggling and trafficking, and related crimes within the City of Boston and surrounding areas.",
        "Nothing in this MOU is intended to authorize BPD officers to enforce civil immigration law, and no BPD "
        "officer assigned under this MOU shall be designated under section 287(g) of the Immigration and "
        "Nationality Act.",
    )),
    ("III. AUTHORITIES", (
        "HSI enters into this MOU under the authority of 19 U.S.C. 1401(i), 19 U.S.C. 1589a and 8 U.S.C. 1357. "
        "BPD enters into this MOU under the authority of the Police Commissioner of the City of Boston.",
    )),
    ("IV. DESIGNATION OF TASK FORCE OFFICERS", (
        "BPD task force officers (TFOs) may be designated as customs officers under 19 U.S.C. 1401(i) upon "
        "completion of required training and background checks. Designation may be revoked at any time by "
        "either Party. TFOs remain employees of BPD and subject to BPD rules and regulations.",
        "TFOs shall be issued task force credentials which shall be returned to HSI upon the end of the "
        "assignment or the termination of this MOU.",
    )),
    ("V. SUPERVISION AND DIRECTION", (
        "Day-to-day direction of task force operations shall be provided by an HSI Group Supervisor. Personnel "
        "matters, including discipline, overtime approval and evaluations, remain with BPD. Each TFO shall "
        "report to a BPD supervisor designated by the Superintendent-in-Chief.",
    )),
    ("VI. INFORMATION SHARING", (
        "The Parties agree to share information relevant to task force investigations to the extent permitted "
        "by law and agency policy. Criminal offender record information shall be disseminated only in "
        "accordance with M.G.L. c. 6, sections 167-178 and applicable federal law.",
        "Requests from other components of the Department of Homeland Security for BPD records shall be made "
        "through the TFO or the BPD Office of the Legal Advisor.",
    )),
    ("VII. FUNDING AND EQUIPMENT", (
        "Subject to the availability of funds, HSI will reimburse BPD for overtime worked by TFOs on task force "
        "matters, up to the annual limit set by the Treasury Executive Office for Asset Forfeiture. HSI may "
        "provide vehicles, radios and equipment for task force use.",
    )),
    ("VIII. TRAINING AND SECURITY", (
        "Before designation, each TFO shall complete HSI task force officer training, including instruction on "
        "federal search and seizure law, use of force policy, and the handling of classified and law "
        "enforcement sensitive information. TFOs shall successfully complete a background investigation "
        "conducted by the ICE Office of Professional Responsibility.",
        "TFOs may be granted access to DHS information systems only as required for task force investigations "
        "and only after completing the applicable system security training. Access shall be terminated when "
        "the TFO leaves the task force.",
    )),
    ("IX. REPORTING", (
        "HSI shall provide BPD with quarterly summaries of task force activity in which BPD personnel took "
        "part, including arrests, seizures and prosecutions. BPD shall notify HSI promptly of any complaint, "
        "internal investigation or litigation involving a TFO's task force duties.",
        "Each Party shall keep records of task force activities in accordance with its own records retention "
        "schedule. Case files opened by HSI remain the property of HSI.",
    )),
    ("X. LIABILITY", (
        "Each Party shall be responsible for the acts and omissions of its own employees. BPD TFOs acting within "
        "the scope of a federal deputation may be considered federal employees for the purposes of the Federal "
        "Tort Claims Act.",
    )),
    ("XI. MEDIA AND PUBLIC RECORDS", (
        "Press releases concerning task force matters shall be coordinated between the Parties. Requests for "
        "records under the Freedom of Information Act or the Massachusetts Public Records Law shall be referred "
        "to the Party that created the record.",
    )),
    ("XII. EFFECTIVE DATE, MODIFICATION AND TERMINATION", (
        "This MOU takes effect upon signature by both Parties and remains in effect for five years unless "
        "terminated earlier. It may be modified by written agreement of the Parties. Either Party may "
        "terminate participation upon thirty days written notice.",
    )),
)


def mou_blocks(world: World) -> list[Block]:
    hsi_lead = world.hsi[1]
    bpd_lead = world.bpd[1]
    blocks: list[Block] = [
        Line("MEMORANDUM OF UNDERSTANDING", "Times-Bold", 14, align="center"),
        Line("between", "Times-Roman", 11, align="center"),
        Line("U.S. IMMIGRATION AND CUSTOMS ENFORCEMENT", "Times-Bold", 12, align="center"),
        Line("HOMELAND SECURITY INVESTIGATIONS, BOSTON", "Times-Bold", 12, align="center"),
        Line("and", "Times-Roman", 11, align="center"),
        Line("THE BOSTON POLICE DEPARTMENT", "Times-Bold", 12, align="center"),
        Line("(synthetic sample document)", "Times-Italic", 9, align="center", gray=0.3),
        Space(18),
    ]
    for heading, paragraphs in SECTIONS:
        blocks += [Line(heading, "Times-Bold", 12), Space(6)]
        for paragraph in paragraphs:
            blocks += [Line(paragraph, "Times-Roman", 12, indent=18), Space(10)]
        blocks.append(Space(8))
    blocks += [PageBreak(), Line("SIGNATORIES", "Times-Bold", 12), Space(24)]
    for name, title, date in (
        (hsi_lead.mention("full"), "Group Supervisor, for the Special Agent in Charge, HSI Boston", "June 12, 2014"),
        (bpd_lead.mention("full"), "Lieutenant Detective, for the Police Commissioner, Boston Police Department",
         "June 18, 2014"),
    ):
        blocks += [Line("_" * 40, "Times-Roman", 11), Line(name, "Times-Roman", 11.5),
                   Line(title, "Times-Roman", 10.5), Line(f"Date: {date}", "Times-Roman", 10.5), Space(30)]
    blocks += [Space(20), Line("ATTACHMENT A - POINTS OF CONTACT", "Times-Bold", 12), Space(8)]
    for o, role in ((hsi_lead, "HSI Boston task force supervisor"), (world.hsi[0], "HSI Boston case agent"),
                    (bpd_lead, "BPD task force coordinator"), (world.bpd[0], "BPD supervisor of assigned TFOs")):
        blocks.append(Line(f"{o.mention('full')}, {role}. Telephone: {redact('b6', o.phone)}", "Times-Roman", 11.5))
    place = current()
    if place.words:  # the template's Boston words in the profile's (names are never among them)
        for b in blocks:
            if isinstance(b, Line):
                b.text = place.text(b.text)
    return blocks
