"""Are these articles about the same event? Dates, places and people, and events from facts.

Articles about "the US–Russia talks on Syria" need not be about the same talks. Each article
gets an *event signature*, and articles are grouped into events:

- **Dates** (:func:`date_table`): every spaCy DATE span of the headline and body, normalized by
  dateparser. A span is *absolute* when it names its own year ("June 2012", "Aug. 26, 2016"),
  *relative* otherwise ("Friday", "yesterday", "February 27"); a relative span is resolved
  against the article's ``published`` metadata (the ``articles.csv`` sidecar) and reported as
  unresolved when there is none. Whether a span is relative is measured, not guessed: it is
  parsed against two reference days, and a span that reads the same against both is absolute.
  Spans that do not point at a time ("five-year", "the coming days") are listed, not parsed.
  Caption dates are listed and never used: a caption dates the photograph, not the story.
- **The event's day** (:func:`event_days`): the first span (reading order) that names one day
  close before publication, or, without a publication date, the first that names a weekday
  ("Friday"): news writing names the day of the event by its weekday.
- **Places and participants**: the GPE/LOC/FAC and PERSON entities of headline and body, most
  mentioned first.
- **Events** (:func:`group_events`): two articles report the same event when they share enough
  facts (:mod:`analysis.facts`: sentences that report the same thing), relative to the shorter
  article, and their event days do not disagree by more than a tolerance. Articles are merged
  pair by pair, most overlapping first (single linkage), and two groups are never merged when
  any of their articles' days disagree.

Everything here is a pure function of tables and plain values; :func:`analysis.facts.analyse`
runs it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping, Sequence

import pandas as pd
from spacy.tokens import Doc

from . import defaults, escape
from .corpus import Article, Corpus

__all__ = [
    "DATE_COLUMNS",
    "EVENT_COLUMNS",
    "EVENT_WINDOW_DAYS",
    "PAIR_COLUMNS",
    "EventsError",
    "anchored",
    "date_table",
    "event_days",
    "event_pairs",
    "event_table",
    "findings",
    "group_events",
    "normalize_date",
    "published_day",
    "shared_facts",
    "signatures",
]


class EventsError(ValueError):
    """Bad input to the event check (a publication date that is not a date); names the file."""


DATE_COLUMNS = [
    "article_id",
    "start",
    "end",
    "zone",
    "text",
    "status",
    "date",
    "period",
    "weekday",
]
EVENT_COLUMNS = [
    "article_id",
    "event",
    "published",
    "event_day",
    "event_weekday",
    "day_evidence",
    "day_start",
    "day_end",
    "places",
    "participants",
    "unresolved",
    "caption_dates",
]
PAIR_COLUMNS = [
    "article_a",
    "article_b",
    "shared_facts",
    "overlap",
    "day_a",
    "day_b",
    "days_apart",
    "date_conflict",
    "dates_agree",
    "linked",
    "same_event",
]

#: A day named in an article counts as the day of its event only if it falls this many days
#: before publication at most (or on the day after: time zones). News reports the past week;
#: "On February 27, a ceasefire came into force" in an August article is background.
EVENT_WINDOW_DAYS = 7
#: Zones whose dates can place an article's event (captions date photographs).
DATED_ZONES = ("headline", "body")
#: Entity labels of places and of participants in an event signature.
PLACE_LABELS = ("GPE", "LOC", "FAC")
PERSON_LABELS = ("PERSON",)
#: Places and people named per event in the findings: those no other event names first.
SIGNATURE_SHOWN = 3
#: Two reference days that differ in year, month, day and weekday: a date expression that
#: dateparser reads the same against both does not depend on when it was written.
_REFERENCE_DAYS = (dt.datetime(2001, 2, 14, 12), dt.datetime(2012, 9, 3, 12))

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan\.?|feb\.?|mar\.?|apr\.?|jun\.?|jul\.?|aug\.?|sept?\.?|oct\.?|nov\.?|dec\.?"
)
_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b", re.IGNORECASE)
# something that pins a span to the calendar: a month, a weekday, a year (not a decade,
# "1990s"), or a word that counts from the day of writing
_ANCHOR = re.compile(
    rf"\b(?:{_MONTHS})(?!\w)|{_WEEKDAY.pattern}|\b(?:1[89]\d\d|20\d\d)\b(?!s)"
    r"|\b(?:yesterday|today|tonight|tomorrow|ago)\b"
    r"|\b(?:last|next|this|past|previous|coming)\s+(?:week|weekend|month|year|morning|"
    r"afternoon|evening|night)\b",
    re.IGNORECASE,
)
# qualifiers dateparser does not read ("mid-July", "late Tuesday"): the day or month they
# qualify is what is kept
_QUALIFIER = re.compile(
    r"^(?:the\s+)?(?:mid-?|early\s+|late\s+|(?:the\s+)?(?:end|beginning|start|middle)\s+of\s+)",
    re.IGNORECASE,
)
# a weekday on its own: with "prefer the past", dateparser reads "Friday" in an article of a
# Friday as the Friday before; read against the end of the publication day, it is that day
_BARE_WEEKDAY = re.compile(
    rf"^(?:on\s+|this\s+)?(?:{'|'.join(_WEEKDAYS)})(?:\s+(?:morning|afternoon|evening|night))?$",
    re.IGNORECASE,
)


def anchored(text: str) -> bool:
    """Tell whether a date expression is pinned to the calendar (a month, weekday, year...).

    "five-year", "the coming days" and "about a six month" are durations or vague: dateparser
    would turn "five-year" into five months before the reference day.
    """
    return bool(_ANCHOR.search(text))


@functools.lru_cache(maxsize=256)
def _parser(base: dt.datetime):
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": base,
            "PREFER_DATES_FROM": "past",
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    )


def _parse(text: str, base: dt.datetime) -> tuple[dt.date, str] | None:
    """Return (date, period) dateparser reads in ``text`` against ``base``, or None."""
    if _BARE_WEEKDAY.match(text):
        base = base + dt.timedelta(days=1)
    data = _parser(base).get_date_data(text)
    if data.date_obj is None:
        return None
    return data.date_obj.date(), data.period or "day"


def _at_period(day: dt.date, period: str) -> str:
    """Write a date as far as its period says: 2016-08-26, 2016-W34, 2016-08 or 2016."""
    if period == "year":
        return f"{day.year:04d}"
    if period == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if period == "week":
        year, week, _ = day.isocalendar()
        return f"{year:04d}-W{week:02d}"
    return day.isoformat()


def _candidates(text: str) -> list[str]:
    """Return the text, then its parts between brackets and commas ("today (Thursday)")."""
    parts = [p.strip() for p in re.split(r"[(),]", text) if p.strip()]
    return [text, *[p for p in parts if p != text]]


def normalize_date(text: str, published: dt.date | None) -> tuple[str, str, str]:
    """Normalize one DATE span: (status, date, period).

    Parameters
    ----------
    text : str
        The span as written.
    published : date or None
        The article's publication day; relative expressions are resolved against it.

    Returns
    -------
    tuple of str
        status: ``absolute`` (names its own year), ``resolved`` (relative, resolved against
        ``published``), ``unresolved: no publication date``, ``not a point in time`` (a
        duration or a vague expression, :func:`anchored`) or ``unparsed`` (dateparser read
        nothing); date: ISO at the period's precision (``2016-08-26``, ``2016-W34``,
        ``2016-08``, ``2016``), "" unless absolute or resolved; period: ``day``, ``week``,
        ``month`` or ``year`` ("" when there is no date).
    """
    cleaned = " ".join(text.split())
    if not anchored(cleaned):
        return "not a point in time", "", ""
    for candidate in _candidates(cleaned):
        candidate = _QUALIFIER.sub("", candidate)
        if not anchored(candidate):
            continue
        readings = [_parse(candidate, base) for base in _REFERENCE_DAYS]
        if any(r is None for r in readings):
            continue
        written = {_at_period(day, period) for day, period in readings}
        period = readings[0][1]
        if len(written) == 1:
            return "absolute", written.pop(), period
        if published is None:
            return "unresolved: no publication date", "", period
        reading = _parse(candidate, dt.datetime.combine(published, dt.time(12)))
        if reading is None:
            continue
        return "resolved", _at_period(*reading), reading[1]
    return "unparsed", "", ""


def published_day(article: Article) -> dt.date | None:
    """Return the publication day of ``article`` from its ``published`` metadata, or None.

    Raises
    ------
    EventsError
        When ``published`` is given but names no single day; the message names the file.
    """
    value = (article.metadata.get("published") or "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        pass
    status, date, period = normalize_date(value, None)
    if status == "absolute" and period == "day":
        return dt.date.fromisoformat(date)
    raise EventsError(
        f"{article.file}: published '{value}' in the metadata is not a day; write it as "
        "YYYY-MM-DD (or leave it empty)"
    )


def date_table(
    corpus: Corpus, docs: Sequence[Doc], zones: Sequence[str] = (*DATED_ZONES, "caption")
) -> pd.DataFrame:
    """List and normalize every DATE span of ``zones`` (:func:`normalize_date`).

    Caption spans are listed with status ``caption: not used`` and not parsed.

    Returns
    -------
    DataFrame
        ``event_dates.csv``, in corpus and reading order: article_id, start, end (character
        offsets into the article text), zone, text, status, date, period, weekday (the weekday
        the span names, lower case, else "").
    """
    rows = []
    for article, doc in zip(corpus, docs, strict=True):
        published = published_day(article)
        for ent in doc.ents:
            zone = article.zone_at(ent.start_char)
            if ent.label_ != "DATE" or zone not in zones:
                continue
            if zone in DATED_ZONES:
                status, date, period = normalize_date(ent.text, published)
            else:
                status, date, period = "caption: not used", "", ""
            named = _WEEKDAY.search(ent.text)
            rows.append(
                {
                    "article_id": article.article_id,
                    "start": ent.start_char,
                    "end": ent.end_char,
                    "zone": zone,
                    "text": ent.text,
                    "status": status,
                    "date": date,
                    "period": period,
                    "weekday": named.group(1).lower() if named else "",
                }
            )
    return pd.DataFrame(rows, columns=DATE_COLUMNS)


def event_days(
    dates: pd.DataFrame, published: Mapping[str, dt.date | None], ids: Sequence[str]
) -> pd.DataFrame:
    """Pick each article's event day: the evidence that dates what it reports.

    With a publication day, the first headline or body span (reading order) that names one day
    from :data:`EVENT_WINDOW_DAYS` before publication to the day after; without one, the first
    that names a weekday (the day is then known by its weekday only).

    Returns
    -------
    DataFrame
        One row per article of ``ids``: article_id, event_day (ISO, "" when unknown),
        event_weekday (lower case, "" when unknown), day_evidence (the span), day_start,
        day_end (its offsets; NA when there is none).
    """
    rows = []
    for article_id in ids:
        mine = dates[(dates["article_id"] == article_id) & dates["zone"].isin(DATED_ZONES)]
        mine = mine.sort_values("start")
        day = published.get(article_id)
        chosen, when = None, None
        for row in mine.itertuples(index=False):
            if day is not None:
                if row.period != "day" or row.status not in ("absolute", "resolved"):
                    continue
                named = dt.date.fromisoformat(row.date)
                window = (day - dt.timedelta(days=EVENT_WINDOW_DAYS), day + dt.timedelta(days=1))
                if window[0] <= named <= window[1]:
                    chosen, when = row, named
                    break
            elif row.weekday:
                chosen = row
                if row.status == "absolute" and row.period == "day":
                    when = dt.date.fromisoformat(row.date)
                break
        weekday = (
            _WEEKDAYS[when.weekday()] if when is not None else chosen.weekday if chosen else ""
        )
        rows.append(
            {
                "article_id": article_id,
                "event_day": when.isoformat() if when is not None else "",
                "event_weekday": weekday,
                "day_evidence": chosen.text if chosen is not None else "",
                "day_start": chosen.start if chosen is not None else pd.NA,
                "day_end": chosen.end if chosen is not None else pd.NA,
            }
        )
    table = pd.DataFrame(
        rows,
        columns=[
            "article_id",
            "event_day",
            "event_weekday",
            "day_evidence",
            "day_start",
            "day_end",
        ],
    )
    for column in ("day_start", "day_end"):
        table[column] = table[column].astype("Int64")
    return table


def _days_apart(a: Mapping[str, str], b: Mapping[str, str]) -> int | None:
    """Days between two articles' event days, or between their weekdays (circular), or None."""
    if a["event_day"] and b["event_day"]:
        return abs(
            (dt.date.fromisoformat(a["event_day"]) - dt.date.fromisoformat(b["event_day"])).days
        )
    if a["event_weekday"] and b["event_weekday"]:
        step = abs(_WEEKDAYS.index(a["event_weekday"]) - _WEEKDAYS.index(b["event_weekday"]))
        return min(step, 7 - step)
    return None


def shared_facts(facts: pd.DataFrame, ids: Sequence[str]) -> pd.DataFrame:
    """Count the facts every two articles share, and their sentences.

    Parameters
    ----------
    facts : DataFrame
        ``facts.csv`` (:func:`analysis.facts.fact_table`): fact_id, article_id, ...
    ids : sequence of str
        Article ids in corpus order.

    Returns
    -------
    DataFrame
        Square, index and columns ``ids``: off the diagonal the facts both articles carry, on
        the diagonal the facts (sentences) of the article.
    """
    ids = list(ids)
    member = (
        pd.crosstab(facts["fact_id"], facts["article_id"])
        .reindex(columns=ids, fill_value=0)
        .clip(upper=1)
    )
    x = member.to_numpy(dtype=int)
    return pd.DataFrame(x.T @ x, index=ids, columns=ids)


def event_pairs(
    shared: pd.DataFrame,
    days: pd.DataFrame,
    *,
    event_link: float = defaults.EVENT_LINK,
    date_tolerance: int = defaults.DATE_TOLERANCE,
) -> pd.DataFrame:
    """Say for every two articles whether they look like one event, and why.

    Two articles are *linked* when their event days do not disagree and either (a) they share
    at least ``event_link`` of the shorter article's facts, or (b) both event days are known
    (calendar days, resolved or absolute) and agree, and they share a fact. Agreeing dates are
    evidence of their own, so a single shared fact suffices; without them, the text alone must
    show it. Weekdays without a date agree or disagree only when ``date_tolerance`` is below 3
    (any two weekdays are at most 3 days apart on the circle).

    Parameters
    ----------
    shared : DataFrame
        Facts shared (:func:`shared_facts`).
    days : DataFrame
        Event days (:func:`event_days`).
    event_link : float
        Least overlap (shared facts over the facts of the shorter article) for a link on the
        text alone.
    date_tolerance : int
        Most days (or weekdays) two articles' event days may be apart.

    Returns
    -------
    DataFrame
        ``event_pairs.csv`` without same_event (:func:`group_events` adds it), one row per
        pair in corpus order: article_a, article_b, shared_facts, overlap, day_a, day_b (the
        event day, else the weekday, else ""), days_apart (NA when unknown), date_conflict,
        dates_agree, linked.
    """
    ids = list(shared.index)
    info = days.set_index("article_id").to_dict("index")
    rows = []
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            n = int(shared.at[a, b])
            smaller = min(int(shared.at[a, a]), int(shared.at[b, b]))
            overlap = n / smaller if smaller else 0.0
            apart = _days_apart(info[a], info[b])
            conflict = apart is not None and apart > date_tolerance
            agree = bool(info[a]["event_day"] and info[b]["event_day"] and not conflict)
            rows.append(
                {
                    "article_a": a,
                    "article_b": b,
                    "shared_facts": n,
                    "overlap": overlap,
                    "day_a": info[a]["event_day"] or info[a]["event_weekday"],
                    "day_b": info[b]["event_day"] or info[b]["event_weekday"],
                    "days_apart": pd.NA if apart is None else apart,
                    "date_conflict": conflict,
                    "dates_agree": agree,
                    "linked": bool(n > 0 and not conflict and (overlap >= event_link or agree)),
                }
            )
    table = pd.DataFrame(rows, columns=PAIR_COLUMNS[:-1])
    table["days_apart"] = table["days_apart"].astype("Int64")
    return table


def group_events(pairs: pd.DataFrame, ids: Sequence[str]) -> tuple[dict[str, str], pd.DataFrame]:
    """Group articles into events: linked pairs merged, most overlapping first, no conflicts.

    Two groups merge on their most overlapping linked pair unless an article of one and an
    article of the other have conflicting days: a folder with a Tuesday report and a Thursday
    report of different meetings stays two events even when a third article links to both.

    Returns
    -------
    dict of str to str
        Article id to event id (``E1``, ``E2``, ... numbered by their first article in ``ids``).
    DataFrame
        ``pairs`` with same_event (both articles in one event).
    """
    ids = list(ids)
    group = {a: {a} for a in ids}
    conflicts = {
        frozenset((a, b))
        for a, b, c in zip(pairs["article_a"], pairs["article_b"], pairs["date_conflict"])
        if c
    }
    order = {a: n for n, a in enumerate(ids)}
    linked = pairs[pairs["linked"].to_numpy(dtype=bool)].copy()
    linked["_a"] = linked["article_a"].map(order)
    linked["_b"] = linked["article_b"].map(order)
    linked = linked.sort_values(
        ["overlap", "shared_facts", "_a", "_b"], ascending=[False] * 2 + [True] * 2
    )
    for a, b in zip(linked["article_a"], linked["article_b"]):
        ga, gb = group[a], group[b]
        if ga is gb or any(frozenset((x, y)) in conflicts for x in ga for y in gb):
            continue
        merged = ga | gb
        for member in merged:
            group[member] = merged
    firsts = sorted({min(g, key=order.get) for g in map(frozenset, group.values())}, key=order.get)
    names = {first: f"E{n}" for n, first in enumerate(firsts, start=1)}
    event = {a: names[min(group[a], key=order.get)] for a in ids}
    out = pairs.assign(
        same_event=[event[a] == event[b] for a, b in zip(pairs["article_a"], pairs["article_b"])]
    )
    return event, out


def signatures(mentions: pd.DataFrame, ids: Sequence[str]) -> pd.DataFrame:
    """List each article's places and participants, most mentioned first.

    Parameters
    ----------
    mentions : DataFrame
        Canonical mentions (:func:`analysis.entities.canonicalize`): article_id, zone, entity,
        entity_label.
    ids : sequence of str
        Article ids in corpus order.

    Returns
    -------
    DataFrame
        One row per article of ``ids``: article_id, places, participants ("; "-separated,
        most mentioned first, ties alphabetical; headline and body only).
    """
    dated = mentions[mentions["zone"].isin(DATED_ZONES)]
    rows = []
    for article_id in ids:
        mine = dated[dated["article_id"] == article_id]
        row = {"article_id": article_id}
        for column, labels in (("places", PLACE_LABELS), ("participants", PERSON_LABELS)):
            counts = mine[mine["entity_label"].isin(labels)]["entity"].value_counts()
            ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
            row[column] = "; ".join(name for name, _ in ranked)
        rows.append(row)
    return pd.DataFrame(rows, columns=["article_id", "places", "participants"])


def event_table(
    event: Mapping[str, str],
    days: pd.DataFrame,
    dates: pd.DataFrame,
    signature: pd.DataFrame,
    published: Mapping[str, dt.date | None],
) -> pd.DataFrame:
    """Assemble ``events.csv``: one row per article, its event and the evidence.

    Returns
    -------
    DataFrame
        :data:`EVENT_COLUMNS`: article_id, event, published (ISO or ""), event_day,
        event_weekday, day_evidence, day_start, day_end, places, participants, unresolved
        (relative dates left unresolved, "; "-separated), caption_dates (dates in captions,
        not used).
    """
    table = days.merge(signature, on="article_id", how="left")
    table["event"] = table["article_id"].map(event)
    table["published"] = [
        published[a].isoformat() if published.get(a) else "" for a in table["article_id"]
    ]

    def texts(mask: pd.Series) -> dict[str, str]:
        chosen = dates[mask]
        return {a: "; ".join(g["text"]) for a, g in chosen.groupby("article_id", sort=False)}

    unresolved = texts(dates["status"].str.startswith("unresolved"))
    captions = texts(dates["zone"] == "caption")
    table["unresolved"] = table["article_id"].map(unresolved).fillna("")
    table["caption_dates"] = table["article_id"].map(captions).fillna("")
    return table[EVENT_COLUMNS]


# --------------------------------------------------------------------------------------------
# What the report says first


def _names(ids: Sequence[str], labels: Mapping[str, str]) -> str:
    names = [escape.markdown(labels[a]) for a in ids]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _day(row: Mapping[str, object]) -> str:
    if row["event_day"]:
        return f"{row['event_day']} ({str(row['event_weekday']).capitalize()})"
    if row["event_weekday"]:
        return f"a {str(row['event_weekday']).capitalize()} (undated)"
    return ""


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _why_apart(pair: Mapping[str, object], event_link: float, labels: Mapping[str, str]) -> str:
    names = f"{_names([pair['article_a'], pair['article_b']], labels)}"
    n = int(pair["shared_facts"])
    if pair["date_conflict"]:
        return (
            f"{names} report days {int(pair['days_apart'])} days apart "
            f"({escape.markdown(pair['day_a'])} vs {escape.markdown(pair['day_b'])})"
        )
    if n == 0:
        return f"{names} share no fact"
    shared = f"share {_plural(n, 'fact')} ({pair['overlap']:.1%} of the shorter)"
    if pair["dates_agree"]:
        return f"{names} {shared}"  # only when a conflict elsewhere kept the groups apart
    reason = f"{names} {shared} and no dates to compare: below the {event_link:.1%} needed then"
    days = (str(pair["day_a"]), str(pair["day_b"]))
    if all(d in _WEEKDAYS for d in days) and days[0] != days[1]:
        # weekdays without a date cannot veto (any two are at most 3 days apart), but a reader
        # weighing the evidence wants to know they differ
        reason += f" (they name different weekdays, {days[0].capitalize()} and "
        reason += f"{days[1].capitalize()}, undated)"
    return reason


def _entities(column: str, members: Sequence[str], others: Sequence[str], info) -> list[str]:
    """Return an event's places or people: those no other event names first, most named first."""

    def named(ids: Sequence[str]) -> list[str]:
        found: dict[str, int] = {}
        for a in ids:
            for rank, name in enumerate(n for n in str(info.loc[a, column]).split("; ") if n):
                found[name] = min(found.get(name, rank), rank)
        return sorted(found, key=lambda n: (found[n], n))

    mine, elsewhere = named(members), set(named(others))
    return [n for n in mine if n not in elsewhere] + [n for n in mine if n in elsewhere]


def findings(
    events: pd.DataFrame,
    pairs: pd.DataFrame,
    labels: Mapping[str, str],
    event_link: float = defaults.EVENT_LINK,
    n_reasons: int = 3,
) -> str:
    """Say how many events the folder covers and why, in Markdown (article text escaped).

    Parameters
    ----------
    events : DataFrame
        ``events.csv`` (:func:`event_table`).
    pairs : DataFrame
        ``event_pairs.csv`` (:func:`group_events`).
    labels : mapping of str to str
        Article labels.
    event_link : float
        The overlap that links two undated articles (for the reasons given).
    n_reasons : int
        Pairs of events explained, the closest (most shared facts) first.

    Returns
    -------
    str
        One paragraph: the count; each event with its articles, day, the places and people
        that set it apart (those no other event names come first) and, for an event of
        several articles, the facts they share; then why the closest events were kept apart.
    """
    ids = list(events["article_id"])
    groups = {e: list(g["article_id"]) for e, g in events.groupby("event", sort=False)}
    n = len(groups)
    if len(ids) < 2:
        return "**One article**: nothing to compare it with, so one event."
    if n == 1:
        head = f"**The folder covers one event**: all {len(ids)} articles report it."
    else:
        head = f"**The folder covers {n} events**, not one."
    info = events.set_index("article_id")
    parts = [head]
    for event, members in groups.items():
        others = [a for a in ids if a not in members]
        days = sorted({_day(info.loc[a]) for a in members} - {""})
        detail = []
        if days:
            detail.append("on " + " / ".join(escape.markdown(d) for d in days))
        for column, what in (("places", "places"), ("participants", "people")):
            shown = _entities(column, members, others, info)[:SIGNATURE_SHOWN]
            if shown:
                detail.append(f"{what} " + ", ".join(escape.markdown(x) for x in shown))
        if len(members) > 1:
            inside = pairs[
                pairs["same_event"]
                & pairs["article_a"].isin(members)
                & pairs["article_b"].isin(members)
            ]
            most = int(inside["shared_facts"].max()) if len(inside) else 0
            detail.insert(0, f"up to {_plural(most, 'shared fact')} per pair")
            parts.append(f"{event}: {_names(members, labels)} ({'; '.join(detail)}).")
        else:
            parts.append(f"{event}: {_names(members, labels)} alone ({'; '.join(detail)}).")
    apart = pairs[~pairs["same_event"]]
    if len(apart):
        event = dict(zip(events["article_id"], events["event"]))
        apart = apart.assign(
            _pair=[
                tuple(sorted((event[a], event[b])))
                for a, b in zip(apart["article_a"], apart["article_b"])
            ]
        )
        closest = (
            apart.sort_values(["shared_facts", "overlap"], ascending=False, kind="stable")
            .drop_duplicates("_pair")
            .head(n_reasons)
        )
        reasons = [_why_apart(row, event_link, labels) for _, row in closest.iterrows()]
        parts.append("Kept apart: " + "; ".join(reasons) + ".")
    return " ".join(parts)
