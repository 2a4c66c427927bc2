"""What the messages say: one function per kind of thread, with varied wording.

Each storyline writes a whole thread through a ThreadBuilder. Subject persons'
details only enter text through the Writer, which records them for the truth.
The enforcement-eager phrases and loaded terms are NOT written here: they are
planted later in a few messages only (see ``phrases``), so none of the wording
below may contain them.
"""

from __future__ import annotations

from datetime import timedelta

from . import clock, formats, places
from .jurisdiction import current
from .redaction import redact
from .signatures import greeting
from .threads import ThreadBuilder
from .world import Subject


def cap(word: str) -> str:
    return word[:1].upper() + word[1:]


def _ice_requester(t: ThreadBuilder):
    w = t.world
    pool = w.ero[1:5] * 3 + w.hsi[:1]
    return t.rng.choice(pool)


def _maybe(t: ThreadBuilder, p: float, *officials):
    return [o for o in officials if t.rng.random() < p]


def _arrest_day(t: ThreadBuilder):
    """Some days before the latest message: when the person was arrested."""
    return (t.last.sent_at if t.last else clock.thread_start(t.rng, t.year)).date() - timedelta(
        days=t.rng.randint(1, 9))


def _docket(t: ThreadBuilder, s: Subject) -> str:
    court_codes = current().court_codes
    return f"{s.year % 100:02d}{court_codes[s.court]}CR{t.rng.randint(1000, 4999):06d}"


def _victim(t: ThreadBuilder) -> str:
    """A victim's name; always withheld."""
    first = t.rng.choice(("Maria", "Ana", "Rosa", "Kayla", "Jasmine", "Ashley", "Luz", "Carmen"))
    return redact("redacted", f"{first} {t.rng.choice(('Lopez', 'Smith', 'Diaz', 'Brown'))}", boxed=False)


def _ice_names(t: ThreadBuilder) -> str:
    """ICE officers named in a body; always withheld in the release."""
    a, b = t.rng.sample(t.world.ero[1:], 2)
    return redact("b6b7c", f"{a.name} and {b.name}", boxed=True)


def _system(t: ThreadBuilder) -> str:
    """A law-enforcement database or technique, withheld under (b)(7)(E)."""
    return redact("b7e", t.rng.choice(("EARM", "EID/IDENT", "ENFORCE", "LeadTrac", "TECS", "CLEAR")),
                  boxed=t.rng.random() < 0.85)


# -- short replies -----------------------------------------------------------------------------

THANKS_FROM_ICE = (
    "Thanks {nick}!", "10-4, thanks", "Perfect, thank you.", "You're the best.", "Appreciate it.",
    "Great, thanks brother.", "Thank you sir.", "Got it, thanks.", "Much appreciated.", "Awesome. Thanks man.",
    "Thanks, this helps a lot.", "Outstanding, thank you.",
)
THANKS_FROM_BPD = (
    "No problem.", "Anytime.", "10-4", "You got it.", "Let me know if you need anything else.",
    "NP", "Any time, just let me know.", "Sounds good.",
)


def thanks(t: ThreadBuilder, sender, to, ice: bool, cc=()) -> None:
    m = t.add("thanks", sender, to, cc, pace="fast", mood=t.rng.choice(("brief", "brief", "phone")))
    text = t.rng.choice(THANKS_FROM_ICE if ice else THANKS_FROM_BPD).format(nick=to[0].nickname)
    t.finish(m, [text])


# -- storylines ---------------------------------------------------------------------------------

def info_request(t: ThreadBuilder, s: Subject) -> None:
    """ICE asks the liaison about a named person; the liaison sends what BPD has."""
    rng, w = t.rng, t.world
    asker = _ice_requester(t)
    m = t.add("info_request", asker, [w.liaison], _maybe(t, 0.25, w.ero[0]))
    with m.subject_line():
        m.message.subject = m.one_of(
            lambda: m.name(s, "upper"), lambda: f"Request - {m.name(s, 'full')}", lambda: "BPD report?",
            lambda: f"{m.name(s, 'full')} DOB {m.dob(s)}", lambda: "Quick one", lambda: "Info request",
            lambda: "Can you check this one", lambda: f"{m.name(s, 'last_upper')}", lambda: "Record request",
        )
    body = m.one_of(
        lambda: [f"Can you see if you guys have anything on {m.name(s)}, DOB {m.dob(s)}? Looking for a recent "
                 "report or booking and a current address if you have one."],
        lambda: [f"Are you able to pull the report on {m.name(s)} ({m.dob(s)})? We think {s.he} was arrested "
                 f"in {s.neighbourhood.name} last week."],
        lambda: ["Good morning. Requesting any BPD contact for the below subject:",
                 f"{m.name(s, 'upper')}\nDOB: {m.dob(s)}\nCOC: {s.nationality.upper()}\n{m.a_number(s)}"],
        lambda: [f"Any chance you can grab the booking sheet for {m.name(s)}? {cap(s.he)} may have been "
                 "picked up over the weekend."],
        lambda: [f"Do you have a current address or phone for {m.name(s)}, DOB {m.dob(s)}? The last one we "
                 f"have is from {t.year - 2} and it's no good."],
        lambda: [f"Quick one - does {m.name(s)} ({m.a_number(s)}) show any arrests with you guys this year? "
                 f"{cap(s.he)} came up on one of our lists."],
        lambda: [f"Looking for info on {m.name(s)}, DOB {m.dob(s)}. {cap(s.he)} should have an open case at "
                 f"{s.court}. Anything you can share is appreciated."],
    )
    t.finish(m, body, greeting(rng, w.liaison))

    r = t.add("info_reply", w.liaison, [asker], m.message.cc)
    arrested = formats.weekday_date(_arrest_day(t), rng)
    body = r.one_of(
        lambda: ["Here's what I have:",
                 f"{r.name(s, 'upper')}\nDOB: {r.dob(s)}\nAddr: {r.address(s)}\nPh: {r.phone(s)}\n"
                 f"Charges: {r.charges(s)}\nReport # {r.report(s)}",
                 rng.choice(("Report attached.", "Copy of the report is attached.", None))],
        lambda: [f"{cap(s.he)} was arrested on {arrested} by {s.district} for {r.charges(s)}. Report "
                 f"{r.report(s)} is attached. Address on the report is {r.address(s)}, phone {r.phone(s)}."],
        lambda: [f"{r.name(s)} DOB {r.dob(s)} was booked at {s.district} on {arrested}. Charged with "
                 f"{r.charges(s)}. Arraignment at {s.court}. {cap(s.he)} lives at {r.address(s)}."],
        lambda: [f"Just the one arrest, {arrested}, {r.charges(s, limit=1)}. Report attached. "
                 f"Address: {r.address(s)}."],
        lambda: ["See attached.", f"{r.name(s)} - {r.charges(s)}. {r.report(s)}."],
    )
    if "police_report" in r.message.personal_data or rng.random() < 0.5:
        t.attach(r, rng.choice((f"{s.report_number}.pdf", f"Incident Report {s.report_number}.pdf",
                                f"{s.last.upper()} BPD report.pdf")), "incident_report", s)
    t.finish(r, body, greeting(rng, asker))
    if rng.random() < 0.4:
        f = t.add("info_request", asker, [w.liaison], m.message.cc, pace="fast")
        t.finish(f, [f.one_of(
            lambda: f"Thanks. Do you have a phone number for {s.him} too?",
            lambda: f"Is that address current? We sat on it last week and didn't see {s.him}.",
            lambda: f"Any chance there's a license or ID on file for {s.him}?",
            lambda: "Who was the arresting officer? Might need to talk to them.",
        )])
        a = t.add("info_reply", w.liaison, [asker], pace="normal")
        t.finish(a, [a.one_of(
            lambda: f"Phone on the booking is {a.phone(s)}.",
            lambda: f"Booking from {s.district} has {a.address(s)}. That's the newest I have.",
            lambda: (f"{a.license(s)}, status {rng.choice(('SUSPENDED', 'ACTIVE'))}." if s.license
                     else f"No license. ID card address {a.address(s)}."),
            lambda: f"Officer {rng.choice(w.patrol).mention('full')} out of {s.district}. I'll give you his cell.",
        )])
    if rng.random() < 0.6:
        thanks(t, asker, [w.liaison], ice=True)
        if rng.random() < 0.35:
            thanks(t, w.liaison, [asker], ice=False)


def detainer(t: ThreadBuilder, s: Subject) -> None:
    """ICE sends an I-247A for someone in BPD or jail custody; the liaison tracks court and release."""
    rng, w = t.rng, t.world
    sender = rng.choice(w.ero[3:6])
    m = t.add("detainer", sender, [w.liaison], [w.ero_duty] + _maybe(t, 0.4, w.ero[0]),
              importance="High" if rng.random() < 0.3 else None)
    with m.subject_line():
        m.message.subject = m.one_of(
            lambda: f"I-247A {m.name(s, 'last_upper')}", lambda: f"Detainer - {m.name(s, 'full')}",
            lambda: f"Detainer lodged: {m.name(s, 'upper')}", lambda: f"{m.name(s, 'last_upper')} detainer",
            lambda: f"I-247A / {m.name(s, 'full')} / {m.a_number(s)}",
        )
    body = m.one_of(
        lambda: [f"Attached is an I-247A for {m.name(s)} ({m.a_number(s)}), DOB {m.dob(s)}, currently held at "
                 f"{s.facility} on {m.charges(s)}. Please let us know before {s.he} is released or goes to court."],
        lambda: [f"Please see the attached detainer for {m.name(s)}. {cap(s.he)} was booked on {m.charges(s)} "
                 f"and is due in {s.court}. Can you make sure booking has it?"],
        lambda: [f"Detainer attached for {m.name(s, 'upper')}, {m.a_number(s)}. Subject has a final order of "
                 "removal. Let me know arraignment date/time when you have it."],
        lambda: [f"Lodging the attached I-247A on {m.name(s)}. Per {_system(t)} {s.he} is removable.",
                 "Any heads up on release is appreciated."],
    )
    t.attach(m, rng.choice((f"I-247A_{s.last.upper().replace(' ', '_')}.pdf", f"I247A {s.last}.pdf",
                            f"Detainer {s.last.upper()}.pdf")), "i247a", s)
    t.finish(m, body, greeting(rng, w.liaison))

    a = t.add("detainer_ack", w.liaison, [sender], m.message.cc)
    court_day = formats.weekday_date(clock.later_day(rng, a.message.sent_at, (1, 3)).date(), rng)
    t.finish(a, [a.one_of(
        lambda: f"Got it. I'll get it over to booking at {s.facility}.",
        lambda: f"Received. {cap(s.he)}'s at {s.facility} and goes to {s.court} {court_day} for arraignment.",
        lambda: f"Lodged with {s.facility} records. I'll let you know when {s.he} has a court date.",
        lambda: "Thanks, got it. Will keep you posted.",
    )])
    if rng.random() < 0.8:
        if rng.random() < 0.6:
            _court_notice_message(t, s, [sender], later=True)
        if rng.random() < 0.6:
            _release_alert_message(t, s, [sender], m.message.cc, later=True)
            if rng.random() < 0.7:
                _pickup(t, s, sender)
        if rng.random() < 0.3 and len(t.messages) < 6:
            thanks(t, w.liaison, [sender], ice=False)


def _court_notice_message(t: ThreadBuilder, s: Subject, to, later=False):
    rng, w = t.rng, t.world
    when = clock.later_day(rng, t.last.sent_at, (1, 6)) if later and t.last else None
    n = t.add("court_notice", w.liaison, to, when=when)
    if not t.last.in_reply_to:
        with n.subject_line():
            n.message.subject = n.one_of(
                lambda: f"Arraignment - {n.name(s, 'full')}", lambda: f"{n.name(s, 'last_upper')} court date",
                lambda: "Court tomorrow", lambda: f"FYI {n.name(s, 'upper')}", lambda: "Arraignment list")
    court_day = clock.later_day(rng, n.message.sent_at, (1, 14)).date()
    room = rng.choice(places.COURTROOMS)
    t.finish(n, [n.one_of(
        lambda: f"FYI {n.name(s)} is on for arraignment {formats.weekday_date(court_day, rng)} at {s.court}, "
                f"{room}. Charges are {n.charges(s)}.",
        lambda: f"{n.name(s)} has a pretrial at {s.court} on {formats.weekday_date(court_day, rng)} at 9:00 AM "
                f"({room}).",
        lambda: f"Heads up, {n.name(s)} ({n.dob(s)}) was arraigned this morning at {s.court} on {n.charges(s)}. "
                f"Bail was set at ${rng.choice((500, 1000, 2500, 5000))}. Next date is "
                f"{formats.weekday_date(court_day, rng)}.",
        lambda: f"{cap(s.he)}'s scheduled for {s.court} {formats.weekday_date(court_day, rng)}, {room}. "
                f"Docket {_docket(t, s)}.",
    )], greeting(rng, to[0]))


def _release_alert_message(t: ThreadBuilder, s: Subject, to, cc=(), later=False):
    rng, w = t.rng, t.world
    when = clock.later_day(rng, t.last.sent_at, (1, 6)) if later and t.last else None
    n = t.add("release_alert", w.liaison, to, cc, when=when, pace="fast",
              importance="High" if rng.random() < 0.35 else None)
    if not t.last.in_reply_to:
        with n.subject_line():
            n.message.subject = n.one_of(
                lambda: f"Release - {n.name(s, 'full')}", lambda: "Heads up", lambda: "Release today",
                lambda: f"{n.name(s, 'last_upper')} getting out", lambda: "Holding for pickup",
                lambda: f"{n.name(s, 'upper')} - release")
    release = n.message.sent_at + timedelta(minutes=rng.choice((45, 60, 90, 120, 180)))
    release = release.replace(minute=rng.choice((0, 0, 15, 30, 45)), second=0)
    if release <= n.message.sent_at:
        release += timedelta(hours=1)
    at = formats.time_of_day(release, rng)
    t.finish(n, [n.one_of(
        lambda: f"Heads up - {n.name(s)} is being released at {at} from {s.facility}. Can you have someone there?",
        lambda: f"{n.name(s)} is posting bail, should be out within the hour from {s.district}.",
        lambda: f"Holding {n.name(s)} for pickup at {s.district}. Let me know your ETA.",
        lambda: f"Judge released {s.him} on PR. {cap(s.he)}'ll be processed out of the {s.court} lockup "
                f"around {at}.",
        lambda: f"{n.name(s)} ({n.a_number(s)}) made bail. Release is set for {at} today at {s.facility}. "
                "Anybody around?",
        lambda: f"FYI {n.name(s)} is getting out at {at}. {cap(s.he)} has a ride coming so {s.he} won't "
                "be hanging around long.",
    )], greeting(rng, to[0]) if rng.random() < 0.5 else None)


def _pickup(t: ThreadBuilder, s: Subject, officer) -> None:
    rng, w = t.rng, t.world
    spot = rng.choice(places.PICKUP_SPOTS).format(facility=s.facility, court=s.court, district=s.district)
    p = t.add("pickup_plan", officer, [w.liaison], [w.ero[0]] if rng.random() < 0.5 else [], pace="fast",
              mood=rng.choice(("brief", "phone")))
    t.finish(p, [p.one_of(
        lambda: f"We'll have a team there by {formats.time_of_day(p.message.sent_at + timedelta(minutes=50), rng)}.",
        lambda: "Sending two guys now, ETA 30 min.",
        lambda: f"On our way. Can you ask them to hold {s.him} at the desk until we get there?",
        lambda: f"Thanks. Officers {_ice_names(t)} will be at {spot}.",
        lambda: f"Team is staging at {_system(t)}. Will advise.",
    )])
    if rng.random() < 0.75:
        c = t.add("pickup_confirm", officer, [w.liaison], p.message.cc, pace="slow")
        t.finish(c, [c.one_of(
            lambda: f"{cap(s.he)}'s in custody. Thanks for the heads up.",
            lambda: f"Subject encountered at {spot} and taken into custody without incident.",
            lambda: "Picked up. Appreciate the help.",
            lambda: f"{cap(s.he)}'s on the way to Burlington now. Thanks again.",
            lambda: f"Arrested at {formats.time_of_day(c.message.sent_at - timedelta(minutes=40), rng)}. "
                    "Thanks for the call.",
        )])


def release_alert(t: ThreadBuilder, s: Subject) -> None:
    """The liaison warns ERO that someone is about to be released."""
    w, rng = t.world, t.rng
    officers = rng.sample(w.ero[1:], rng.randint(1, 3))
    cc = [w.ero[0], w.ero_duty] + _maybe(t, 0.3, *w.ero[3:6], w.hsi[0])
    _release_alert_message(t, s, officers, cc)
    if rng.random() < 0.35:
        q = t.add("release_update", officers[0], [w.liaison], pace="fast", mood=rng.choice(("brief", "phone")))
        t.finish(q, [rng.choice(("Any update?", f"Is {s.he} out yet?", "Still there? Team is 20 out.",
                                 "Can they hold off 15 min?"))])
        u = t.add("release_update", w.liaison, [officers[0]], pace="fast", mood=rng.choice(("brief", "phone")))
        t.finish(u, [rng.choice(("Still processing, another 30 min or so.", f"Not yet. {cap(s.he)}'s waiting on paperwork.",
                                 "Booking says 15 minutes.", "They can't hold, but it's slow today."))])
    _pickup(t, s, officers[0])
    if rng.random() < 0.4:
        thanks(t, w.liaison, [officers[0]], ice=False)


def court_notice(t: ThreadBuilder, s: Subject) -> None:
    """The liaison passes an arraignment or court date; ERO asks about custody."""
    w, rng = t.world, t.rng
    officer = rng.choice(w.ero[1:])
    _court_notice_message(t, s, [officer])
    q = t.add("court_notice_reply", officer, [w.liaison], pace="normal")
    t.finish(q, [q.one_of(
        lambda: f"Thanks. Is {s.he} in custody or out on bail?",
        lambda: "10-4. We'll try to have someone there.",
        lambda: f"Do you know what session {s.he}'s in?",
        lambda: "Thanks. Let me know if the date moves.",
    )])
    if rng.random() < 0.55:
        a = t.add("info_reply", w.liaison, [officer], pace="fast", mood="brief")
        t.finish(a, [a.one_of(
            lambda: f"{cap(s.he)}'s held on bail at {s.facility}.",
            lambda: f"Out on PR. Last address we have is {a.address(s)}.",
            lambda: f"Custody. {cap(s.he)}'ll be brought over from {s.facility} in the morning.",
            lambda: f"Not sure, I'll ask the ADA. Docket is {_docket(t, s)}.",
        )])


def records_query(t: ThreadBuilder, s: Subject) -> None:
    """ERO asks the liaison to run RMV, CORI and NCIC checks."""
    w, rng = t.world, t.rng
    officer = _ice_requester(t)
    q = t.add("records_query", officer, [w.liaison])
    with q.subject_line():
        q.message.subject = q.one_of(
            lambda: "RMV check", lambda: f"CORI - {q.name(s, 'full')}", lambda: "Can you run this one",
            lambda: f"{q.name(s, 'last_upper')}", lambda: "Query request")
    t.finish(q, [q.one_of(
        lambda: f"Can you run {q.name(s)} ({q.dob(s)}) through RMV and CORI when you get a chance?",
        lambda: f"Can you check NCIC and RMV on {q.name(s)}, DOB {q.dob(s)}? Need a current address.",
        lambda: f"Need a CORI on {q.name(s)}, {q.a_number(s)}. Thanks in advance.",
        lambda: f"Could you run {q.name(s)} for me? DOB {q.dob(s)}. Trying to confirm where {s.he}'s living.",
    )], greeting(rng, w.liaison))
    r = t.add("records_reply", w.liaison, [officer])
    status = rng.choice(("SUSPENDED", "ACTIVE", "EXPIRED", "REVOKED"))
    rmv = (lambda: f"RMV: {r.license(s)} ({status}), address {r.address(s)}") if s.license else \
        (lambda: f"RMV: no MA license on file. ID card address is {r.address(s)}")
    t.finish(r, [r.one_of(
        lambda: "\n".join((rmv(), f"CORI: {r.charges(s)} ({s.year})", f"NCIC: {_system(t)} negative for wants")),
        lambda: f"{rmv()}. CORI shows {r.charges(s)}. Nothing in NCIC.",
        lambda: f"Ran {s.him}. {rmv()}. DOB on file {r.dob(s)}, phone {r.phone(s)}.",
    )], greeting(rng, officer) if rng.random() < 0.4 else None)
    if rng.random() < 0.5:
        thanks(t, officer, [w.liaison], ice=True)


def ice_forward(t: ThreadBuilder, s: Subject) -> None:
    """The liaison's tip is forwarded inside ERO and assigned; the tip itself often survives only as quoted text."""
    w, rng = t.world, t.rng
    officer, other = rng.sample(w.ero[1:5], 2)
    tip = t.add(rng.choice(("release_alert", "info_reply")), w.liaison, [officer])
    with tip.subject_line():
        tip.message.subject = tip.one_of(lambda: f"{tip.name(s, 'upper')}", lambda: "FYI", lambda: "For you",
                                         lambda: f"{tip.name(s, 'full')} - {s.district}")
    t.finish(tip, [tip.one_of(
        lambda: f"{tip.name(s)} ({tip.dob(s)}) was arrested last night for {tip.charges(s)}. "
                f"{cap(s.he)}'s at {s.facility}, address on the booking is {tip.address(s)}.",
        lambda: f"Thought you'd want this one. {tip.name(s)}, DOB {tip.dob(s)}, {tip.charges(s)}. "
                f"Report {tip.report(s)} attached.",
        lambda: f"{tip.name(s)} got picked up on {tip.charges(s)} by {s.district}. Phone on the report is "
                f"{tip.phone(s)}.",
    )])
    if "police_report" in tip.message.personal_data:
        t.attach(tip, f"{s.report_number}.pdf", "incident_report", s)
    team = [w.ero[0], other] + _maybe(t, 0.5, w.ero_duty)
    f = t.add("forward", officer, team, forward=True, mood="normal")
    t.finish(f, [f.one_of(
        lambda: f"See below from BPD. Can FOT pick this up? {cap(s.he)} has a prior removal.",
        lambda: "FYI - info from our BPD TFO below.",
        lambda: f"Below from BPD. Per {_system(t)} subject has a final order.",
        lambda: f"Forwarding. {f.name(s, 'upper')} - worth a look.",
    )])
    a = t.add("assignment", w.ero[0], [other], [officer], pace="normal")
    t.finish(a, [a.one_of(
        lambda: f"{_ice_names(t)} take this one.",
        lambda: f"Add {s.him} to the list for Thursday.",
        lambda: f"Run {s.him} and put together a target folder.",
        lambda: "Let's get this one done this week.",
    )])
    if rng.random() < 0.5:
        d = t.add("pickup_confirm" if rng.random() < 0.5 else "assignment_reply", other, [w.ero[0]], [officer],
                  pace="slow")
        t.finish(d, [d.one_of(
            lambda: "Will do.", lambda: f"{cap(s.he)}'s already on our list.",
            lambda: f"Subject arrested this morning at {s.neighbourhood.name} residence.",
            lambda: "On it.",
        )] if d.message.kind == "assignment_reply" else [d.one_of(
            lambda: f"Subject arrested this morning at the {s.neighbourhood.name} address. Processing now.",
            lambda: f"{cap(s.he)}'s in custody. En route to Burlington.",
        )])


def bpd_internal(t: ThreadBuilder, s: Subject | None) -> None:
    """Inside BPD: statistics for the supervisor, or a district detective asking what ICE has."""
    w, rng = t.world, t.rng
    sergeant, lieutenant, detective = w.bpd
    if s is None:
        q = t.add("internal_stats", sergeant, [w.liaison], _maybe(t, 0.4, lieutenant))
        month = formats.MONTHS[q.message.sent_at.month - 2]  # last month's numbers
        q.message.subject = rng.choice((f"{month} numbers", "Numbers for the weekly", "TFO stats", "Monthly"))
        t.finish(q, [rng.choice((
            f"Can you send me your numbers for {month}? Need them for the weekly.",
            "Need your TFO stats by Friday please.",
            f"Lt wants the {month} numbers. Requests, detainers, pickups.",
        ))], greeting(rng, w.liaison))
        r = t.add("internal_stats", w.liaison, [sergeant], q.message.cc)
        t.finish(r, [rng.choice((
            f"{rng.randint(9, 30)} requests from ERO, {rng.randint(2, 9)} detainers lodged, "
            f"{rng.randint(1, 6)} pickups. Spreadsheet attached.",
            f"Attached. {rng.randint(2, 9)} detainers this month, most on motor vehicle stuff.",
            "Spreadsheet attached. Let me know if you need it broken down by district.",
        ))])
        t.attach(r, f"TFO stats {month}.xlsx")
        if rng.random() < 0.5:
            thanks(t, sergeant, [w.liaison], ice=False)
        return
    if rng.random() < 0.3:
        ada = w.others[0]
        q = t.add("court_inquiry", ada, [w.liaison])
        with q.subject_line():
            q.message.subject = f"Commonwealth v. {q.name(s, 'last')}"
        t.finish(q, [f"Is there an immigration detainer on {q.name(s)}? {cap(s.he)}'s on at {s.court} tomorrow and "
                     "defense counsel is going to argue bail."], greeting(rng, w.liaison))
        r = t.add("court_inquiry_reply", w.liaison, [ada])
        t.finish(r, [r.one_of(
            lambda: "Yes, ICE lodged a detainer last week. I can send you a copy.",
            lambda: "Not that I know of. I'll check with ERO.",
            lambda: f"Yes. {cap(s.he)} has a final order per ICE. Detainer is on file at {s.facility}.",
        )])
        return
    q = t.add("internal_inquiry", detective, [w.liaison])
    with q.subject_line():
        q.message.subject = rng.choice(("Question", "ICE?", "Suspect", f"{s.district} case"))
    t.finish(q, [q.one_of(
        lambda: f"Does ICE have any interest in {q.name(s)}, DOB {q.dob(s)}? {cap(s.he)}'s our suspect on a "
                f"{q.charges(s, limit=1)} in {s.neighbourhood.name}.",
        lambda: f"We have {q.name(s)} in for {q.charges(s)}. Victim is {_victim(t)}. Anything on the ICE side?",
    )], greeting(rng, w.liaison))
    r = t.add("internal_inquiry_reply", w.liaison, [detective])
    t.finish(r, [rng.choice(("I'll check with ERO and get back to you.", "Let me ask, give me an hour."))])
    if rng.random() < 0.7:
        r2 = t.add("internal_inquiry_reply", w.liaison, [detective], [sergeant] if rng.random() < 0.3 else [])
        t.finish(r2, [r2.one_of(
            lambda: f"ERO says {s.he} has a final order. They'll lodge a detainer if we hold {s.him}.",
            lambda: f"Nothing on {s.him} on their end.",
            lambda: f"ICE is interested. Let me know when {s.he}'s booked and I'll send it over.",
        )])


def ice_internal(t: ThreadBuilder, s: Subject | None) -> None:
    """ERO officers sort out coverage of the BPD inbox and court details."""
    w, rng = t.world, t.rng
    team = w.ero[1:]
    q = t.add("shift_coverage", w.ero[0], rng.sample(team, rng.randint(3, len(team))), [w.ero_duty])
    day = formats.DAYS[rng.randrange(5)]
    q.message.subject = rng.choice(("Coverage", f"{day} coverage", "Court detail", "Duty next week", "BPD inbox"))
    t.finish(q, [rng.choice((
        f"Who has the BPD inbox {day}? I'm out Thursday and Friday.",
        f"Need two for the courthouse detail {day} AM.",
        "Duty roster for next week attached. Let me know about swaps by tomorrow.",
        f"Reminder: anything from the BPD TFO goes to the duty box, not personal email. {day} is OT approved.",
    ))], greeting(rng, team[0]) if rng.random() < 0.3 else None)
    if "roster" in q.message.paragraphs[-1]:
        t.attach(q, "Duty roster.xlsx")
    for officer in rng.sample(q.message.to, rng.randint(1, min(3, len(q.message.to)))):
        r = t.add("shift_coverage", officer, [w.ero[0]], pace="fast", mood=rng.choice(("brief", "phone")))
        t.finish(r, [rng.choice(("I've got it.", f"I can cover {day}.", "Swap with me, I have court that morning.",
                                 "Count me in.", "I'm on leave, sorry.", "Works for me."))])


def logistics(t: ThreadBuilder, s: Subject | None) -> None:
    """Meetings, credentials, training, time off: no subject persons."""
    w, rng = t.world, t.rng
    other = rng.choice([w.ero[0], w.ero[1], w.hsi[0], w.hsi[1]])
    topic = rng.randrange(5)
    sender, to = (w.liaison, other) if rng.random() < 0.5 else (other, w.liaison)
    day = formats.DAYS[rng.randrange(5)]
    q = t.add("logistics", sender, [to])
    q.message.subject, text = [
        ("TFO credentials", "Your TFO credentials are up for renewal. Need a new photo and the signed form by "
                            f"{day}."),
        ("Meeting", f"Meeting at Burlington {day} at 10. Parking is in the back lot, bring your creds."),
        ("Out next week", "I'll be out next week. For anything urgent call the BRIC desk and they'll reach me."),
        ("Training", f"Annual task force refresher is {day} at the JFK building, 9-12. Sign-in sheet attached."),
        ("Coffee", f"Want to grab coffee {day}? Want to talk about the joint case and the MOU renewal."),
    ][topic]
    if topic == 3:
        t.attach(q, "Sign-in sheet.pdf")
    t.finish(q, [text], greeting(rng, to))
    r = t.add("logistics", to, [sender], pace="normal")
    t.finish(r, [rng.choice(("Sounds good.", "Will do.", "See you then.", "Thanks for the heads up.",
                             "Works for me. Thanks.", f"{day} is fine."))])


def sheriff_notice(t: ThreadBuilder, s: Subject) -> None:
    """The Sheriff's Department tells ERO and the liaison when a detainee is due out."""
    w, rng = t.world, t.rng
    sheriff = w.sheriff[0]
    n = t.add("release_notice", sheriff, [w.ero_duty], [w.liaison])
    with n.subject_line():
        n.message.subject = rng.choice(("Release notification", "Detainer - release date", "Inmate release"))
    out = clock.later_day(rng, n.message.sent_at, (1, 5))
    t.finish(n, [n.one_of(
        lambda: f"Inmate {n.name(s, 'upper')} (DOB {n.dob(s)}) has an ICE detainer on file and is scheduled "
                f"for release on {formats.short_date(out.date())} at {formats.time_of_day(out, rng)}. Please advise.",
        lambda: f"Please be advised that {n.name(s)}, {n.a_number(s)}, is due for release from {s.facility} on "
                f"{formats.short_date(out.date())}.",
    )])
    officer = rng.choice(w.ero[1:5])
    r = t.add("release_notice_reply", officer, [sheriff], [w.liaison, w.ero_duty])
    t.finish(r, [rng.choice(("We'll be there. Thanks.", "Received, we'll have a unit there.",
                             "Thank you. Please call the duty line when processing starts."))])
    if rng.random() < 0.3:
        thanks(t, w.liaison, [officer], ice=False)


def arrest_list(t: ThreadBuilder, s: Subject) -> None:
    """The liaison sends ERO a list of recent arrests of interest, several people with full details."""
    w, rng = t.world, t.rng
    extra = rng.randint(8, 14) if rng.random() < 0.15 else rng.randint(2, 6)  # now and then a long weekly list
    people = list(dict.fromkeys([s] + [t.pick_subject() for _ in range(extra)]))
    officers = rng.sample(w.ero[1:], rng.randint(2, 4))
    m = t.add("arrest_list", w.liaison, officers, [w.ero[0], w.ero_duty] + _maybe(t, 0.3, w.hsi[0]), mood="normal")
    m.message.subject = rng.choice(("Arrests of interest", "Weekend arrests", "Arraignment list",
                                    "Today's list", "Bookings", "Overnight bookings"))
    entries = []
    for i, p in enumerate(people, 1):
        entries.append(m.one_of(
            lambda: f"{i}) {m.name(p, 'upper')}  DOB {m.dob(p)}\n    {m.address(p)}\n    {m.charges(p)}\n"
                    f"    {p.district} / Rpt {m.report(p)}",
            lambda: f"{i}. {m.name(p)} ({m.dob(p)}) - {m.charges(p)} - {p.court}",
            lambda: f"{i}) {m.name(p, 'upper')}, {m.dob(p)}, {p.nationality}, {m.charges(p)}. "
                    f"Lives {m.address(p)}, cell {m.phone(p)}.",
        ))
    t.finish(m, [rng.choice(("Here's the list from the weekend:", "Bookings of interest from the last couple days:",
                             "Arraignments tomorrow that you might care about:", "Today's list.")),
                 "\n".join(entries),
                 rng.choice(("Reports available if you need them.", "Let me know which ones you want reports on.",
                             None))], greeting(rng, officers[0]) if rng.random() < 0.3 else None)
    if rng.random() < 0.3:
        a = t.add("thanks", rng.choice(officers), [w.liaison], pace="normal", mood="brief")
        t.finish(a, [rng.choice(("Thanks, we'll take a look.", "Got it. Looking at a couple of these.",
                                 "Thanks. Passing to FOT.", "Appreciate it, keep them coming."))])
    else:
        pick = rng.choice(people)
        officer = rng.choice(officers)
        q = t.add("info_request", officer, [w.liaison], pace="normal")
        t.finish(q, [rng.choice((f"Can you send me the report on #{people.index(pick) + 1}?",
                                 f"Can I get the report on {q.name(pick, 'last_upper')}?",
                                 f"Interested in {q.name(pick)}. Report please when you get a sec."))])
        r = t.add("info_reply", w.liaison, [officer], pace="normal")
        t.attach(r, f"{pick.report_number}.pdf", "incident_report", pick)
        t.finish(r, [rng.choice(("Attached.", "Here you go.", f"Attached. {cap(pick.he)}'s still at {pick.facility}."))])
        if rng.random() < 0.5:
            thanks(t, officer, [w.liaison], ice=True)


BULLETIN_NOTES = {
    "motor_vehicle": ("MV stop for a red light violation; operator could not produce a license.",
                      "Stopped for an equipment violation, RMV shows license status suspended.",
                      "Crash with property damage, operator left the scene and was located nearby."),
    "property": ("Detained by store loss prevention.", "Observed concealing merchandise, stopped outside."),
    "public_order": ("Refused to leave a business after being told to leave.", "Disturbance outside a bar."),
    "assault": ("Domestic call; victim {victim} with visible injuries.", "Fight outside a bar; victim transported."),
    "drug": ("Observed hand-to-hand transaction; bags recovered.", "Search incident to arrest recovered narcotics."),
    "violent_felony": ("Street robbery, knife displayed; victim {victim}.", "Victim {victim} stabbed, non-life-threatening."),
    "weapon": ("Loaded firearm recovered during a pat frisk.",),
    "sex_offense": ("Sexual assault unit investigating; details {withheld}.",),
}


def _bulletin_note(t: ThreadBuilder, s: Subject) -> str:
    note = t.rng.choice(BULLETIN_NOTES[s.charges[0].category])
    return note.format(victim=_victim(t), withheld=redact("b7c", "of the victim and witnesses"))


def bulletin_forward(t: ThreadBuilder, s: Subject) -> None:
    """A long internal BPD arrest summary that the liaison forwards to ERO, pointing out a few names."""
    w, rng = t.world, t.rng
    people = list(dict.fromkeys([s] + [t.pick_subject() for _ in range(rng.randint(12, 32))]))
    lieutenant = w.bpd[1]
    b = t.add("bulletin", lieutenant, [w.liaison, w.bpd[0], w.bpd[2]], mood="normal")
    day = b.message.sent_at.date() - timedelta(days=1)
    b.message.subject = rng.choice((f"BRIC Daily Arrest Summary - {formats.short_date(day)}",
                                    f"Arrest summary {formats.short_date(day)}", "Daily arrests (LE SENSITIVE)"))
    entries = []
    for i, p in enumerate(people, 1):
        hour = rng.randint(0, 23)
        entries.append(
            f"{i}. {p.district} {hour:02d}{rng.choice(('00', '15', '30', '45'))} hrs - {b.name(p, 'upper')}, "
            f"DOB {b.dob(p)}\n    Address: {b.address(p)}\n    Charges: {b.charges(p)}\n"
            f"    {_bulletin_note(t, p)} CC# {b.report(p)}"
        )
    t.finish(b, ["LAW ENFORCEMENT SENSITIVE - DO NOT DISSEMINATE OUTSIDE BPD",
                 f"Arrests for the 24 hours ending 0700 on {formats.long_date(day + timedelta(days=1))}:",
                 *entries,
                 "Questions to the BRIC watch desk."])
    picks = rng.sample(range(1, len(people) + 1), min(len(people), rng.randint(1, 3)))
    officer = rng.choice(w.ero[1:])
    f = t.add("forward", w.liaison, [officer], [w.ero[0]] if rng.random() < 0.5 else [], forward=True,
              pace="normal")
    numbers = ", ".join(f"#{n}" for n in sorted(picks))
    t.finish(f, [rng.choice((f"FYI. {numbers} might be of interest.", f"See {numbers} below.",
                             f"A few for you on this one: {numbers}."))], greeting(rng, officer))
    if rng.random() < 0.7:
        r = t.add("thanks", officer, [w.liaison], pace="normal", mood="brief")
        t.finish(r, [rng.choice(("Thanks. Will run them.", "Got it, thank you.", f"Thanks. {numbers} are hits.",
                                 "Appreciate it. Can you send the report on the first one?"))])


#: Storyline functions, whether they need a subject person, and how often threads follow them.
STORYLINES = (
    (info_request, True, 22),
    (detainer, True, 15),
    (release_alert, True, 13),
    (court_notice, True, 9),
    (records_query, True, 10),
    (ice_forward, True, 8),
    (bpd_internal, None, 7),  # subject optional
    (ice_internal, False, 5),
    (logistics, False, 6),
    (sheriff_notice, True, 5),
    (arrest_list, True, 8),
    (bulletin_forward, True, 5),
)
