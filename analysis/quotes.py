"""Direct quotations and who speaks them.

Finding quotations
------------------
A quotation is the text between an opening mark (“, « or a straight ") and the next closing mark
(”, », a straight ", or two apostrophes after a curly opening: wire copy's “…’’), within the
headline, body and captions; some archives write both marks as two apostrophes (''…'').
Single quotes are not read: in running text they are mostly apostrophes and scare quotes. By
the newswire convention, a quotation that runs over several paragraphs has no closing mark at the
end of a paragraph and an opening mark at the start of the next: that is one quotation. A
paragraph that ends inside a quotation and is *not* followed by an opening mark ends the
quotation there, flagged ``closed = False``.

Attributing them: a sieve, the most precise rule first
------------------------------------------------------
The design follows the two stages of CoreNLP's quote attributor (Muzny et al. 2017, "A
Two-stage Sieve Approach to Quote Attribution") and the rule order of the Gender Gap Tracker's
quote extractor (Asr et al. 2021): first find the words that name the speaker of a quotation
(a *speaker mention*: a name, he/she, or a description such as "the minister"), then say which
person that mention is. No coreference model is installed, and a wrong speaker is worse than
none, so every rule that cannot decide refuses, and says why in ``attribution``.

Stage 1: the speaker mention of each quotation, first rule that finds one
~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
1. **after**: a reporting clause right after the closing mark, in the same paragraph —
   ``“…,” Kerry said``, ``“…,” said Kerry``, ``“…,” Kerry also said``, ``“…,” Jones, a
   Republican from Ohio, said`` (one or two appositions), ``“…,” Boehner spokesman Michael
   Steel said`` (Steel), ``“…,” responded NASA administrator Jim Bridenstine`` (a title with
   no full stop or preposition in it), ``“…,” according to Kerry``, ``“…,” she told CNN``,
   ``“…,” Sen. Ann Hale (D-Mo.) said`` (a legislator's party and state), ``“…” — Ann
   Hale`` (an epigraph or pull quote signed at the end of its line).
2. **before**: a speaker and a reporting verb earlier in the sentence, with no other quotation
   between — ``Lavrov said: “…”``, ``Lavrov said the talks would “…”``, ``According to Lavrov,
   “…”``, ``Smith, the mayor, wrote on Twitter: “…”`` (Smith, never Twitter).
3. **subject** (the parse): the quotation sits inside the clause of a speech verb (say, write,
   call, describe, accuse, …: :data:`SPEECH_LEMMAS`) and that verb's subject, or the subject of
   the clause it hangs from ("Reed praised it but noted that “…”", "Reed left, writing “…”"),
   is the speaker mention. The climb from the quotation to the verb stops at a clause with a
   subject of its own that is not reported speech ("the town has “lost a month”" is nobody's).
   Also the subject of the one "as" clause of the quotation's sentence ("As Gaiman put it,
   “…”"); the subject of a main clause that ends in the colon opening the quotation,
   whatever its verb ("Smith agreed: “…”", "Buckley had a similar experience: “…”"; not a
   verb of reading or seeing: "Hale read the sign: “…”"); and the named owner of a claim,
   statement or remark whose clause holds the quotation ("Trump's claim that there were
   “…”", never "his claim", nor a phrase *about* the claim).

Stage 2: the person a mention is
~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
* a **name** is the canonical entity of the mention it overlaps (a PERSON preferred); a title
  before it is not a description ("the union's president Eva Bakker" is Bakker, and so is
  "the union's Eva Bakker", but "Bakker's spokesman" is not Bakker, nor is Bakker the speaker
  of "a spokesman for Bakker said" or "an aide to Bakker told reporters": a name after a
  preposition or an -ing verb is refused, ``name, not the speaker``); a name
  the entity pass missed needs the parser's PROPN on every word ("Officials" names nobody);
  an entity written after Mr, Mrs, Ms, Miss, Dr or a member's title (Sen., Gov., Rep., …,
  Senator, Congressman, …) is a person whatever label the entity pass gave it across the
  folder ("Mr. Weiner", voted ORG), and so is a name of two words or more whose apposition is
  a noun of people ("Eswar Prasad, a trade professor at Cornell", tagged ORG by the model);
  a one-word name the entity pass left unlinked or labelled otherwise is one of the people of
  that surname ("Ford" of John and Dale Ford), so a he/she search stops there;
* **he/she** is the nearest earlier *subject* that is a compatible person: a PERSON named in
  full somewhere in the article (or with a title, "President Trump"), or a he/she resolved the
  same way, of no known other gender (a title's, or at least two he/she's of the other gender
  already resolved to them and none of this one); objects are skipped ("Reed met Hall, urging
  Hall to act. “…,” he said" is Reed), so are subjects that are no person ("The ad …") and
  descriptions of the other gender or of several people ("His mother", "Reporters"); a subject
  that is an unresolved person description, or two people ("Reed and Hall are …"), stops the
  search; a subject in a clause a speech verb reports, or in a relative clause, beside a main
  clause whose subject is another person the pronoun fits, is refused (``pronoun, ambiguous``:
  after "Reed said Hall would resign" writers mean either). When no subject in reach is a person
  at all, he/she is the nearest PERSON named before, in its paragraph or the one before, if the
  article gives that person the pronoun's gender and nobody else of it (or of no known gender)
  is named from the start of that paragraph ("Enter Ms. Bakker, who …. “…,” she wrote"). Gender
  is known only from the article itself (Mr/Ms/Mrs, congressman/congresswoman, …, or a he/she
  already resolved to the person); a title is never read across a sentence ("… a former Miss
  Universe. Trump said" makes Trump no woman).
  Mentions inside quotations are never candidates.
* **it**, speaking, is the organisation or country named as the nearest earlier subject of its
  sentence or the sentence before that is no person ("The Security Council condemned the test,
  which it called “…”": ``pronoun, organisation``); any other subject there ("the ad") may be
  what "it" is, so it is refused.
* a **description** ("the minister", "the Ohio governor", "the U.S. Secretary of State") is the
  one person named earlier whose title or apposition holds its head noun and its capitalised
  words ("Ohio Gov. Dan Hale", "Dan Hale, the governor of Ohio", "Dan Hale of Ohio");
  the titles another article of the folder gives a person count too (the folder's articles
  report one story: "the Texas governor" is the Rick Perry named earlier when another article
  wrote "Texas Gov. Rick Perry"); a title is the words right before the name, never a noun
  earlier in the clause ("when the man asks Hale"); a title with vice, lieutenant, deputy,
  assistant or former is another office, both ways ("Vice President Biden" is not "the
  president", nor "Former Gov. Perry" "the governor", nor President Obama "the vice
  president"); when two
  people fit it is refused (``description, ambiguous``), when none does, or the description
  is indefinite ("a young man": someone not named before), ``description, unresolved``. A
  definite description no title ties to anyone takes up the one person its own sentence or the
  sentence before is about, when every subject there is that person (``description,
  subject``: "Trump cited problems. “…,” the New York businessman said"); with a subject that
  may be anyone else, or when the description speaks to "him" or "her" ("Ruiz remembers what
  the surgeon told her"), it is refused. "The commission" with no person noun is the one
  organisation named before whose name holds the word (``description, organisation``).
  A nationality or place inside a longer description is never the speaker ("the current
  Democratic presidential nominee said" is not the Democrats).

Then, for a quotation with no speaker mention of its own:

4. **same paragraph**: the speaker of the nearest quotation in the paragraph, when no other
   person (a name, a he/she that is not the speaker again) is mentioned between the two outside
   quotations — a person who only describes the speaker or the occasion in the attribution's
   own sentence does not count (an apposition, a relative clause, a possessive: "“…,” said Ann
   Lee, a former Obama aide. “…”"), while the subject or object of a verb tied to the speech
   verb does ("adding that Hale disagreed", "asked Tom Reed");
4b. **sentence before**: when no quotation before it in the paragraph has a speaker, a
   quotation that opens its sentence takes the speaker of the reported speech in the sentence
   right before, in the same paragraph ("The cells sense the body's chemistry, Herbert said.
   “Once …”"): that sentence holds no quotation and one speech verb whose subject is a person
   we can name, and nobody else is named, described or speaking from that subject to the
   quotation;
5. **continuation**: a paragraph made only of quotation continues the last quotation of the
   paragraph before, when that one has a speaker and no other person is mentioned after it;
6. **repeated**: a quotation of at least :data:`REPEATED_MIN_WORDS` words found word for word
   inside another quotation of the article — a heading or a pull quote repeating it — takes
   that one's speaker, when every quotation holding it has the same known speaker (a longer
   quotation holding someone's words is a reply, never theirs). This rule compares each
   unattributed quotation with the others, the one step that is not linear.

Cost: every look-up goes through sorted offsets (``bisect``), so an article's attribution is
linear in its length (up to a log factor), never quotations × mentions (rule 6 aside).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass, field, replace

import pandas as pd
from spacy.tokens import Doc, Token

from .corpus import Article, Corpus
from .entities import ABBREVIATED_TITLES, HONORIFICS, TITLES, clean_surface
from .text import CONTENT_ZONES, count_words

__all__ = [
    "GENDERED_WORDS",
    "OTHERS",
    "PERSON_NOUNS",
    "QUOTE_COLUMNS",
    "REPORTING_VERBS",
    "MANNER_VERBS",
    "SPEECH_LEMMAS",
    "TITLE_ABBREVIATIONS",
    "TOP_SPEAKERS",
    "UNATTRIBUTED",
    "Quote",
    "attribute_quotes",
    "attribution_counts",
    "evaluate_attribution",
    "evaluate_phrases",
    "phrase_scores",
    "find_quotes",
    "quote_table",
    "quoted_spans",
    "quoted_words",
    "same_speaker",
    "shared_quote_speakers",
    "shared_quote_view",
    "speaker_groups",
    "top_speakers",
]

OPENING = "“«"
CLOSING = "”»"
STRAIGHT = '"'
#: Two of these close a curly quotation in some wire copy (“…’’).
APOSTROPHES = "’'"


#: The speaker of quotations without a resolved one, in :func:`quoted_words`.
UNATTRIBUTED = "(unattributed)"
#: Speakers drawn in a colour of their own; the rest are pooled as :data:`OTHERS`. Six, with
#: grey for the others and light grey for the unattributed, stay apart in the Okabe-Ito palette
#: (seven colours besides black).
TOP_SPEAKERS = 6
#: The speakers beyond the top ones, pooled.
OTHERS = "others"

QUOTE_COLUMNS = [
    "article_id",
    "quote_id",
    "start",
    "end",
    "zone",
    "closed",
    "words",
    "speaker",
    "speaker_label",
    "speaker_as_written",
    "attribution",
    "quote",
]


@dataclass(frozen=True)
class Quote:
    """One quotation: ``start``/``end`` are character offsets of its text inside the marks."""

    article_id: str
    start: int
    end: int
    zone: str
    closed: bool
    text: str
    segment: int  # index into article.segments of the paragraph where it starts


def _continues(text: str) -> bool:
    stripped = text.lstrip()
    return bool(stripped) and (stripped[0] in OPENING + STRAIGHT or _apostrophes_open(stripped, 0))


def _straight_opens(text: str, pos: int) -> bool:
    """Tell whether the straight " at ``pos`` opens a quotation.

    It does after white space, "(" or the line start, before a non-space: not in 55" screen
    (after a digit) and not as a closing mark.
    """
    before = text[pos - 1] if pos > 0 else "\n"
    after = text[pos + 1] if pos + 1 < len(text) else " "
    return (before.isspace() or before in "([—–-") and not after.isspace()


def _straight_closes(text: str, pos: int) -> bool:
    return pos > 0 and not text[pos - 1].isspace()


def _mixed_closes(text: str, pos: int) -> bool:
    """Tell whether the straight " at ``pos`` closes a quotation opened by a curly mark.

    Web text mixes them (“…," Romney said): it does after a word or punctuation mark, not a
    digit (the inch mark of 55"), and before no letter or digit.
    """
    before = text[pos - 1] if pos > 0 else " "
    after = text[pos + 1] if pos + 1 < len(text) else " "
    return not before.isspace() and not before.isdigit() and not after.isalnum()


def _apostrophes_close(text: str, pos: int) -> bool:
    """Tell whether two apostrophes at ``pos`` close a curly quotation (“…,’’ Moy said).

    Some wire copy closes with two apostrophes for a ”; they do after a word or punctuation
    mark, before no letter or digit (not the ’’ of a nested ‘…’ closing with its quotation's
    own ’, which a ” would follow).
    """
    pair = text[pos : pos + 2]
    after = text[pos + 2] if pos + 2 < len(text) else " "
    return (
        len(pair) == 2
        and all(c in APOSTROPHES for c in pair)
        and pos > 0
        and not text[pos - 1].isspace()
        and not text[pos - 1].isdigit()  # 5'10'' is a height
        and not after.isalnum()
        and after not in CLOSING + STRAIGHT + APOSTROPHES  # ‘…’’’: the first closes the ‘
    )


def _apostrophes_open(text: str, pos: int) -> bool:
    """Tell whether two apostrophes at ``pos`` open a quotation inside one (“… ''Jaws'' …”)."""
    pair = text[pos : pos + 2]
    before = text[pos - 1] if pos > 0 else " "
    after = text[pos + 2] if pos + 2 < len(text) else " "
    return (
        len(pair) == 2
        and all(c in APOSTROPHES for c in pair)
        and (before.isspace() or before in "([")
        and not after.isspace()
    )


def find_quotes(article: Article, zones: tuple[str, ...] = CONTENT_ZONES) -> list[Quote]:
    """Find the direct quotations of ``article`` in ``zones``, in reading order.

    Curly quotation marks nest (“He told me “no” twice” is one quotation), and so does a straight
    quotation inside a curly one. A straight mark opens only where a quotation can start (after
    white space or "(", before a word) and closes only after a word, so the inch mark of 55" is
    not a quotation. Web text mixes the marks: a curly quotation is closed by a straight mark
    that no straight one inside opened (“…," Kerry said), and a straight one by a curly mark;
    wire copy closes a curly one with two apostrophes (“…’’), and some archives write both
    marks as two apostrophes (''…'', a paragraph that goes on quoting opening with them again).
    """
    text = article.text
    content = [(i, s) for i, s in enumerate(article.segments) if s.zone in zones]
    quotes: list[Quote] = []
    open_at: tuple[int, int, str, str] | None = None  # (text offset, segment, zone, mark kind)
    depth = 0  # nested curly/guillemet quotations inside the open one
    inner = False  # a straight quotation open inside a curly one
    paired = 0  # quotations in two apostrophes open inside a curly one
    for k, (i, seg) in enumerate(content):
        pos = seg.start
        if open_at is not None:  # a quotation carried over from the previous paragraph
            stripped = len(seg.text) - len(seg.text.lstrip())
            # past the re-opening mark (two apostrophes in a quotation that opened with them)
            pos = seg.start + stripped + (2 if open_at[3] == "apostrophes" else 1)
        while pos < seg.end:
            ch = text[pos]
            closes = False
            if open_at is None:
                if ch in OPENING or (ch == STRAIGHT and _straight_opens(text, pos)):
                    open_at = (pos + 1, i, seg.zone, "straight" if ch == STRAIGHT else "curly")
                    depth, inner, paired = 0, False, 0
                elif _apostrophes_open(text, pos):  # ''…'' (some archives' and wires' style)
                    open_at = (pos + 2, i, seg.zone, "apostrophes")
                    depth, inner, paired = 0, False, 0
                    pos += 1
            elif ch in OPENING:
                depth += 1
            elif ch in CLOSING and depth:
                depth -= 1
            elif ch in CLOSING:
                closes = True  # “…” or, mixed, "…”
            elif open_at[3] == "curly" and not depth and _apostrophes_open(text, pos):
                paired += 1  # “He called it ''insane''”: a title or word in two apostrophes
                pos += 1
            elif open_at[3] == "apostrophes" and not depth and _apostrophes_close(text, pos):
                closes = True  # ''…'': the second apostrophe is skipped below
            elif _apostrophes_close(text, pos) and open_at[3] == "curly" and not depth:
                if paired:
                    paired -= 1
                    pos += 1
                else:
                    closes = True  # “…’’ (a wire style): the second apostrophe is skipped below
            elif ch == STRAIGHT and open_at[3] == "straight":
                closes = _straight_closes(text, pos)
            elif ch == STRAIGHT and inner:  # "…" inside “…”
                inner = not _straight_closes(text, pos)
            elif ch == STRAIGHT and _straight_opens(text, pos):
                inner = True
            elif ch == STRAIGHT:
                closes = _mixed_closes(text, pos)  # “…," Romney said
            if closes:
                start, first, zone, _ = open_at
                quotes.append(
                    Quote(article.article_id, start, pos, zone, True, text[start:pos], first)
                )
                open_at = None
                pos += 1 if ch in APOSTROPHES else 0
            pos += 1
        if open_at is not None:
            following = content[k + 1][1] if k + 1 < len(content) else None
            adjacent = following is not None and content[k + 1][0] == i + 1
            if not (adjacent and _continues(following.text)):
                start, first, zone, _ = open_at
                quotes.append(
                    Quote(
                        article.article_id,
                        start,
                        seg.end,
                        zone,
                        False,
                        text[start : seg.end],
                        first,
                    )
                )
                open_at = None
    return [q for q in quotes if q.text.strip()]


def quoted_spans(quotes: list[Quote]) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of each quotation, for asking whether an offset is inside one."""
    return [(q.start, q.end) for q in quotes]


# --------------------------------------------------------------------------------------------
# Attribution: the sieve (module docstring)

#: Reporting verbs as written, for the patterns next to a quotation.
REPORTING_VERBS = (
    "said",
    "says",
    "say",
    "told",
    "tells",
    "added",
    "adds",
    "stated",
    "states",
    "stressed",
    "noted",
    "notes",
    "explained",
    "explains",
    "insisted",
    "insists",
    "warned",
    "warns",
    "declared",
    "announced",
    "asked",
    "asks",
    "replied",
    "responded",
    "retorted",
    "continued",
    "continues",
    "argued",
    "argues",
    "wrote",
    "writes",
    "tweeted",
    "posted",
    "emphasized",
    "emphasised",
    "acknowledged",
    "admitted",
    "recalled",
    "suggested",
    "observed",
    "remarked",
    "commented",
    "concluded",
    "urged",
    "claimed",
    "claims",
    "contended",
    "predicted",
    "quipped",
    "joked",
    "conceded",
    "countered",
    "complained",
    "cautioned",
    "testified",
    "vowed",
    "promised",
    "charged",
    "maintained",
    "repeated",
    "confirmed",
    "boasted",
    "lamented",
    # the present tense of live coverage ("Trump tweets", "he asks") and raised voices
    "declares",
    "announces",
    "replies",
    "responds",
    "stresses",
    "tweets",
    "admits",
    "recalls",
    "concedes",
    "counters",
    "cautions",
    "asserted",
    "asserts",
    "reiterated",
    "recounted",
    "wondered",
    "shouted",
    "shouts",
    "yelled",
    "yells",
    "screamed",
    "pleaded",
)
#: Verbs of the manner of speaking, in copy that avoids "said" twice ("“Go register,” Hale
#: implored."; "“…?” Mr. Reed fumed"). Most have other senses ("snapped a photo", "scoffed at
#: Reed's claim that …“…”"), so before a quotation they report only right before its opening
#: mark ("Hale sighed: “…”", "Biden blurted out, “…”").
MANNER_VERBS = (
    "implored",
    "begged",
    "fumed",
    "sighed",
    "blurted",
    "chimed",
    "snapped",
    "scoffed",
    "gushed",
    "mused",
    "marveled",
    "marvelled",
    "grumbled",
    "interjected",
    "whispered",
    "muttered",
    "murmured",
)
#: Lemmas of the verbs whose subject speaks the quotation in their clause (the "subject" rule).
#: Broader than :data:`REPORTING_VERBS`: verbs that frame words as someone's ("called it “…”",
#: "accusing him of “…”", "referred to him as a “…”"). Adapted from the Gender Gap Tracker's
#: quote verb list (NLP/main/rules/quote_verb_list.txt) minus verbs of thinking and perceiving.
SPEECH_LEMMAS = frozenset(
    """
    say tell add state stress note explain insist warn declare announce ask reply respond
    retort continue argue write tweet post emphasize emphasise acknowledge admit recall suggest
    observe remark comment conclude urge claim contend assert predict quip joke concede counter
    complain caution testify vow promise pledge charge maintain repeat confirm deny boast lament
    decry proclaim call describe refer label brand dub accuse blame criticize criticise
    denounce condemn praise dismiss deride mock chide blast slam attack question demand
    threaten recount reiterate affirm allege announce exclaim mention report reassure remind
    shout yell scream plead wonder assure liken rate rule deem chant sing chime convey relay
    """.split()
)
#: Nouns of what someone said: their owner speaks a quotation in the clause they head
#: ("Trump's claim that there were “thousands of shootings”").
SPEECH_NOUNS = frozenset(
    """
    claim statement remark comment promise pledge assertion warning boast quip suggestion
    tweet insistence contention accusation announcement declaration prediction vow threat
    assurance admission allegation denial pronouncement interjection
    """.split()
)
#: Nouns of people: a subject with one of these heads is a person the text describes (a
#: pronoun's search stops there unless the description is resolved); any other noun subject
#: ("the ad", "the lawsuit") is skipped.
PERSON_NOUNS = frozenset(
    """
    official spokesman spokeswoman spokesperson minister secretary president governor senator
    representative congressman congresswoman lawmaker leader director chairman chairwoman chair
    chief aide adviser advisor candidate nominee ambassador envoy mayor judge lawyer attorney
    general commissioner founder executive officer analyst expert professor author speaker man
    woman prosecutor sheriff manager member head diplomat politician activist coach king queen
    prince princess pope bishop priest father mother wife husband son daughter brother sister
    strategist pollster consultant economist scientist researcher student teacher worker owner
    resident witness victim partner organizer organiser host anchor reporter correspondent
    columnist editor publisher commander soldier officer chancellor premier mp vice
    administrator businessman businesswoman billionaire entrepreneur doctor nurse surgeon
    physician detective trooper paramedic firefighter pilot driver neighbor neighbour friend
    colleague boss
    """.split()
)
#: Title abbreviations and their words, so "Gov. Hale" fits "the governor".
TITLE_ABBREVIATIONS = {
    "gov": "governor",
    "sen": "senator",
    "rep": "representative",
    "reps": "representative",
    "congressman": "representative",
    "congresswoman": "representative",
    "pres": "president",
    "sec": "secretary",
    "secy": "secretary",
    "gen": "general",
    "lt": "lieutenant",
    "atty": "attorney",
    "amb": "ambassador",
    "supt": "superintendent",
    "us": "us",
    "u.s": "us",
}
#: Words of a title that make it another office: "Vice President", "Lt. Gov.", "Deputy Minister".
RANK_WORDS = frozenset({"vice", "lieutenant", "deputy", "assistant", "former"})
#: Words that tell a person's gender when the article uses them as the person's title or
#: apposition ("Mr. Reed", "the congressman"); no name list, no model.
GENDERED_WORDS = {
    **dict.fromkeys(
        "mr congressman spokesman chairman businessman king prince father son husband "
        "brother sir lord".split(),
        "m",
    ),
    **dict.fromkeys(
        "mrs ms miss congresswoman spokeswoman chairwoman businesswoman queen princess "
        "mother daughter wife sister lady dame".split(),
        "f",
    ),
}
_PRONOUN_GENDER = {"he": "m", "she": "f"}

_VERB = r"(?:" + "|".join(REPORTING_VERBS) + r")"
_MANNER = r"(?:" + "|".join(MANNER_VERBS) + r")"
_VERB_OR_MANNER = r"(?:" + "|".join(REPORTING_VERBS + MANNER_VERBS) + r")"
# A capitalized name of up to four words, particles allowed inside ("Staffan de Mistura").
_NAME = (
    r"(?:(?:Mr|Mrs|Ms|Dr)\.?\s+)?[A-Z][\w’'.-]*"
    r"(?:\s+(?:(?:de|al|van|von|bin|da|del|la|le)\s+)?[A-Z][\w’'.-]*){0,3}"
)
_PRONOUN = r"(?:he|she|He|She)"
_ADVERB = (
    r"(?:also|then|later|further|again|however|earlier|previously|once|quickly|simply"
    r"|(?!(?:family|ally|rally|belly|bully|jelly|reply|supply|assembly)\b)[a-z]+ly)"
)
_JOINERS = {"of", "the", "a", "an", "for", "and"}
_PARTICLES = {"de", "al", "van", "von", "bin", "da", "del", "la", "le", "-"}
_POSSESSIVE = re.compile(r"[’']s\b")
# a description's words: no conjunction or relative word ("the plan but noted" is no speaker)
_NOT_IN_DESCRIPTION = (
    r"(?!(?:but|and|or|who|which|that|while|as|also|then|has|have|had|will|would|could|did"
    r"|does|do)\b)"
)
_DESCRIPTION = (
    rf"(?:the|The|a|A)\s+(?:{_NOT_IN_DESCRIPTION}[\w.’'-]+\s+){{0,5}}?"
    rf"{_NOT_IN_DESCRIPTION}[\w’'-]+"
)
_WHO = rf"(?P<who>{_NAME}|{_PRONOUN}|{_DESCRIPTION})"
# after a verb, a description runs to the first preposition or punctuation mark
# ("said the Russian minister to the reporters")
_WHO_AFTER = (
    rf"(?P<who>{_NAME}|{_PRONOUN}|{_DESCRIPTION}"
    rf"(?=\s+(?:to|at|in|on|after|before|during|from|for|with)\b|[\s]*[,.;:!?]|\s*$))"
)
# an apposition between the speaker and the verb: ", the mayor of Springfield," — no quotation
# mark inside, at most 120 characters
_APPOSITION = r"\s*,[^,“”«»\"]{1,120}?,"
# after the quotation, one or two: "Matt Hale, a spokesman for Third Way, a research group, said"
_APPOSITIONS = r"(?:\s*,[^,“”«»\"]{1,120}?){1,2},"
# a title of capitalised words and a person noun before the name: "Boehner spokesman Michael
# Steel", "White House press secretary Jay Carney" (the name speaks, not Boehner)
_PERSON_NOUN = r"(?:" + "|".join(sorted(PERSON_NOUNS)) + r")"
_TITLED = rf"(?:[A-Z][\w.’'-]*\s+){{1,3}}(?:[a-z]+\s+){{0,2}}{_PERSON_NOUN}\s+"
# the same after a verb, where it must not run on: no full stop inside a capitalised word (an
# acronym's aside), no preposition, article or possessive among its lower-case words ("said Ann
# Hale. Senate leader Tom Reed…", "said Hale of former coach Tom Reed" name Hale, not Reed)
_TITLED_AFTER_VERB = (
    r"(?:(?:(?:[A-Z]\.){2,}|[A-Z][\w’'-]*)\s+){1,3}"
    r"(?:(?!(?:of|for|to|the|a|an|his|her|their|its|our|my|your|about|with|from|at|in|on|by|"
    r"and|or|as)\b)[a-z]+\s+){0,2}" + _PERSON_NOUN + r"\s+"
)
_LEAD = r"^[\s,.;:!?—–-]*"
# a US legislator's party and state after the name: "Sen. Ann Hale (D-Mo.) said"
_PARTY = r"(?:\s*\((?:[DRI]|Dem|Rep|Ind)\.?\s*[-–—]\s*[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?\))?"
# an epigraph or pull quote signed at the end of its line: "“…” — Ann Hale"
_SIGNED = re.compile(rf"^\s*[—–]\s*(?P<who>{_NAME})\s*$")
# right after the closing mark
_AFTER = [
    re.compile(rf"{_LEAD}{_TITLED}(?P<who>{_NAME}){_PARTY}(?:\s+{_ADVERB})?\s+{_VERB_OR_MANNER}\b"),
    re.compile(rf"{_LEAD}{_WHO}{_PARTY}(?:\s+{_ADVERB})?\s+{_VERB_OR_MANNER}\b"),
    re.compile(rf"{_LEAD}(?P<who>{_NAME}){_APPOSITIONS}(?:\s+{_ADVERB})?\s+{_VERB_OR_MANNER}\b"),
    # "responded NASA administrator Jim Bridenstine": the name after the title speaks
    re.compile(rf"{_LEAD}{_VERB_OR_MANNER}\s+(?:the\s+)?{_TITLED_AFTER_VERB}(?P<who>{_NAME})"),
    re.compile(rf"{_LEAD}{_VERB_OR_MANNER}\s+{_WHO_AFTER}"),
    re.compile(rf"{_LEAD}according\s+to\s+{_WHO_AFTER}"),
    _SIGNED,
]
# before the opening mark, in the same sentence; the greedy ".*" takes the reporting clause
# nearest the quotation ("Kerry said ..., and Lavrov added: “…”" is Lavrov's)
_BEFORE = [
    re.compile(
        rf"^.*(?:^|[\s(]){_WHO}{_PARTY}(?:{_APPOSITION})?(?:\s+{_ADVERB})?\s+(?P<verb>{_VERB})\b"
        rf"[^.!?“”«»\"]*$",
        re.DOTALL,
    ),
    re.compile(rf"^(?:.*[\s(])?[Aa]ccording\s+to\s+{_WHO_AFTER}[^.!?“”«»\"]*$", re.DOTALL),
    re.compile(
        rf"^.*(?:^|[\s(]){_WHO}{_PARTY}(?:{_APPOSITION})?(?:\s+{_ADVERB})?\s+"
        rf"(?P<verb>{_MANNER})(?:\s+(?:out|in|back|up))?\s*[,:]?\s*$",
        re.DOTALL,
    ),
]
#: A name (and "of" a place) and one or two appositions before the verb, the first such name of
#: the sentence: "Rep. Ann Hale of Ohio, the ranking Democrat on the committee, urged …".
_BEFORE_APPOSED = re.compile(
    rf"^.*?(?:^|[\s(])(?P<who>{_NAME})(?:\s+of\s+{_NAME})?{_PARTY}{_APPOSITIONS}"
    rf"(?:\s+{_ADVERB})?\s+"
    rf"(?P<verb>{_VERB})\b[^.!?“”«»\"]*$",
    re.DOTALL,
)
_SENTENCE_END = re.compile(r"[.!?][”»\"]?\s+(?=\S)")
_DESCRIPTION_ONLY = re.compile(rf"^{_DESCRIPTION}$")
_HONORIFICS = "|".join(h.capitalize() for h in HONORIFICS)  # the entity pass's: Mr, Mrs, Dr…
_HONORIFIC = re.compile(rf"^(?:{_HONORIFICS})\.?$")
#: The entity pass's titles of one word written in full ("President", "Senator", "Rabbi"): a
#: one-word name after one is a person's surname, not a tagging error.
_ONE_WORD_TITLES = frozenset(t for t in TITLES if " " not in t and len(t) > 3)
#: Abbreviated titles before a name that the entity pass does not strip from mentions.
_MORE_TITLES = {"Reps", "Amb", "Sec", "Secy"}
#: Right before a name, an honorific or a member's title: "Mr. Weiner", "Sen. Kay Hutchison",
#: "Lt. Gov. Dan Hale", "Congressman Anthony Weiner" — a person.
_AFTER_HONORIFIC = re.compile(
    rf"(?:\b(?:{_HONORIFICS})\.?"
    # the entity pass's abbreviated titles, and a few more that only name people before a name
    + r"|\b(?:"
    + "|".join(sorted({t.rstrip(".").capitalize() for t in ABBREVIATED_TITLES} | _MORE_TITLES))
    + r")\."
    r"|\b(?:Congressman|Congresswoman|Senator|Representative|Governor))\s+$"
)
#: How many subjects back a pronoun's search goes, and how many paragraphs.
PRONOUN_SUBJECTS_BACK = 8
PRONOUN_PARAGRAPHS_BACK = 3
#: How many person mentions (and subjects) the fallback to the nearest name of a he/she's
#: gender may pass; beyond, it refuses: too many names to be sure of one, and one very long
#: paragraph of quotations must not cost its length for every he/she.
PRONOUN_NAMES_BACK = 40


def _words(text: str) -> list[str]:
    """Lower-case words of a title or description, abbreviations spelled out ("Gov." → governor)."""
    out = []
    for w in re.findall(r"[A-Za-z][\w.’'-]*", text):
        w = w.lower().rstrip(".’'").replace("’", "'")
        w = re.sub(r"'s$", "", w)
        if w.startswith("ex-") and len(w) > 3:  # "ex-Gov." is a former governor
            out.append("former")
            w = w[3:]
        out.append(TITLE_ABBREVIATIONS.get(w, w))
    return out


@dataclass
class _Person:
    """What the article says about one canonical PERSON entity (outside quotations)."""

    entity: str
    first: int  # offset of its first mention
    full: bool = False  # named with two words or more, or with a title, somewhere
    gender: str = ""  # "m", "f", "" unknown, "?" conflicting evidence
    words: set[str] = field(default_factory=set)  # title and apposition words

    def add_gender(self, g: str) -> None:
        if g and self.gender in ("", g):
            self.gender = g
        elif g:
            self.gender = "?"


@dataclass(frozen=True)
class _Subject:
    """A clause subject outside quotations: who it is, as far as the article says."""

    start: int
    end: int
    kind: str  # person, pronoun, description, unknown (a name of nobody we know), several
    # (a person and another, "Reed and Bakker"), organisation (one named, speaking), other
    entity: str = ""  # person: the entity
    gender: str = ""  # pronoun: m/f; description: m/f told by its head word, p plural
    text: str = ""  # description: the words as written
    sentence: int = -1  # offset of its sentence
    embedded: bool = False  # in a clause reported by a speech verb, or a relative clause


@dataclass
class _Context:
    """Sorted indexes of one article, built once: every look-up is a bisect."""

    article: Article
    doc: Doc | None
    spans: list[tuple[int, int]]  # quotations (start inside the marks, end at the closing mark)
    span_starts: list[int]
    seg_starts: list[int]
    mentions: list[tuple[int, int, str, str]]  # (start, end, entity, label), by start
    mention_starts: list[int]
    people: dict[str, _Person]
    person_at: list[tuple[int, int, str]]  # PERSON mentions outside quotations
    person_starts: list[int]
    pronouns: list[int]  # offsets of he/she/him/her outside quotations
    subjects: list  # spaCy tokens while indexing, then _Subject, by start
    subject_starts: list[int]
    by_word: dict[str, list[tuple[int, str]]]  # description word -> (first offset, entity)
    by_surname: dict[str, set[str]] = field(default_factory=dict)  # last word -> entities
    labels: dict[str, str] = field(default_factory=dict)  # entity -> label (its first mention's)
    # an organisation's name word (singular) -> {entity: offset of its first mention}
    org_words: dict[str, dict[str, int]] = field(default_factory=dict)
    token_starts: list[int] = field(default_factory=list)  # doc token offsets, for spans
    resolved: dict[int, tuple[str, str]] = field(default_factory=dict)  # pronoun memo
    # how many he's ("m") and she's ("f") were resolved to each entity
    pronoun_genders: dict[str, Counter] = field(default_factory=dict)
    cursor: int = 0  # subjects before it have their pronouns resolved

    def inside_quote(self, offset: int) -> bool:
        i = bisect.bisect_right(self.span_starts, offset) - 1
        # offsets from the opening mark (start - 1) to the closing mark (end) are inside
        return i >= 0 and self.spans[i][0] - 1 <= offset <= self.spans[i][1]

    def segment(self, offset: int) -> int:
        return max(bisect.bisect_right(self.seg_starts, offset) - 1, 0)


#: Abbreviations before a name that end with a full stop but no sentence ("Rev.", "Capt.").
_OTHER_ABBREVIATIONS = frozenset(
    "rev hon capt col sgt adm maj cmdr det insp cpl pvt st mt ft jr sr prof".split()
)
_TITLE_BEFORE = re.compile(r"((?:(?:[A-Z][\w.’'-]*|of)[ \t]+){0,6})$")


def _title_before(text: str, start: int) -> list[str]:
    """Return the capitalised words written right before a name at ``start`` (its title).

    Never across a line or a sentence: in "… a former Miss Universe. Trump said" Trump has
    no title. A word with a full stop ends the title unless it is an abbreviation ("Gov.",
    "Mr.", "U.S.", an initial).
    """
    found = _TITLE_BEFORE.search(text[max(0, start - 80) : start])
    words = found.group(1).split() if found else []
    for i in range(len(words) - 1, -1, -1):
        word = words[i]
        bare = word.rstrip(".").lower().split("-")[-1]  # "Ex-Gov." is an abbreviation
        if word.endswith(".") and not (
            _HONORIFIC.match(word)
            or bare in TITLE_ABBREVIATIONS
            or bare in _OTHER_ABBREVIATIONS
            or "." in bare
            or len(bare) == 1
        ):
            return words[i + 1 :]
    return words


def _context(
    article: Article, quotes: Sequence, mentions: pd.DataFrame, doc: Doc | None
) -> _Context:
    spans = sorted((q.start, q.end) for q in quotes)
    ctx = _Context(
        article=article,
        doc=doc,
        spans=spans,
        span_starts=[s - 1 for s, _ in spans],
        seg_starts=[s.start for s in article.segments],
        mentions=[],
        mention_starts=[],
        people={},
        person_at=[],
        person_starts=[],
        pronouns=[],
        subjects=[],
        subject_starts=[],
        by_word={},
    )
    rows = sorted(
        zip(mentions["start"], mentions["end"], mentions["entity"], mentions["entity_label"])
    )
    text = article.text
    # an entity written after Mr, Mrs, Ms, Miss, Dr or an abbreviated title (Sen., Gov., …)
    # outside quotations is a person, whatever label the entity pass gave it across the
    # folder ("Mr. Weiner" voted ORG)
    honoured = {
        str(n)
        for s, _, n, _ in rows
        if _AFTER_HONORIFIC.search(text[max(0, int(s) - 16) : int(s)])
        and not ctx.inside_quote(int(s))
    }
    if doc is not None:
        ctx.token_starts = [t.idx for t in doc]
        honoured |= _described_as_people(ctx, doc, rows)
    ctx.mentions = [
        (int(s), int(e), str(n), "PERSON" if str(n) in honoured else str(lab))
        for s, e, n, lab in rows
    ]
    ctx.mention_starts = [m[0] for m in ctx.mentions]
    for start, _, entity, label in ctx.mentions:
        ctx.labels.setdefault(entity, label)
        if label == "ORG":
            for w in _words(entity):
                ctx.org_words.setdefault(_singular(w), {}).setdefault(entity, start)
    for start, end, entity, label in ctx.mentions:
        if label != "PERSON" or ctx.inside_quote(start):
            continue
        ctx.person_at.append((start, end, entity))
        person = ctx.people.setdefault(entity, _Person(entity, start))
        surface = text[start:end]
        if len(surface.split()) > 1:
            person.full = True
        # the title written before the name ("Russian Foreign Minister", "U.S. Secretary of
        # State", "Mr."): its words describe the person, and may tell the gender
        for word in _title_before(text, start):
            g = GENDERED_WORDS.get(word.lower().rstrip("."))
            if g:
                person.add_gender(g)
            if (
                _HONORIFIC.match(word)
                or word.lower().rstrip(".") in TITLE_ABBREVIATIONS
                or word.lower() in _ONE_WORD_TITLES
            ):
                person.full = True  # "President Trump" is a person, whom "he" may take up
            person.words.update(w for w in _words(word) if w != "of")
    ctx.person_starts = [p[0] for p in ctx.person_at]
    if doc is not None:
        _parse_index(ctx, doc)
    else:
        for m in re.finditer(r"\b(?:he|she|He|She)\b", text):
            if not ctx.inside_quote(m.start()):
                ctx.pronouns.append(m.start())
    for person in ctx.people.values():
        words = person.entity.split()
        if len(words) > 1:
            ctx.by_surname.setdefault(words[-1].casefold(), set()).add(person.entity)
    if doc is not None:
        tokens = ctx.subjects
        ctx.subjects = sorted(
            (
                replace(_subject(ctx, t), sentence=t.sent.start_char, embedded=_embedded(t))
                for t in tokens
            ),
            key=lambda s: s.start,
        )
        ctx.subject_starts = [s.start for s in ctx.subjects]
    return ctx


#: Nouns of people that also describe companies ("Harbor Point Holdings, the owner of the
#: arena"), and last words of companies' names: no evidence of a person.
_ALSO_OF_COMPANIES = frozenset(
    "owner publisher partner member host leader founder head chief executive manager "
    "organizer organiser".split()
)
_COMPANY_WORDS = frozenset(
    "holdings group partners media inc corp co llc ltd company bank fund capital".split()
)


def _described_as_people(ctx: _Context, doc: Doc, rows: list) -> set[str]:
    """Return the entities of two words or more that an apposition calls a person.

    "Eswar Prasad, a trade professor at Cornell, said": the model may tag the name an
    organisation, but its apposition's head is a noun of people (:data:`PERSON_NOUNS`).
    """
    found = set()
    for start, end, entity, label in rows:
        start, end = int(start), int(end)
        if label == "PERSON" or len(str(entity).split()) < 2 or ctx.inside_quote(start):
            continue
        tokens = _span(ctx, start, end)
        if not len(tokens):
            continue
        head = tokens.root
        if str(entity).split()[-1].lower().rstrip(".") in _COMPANY_WORDS:
            continue
        if any(
            c.dep_ == "appos"
            and c.pos_ == "NOUN"
            and c.lemma_.lower() in PERSON_NOUNS - _ALSO_OF_COMPANIES
            for c in head.children
        ):
            found.add(str(entity))
    return found


def _index_titles(ctx: _Context, titles: Mapping[str, Set[str]] | None) -> None:
    """Index each person's title and apposition words, with those the folder gives them."""
    ctx.by_word = {}
    for person in ctx.people.values():
        person.words |= set((titles or {}).get(person.entity, ()))
        for w in person.words:
            ctx.by_word.setdefault(w, []).append((person.first, person.entity))


def _folder_titles(contexts: Sequence[_Context]) -> dict[str, set[str]]:
    """Gather the title and apposition words each person is given in any article of the folder."""
    titles: dict[str, set[str]] = {}
    for ctx in contexts:
        for person in ctx.people.values():
            titles.setdefault(person.entity, set()).update(person.words)
    return titles


def _span(ctx: _Context, start: int, end: int):
    """Return the doc's tokens overlapping [start, end) (``Doc.char_span`` costs O(doc))."""
    first = max(bisect.bisect_right(ctx.token_starts, start) - 1, 0)
    last = bisect.bisect_left(ctx.token_starts, end)
    return ctx.doc[first:last]


def _by_surname(ctx: _Context, name: str) -> str:
    """Return the one person whose full name ends in ``name`` ("Bakker"), or ""."""
    found = ctx.by_surname.get(clean_surface(name).casefold(), set())
    return next(iter(found)) if len(found) == 1 else ""


#: Longest mention, in characters, looked back for when asking what overlaps an offset.
_LONGEST_MENTION = 200


def _overlapping(ctx: _Context, start: int, end: int) -> list[tuple[int, int, str, str]]:
    """Return the mentions overlapping [start, end), by start."""
    i = bisect.bisect_left(ctx.mention_starts, end) - 1
    found = []
    while i >= 0 and ctx.mentions[i][0] > start - _LONGEST_MENTION:
        if ctx.mentions[i][1] > start:
            found.append(ctx.mentions[i])
        i -= 1
    return found[::-1]


def _mention_entity(ctx: _Context, start: int, end: int) -> str:
    """Return the entity of a PERSON mention overlapping [start, end), "" if none."""
    for _, _, entity, label in _overlapping(ctx, start, end):
        if label == "PERSON":
            return entity
    return ""


def _title_words(token: Token) -> list[Token]:
    """Return the words of a title or apposition head: left modifiers and "of/from X" objects."""
    words = [t for t in token.lefts if t.dep_ in ("compound", "amod", "nmod", "npadvmod")]
    words.append(token)
    for prep in token.rights:
        if prep.dep_ == "prep" and prep.lower_ in ("of", "from", "for"):
            words += [t for t in prep.subtree if t.pos_ in ("PROPN", "NOUN", "ADJ")]
    return words


def _parse_index(ctx: _Context, doc: Doc) -> None:
    """Titles, appositions and genders of people; subjects and pronouns outside quotations."""
    text = ctx.article.text
    for token in doc:
        if ctx.inside_quote(token.idx):
            continue
        lower = token.lower_
        if lower in ("he", "she", "him", "her"):
            ctx.pronouns.append(token.idx)
        entity = _mention_entity(ctx, token.idx, token.idx + len(token)) if token.ent_type_ else ""
        # a PERSON mention's head token: its titles ("Russian Foreign Minister") and
        # appositions ("Dan Hale, the governor of Ohio"; "the aide, Eva Bakker")
        if entity and token.dep_ != "compound" and entity in ctx.people:
            person = ctx.people[entity]
            described: list[Token] = []
            for left in token.lefts:
                if left.dep_ in ("compound", "amod", "nmod"):
                    described += [t for t in left.subtree if t.ent_type_ != "PERSON"]
            for right in token.rights:
                if right.dep_ == "appos":
                    described += _title_words(right)
                elif right.dep_ == "prep" and right.lower_ in ("of", "from"):
                    # "Dan Hale of Ohio", never "Reid from President Obama's support": the
                    # object must be a proper noun, and no person's name is a title
                    described += [
                        t
                        for obj in right.children
                        if obj.dep_ == "pobj" and obj.pos_ == "PROPN"
                        for t in obj.subtree
                        if t.pos_ == "PROPN" and t.ent_type_ != "PERSON"
                    ]
            if token.dep_ == "appos" and token.head.pos_ == "NOUN":
                described += _title_words(token.head)
            for t in described:
                for w in _words(t.text):
                    person.words.add(w)
                    if GENDERED_WORDS.get(w) or GENDERED_WORDS.get(t.lower_):
                        person.add_gender(GENDERED_WORDS.get(t.lower_) or GENDERED_WORDS[w])
            # a title right before the name that the parser did not attach ("Gov. Dan Hale"),
            # never a noun earlier in the clause ("when the man asks Hale")
            before = text[max(0, token.sent.start_char) : token.idx].split(",")[-1].split()
            run = []
            for raw in reversed(before[-4:]):
                words = _words(raw)
                if not words or not (
                    raw[:1].isupper() or words[-1] in PERSON_NOUNS or words[-1] in RANK_WORDS
                ):
                    break
                run[:0] = words
            for w in run:
                if w in TITLE_ABBREVIATIONS.values() or w in PERSON_NOUNS or w in RANK_WORDS:
                    person.words.add(w)
        if token.dep_ in ("nsubj", "nsubjpass"):
            ctx.subjects.append(token)  # classified once every person is known


def _embedded(token: Token) -> bool:
    """Tell whether a subject's clause is reported by a speech verb or is a relative clause.

    "Ryan claimed [the president offers little]", "a directness [that Obama did not]": such a
    subject is less likely the he/she of the next sentence than the main clause's.
    """
    verb = token.head
    return verb.dep_ == "relcl" or (
        verb.dep_ == "ccomp" and verb.head.lemma_.lower() in SPEECH_LEMMAS
    )


def _subject(ctx: _Context, token: Token) -> _Subject:
    """Classify a clause subject: a person's name, he/she, a person description, or other."""
    start, end = token.idx, token.idx + len(token)
    lower = token.lower_
    if lower in _PRONOUN_GENDER:
        return _Subject(start, end, "pronoun", gender=_PRONOUN_GENDER[lower])
    entity = _mention_entity(ctx, start, end)
    if entity and any(
        c.dep_ == "conj"
        and (
            _mention_entity(ctx, c.idx, c.idx + len(c))
            or (c.pos_ == "NOUN" and c.lemma_.lower() in PERSON_NOUNS)
        )
        for c in token.children
    ):
        # "Reed and Eva Bakker are writing": no he/she is either of them alone
        return _Subject(start, end, "several")
    if entity:
        return _Subject(start, end, "person", entity=entity)
    for right in _apposed(token):  # "the aide, Eva Bakker, wrote"
        entity = _mention_entity(ctx, right.idx, right.idx + len(right))
        if entity:
            return _Subject(start, end, "person", entity=entity)
    entity = _named_as(ctx, token)
    if entity:  # "A freshman named Eva Bakker posted it"
        return _Subject(start, end, "person", entity=entity)
    if (
        token.text[:1].isupper()
        and token.ent_type_ in ("", "PERSON")
        and not _overlapping(ctx, start, end)
    ):
        # a name the entity pass missed (the tagger may call it a noun): the one person of that
        # surname; a proper noun we cannot place is someone unknown (but "the Constitution", a
        # LAW to the tagger, is nobody)
        entity = _by_surname(ctx, token.text)
        if entity or token.pos_ == "PROPN":
            return _Subject(start, end, "person" if entity else "unknown", entity=entity)
    surname = ctx.by_surname.get(clean_surface(token.text).casefold(), set())
    if token.pos_ == "PROPN" and surname and not any(c.dep_ == "compound" for c in token.children):
        # a surname the entity pass gave another label, or left unlinked because several people
        # bear it ("Ford" of John and Dale Ford): one of them, so a he/she stops here
        if len(surname) == 1:
            return _Subject(start, end, "person", entity=next(iter(surname)))
        return _Subject(start, end, "unknown")
    if token.head.lemma_.lower() in SPEECH_LEMMAS and any(
        m[3] in ("ORG", "NORP", "GPE") for m in _overlapping(ctx, start, end)
    ):
        # "The CDC assured the public": an organisation speaking, who may own the next words
        return _Subject(start, end, "organisation")
    if token.pos_ == "NOUN" and token.lemma_.lower() in PERSON_NOUNS:
        first = min(t.idx for t in token.subtree if t.i <= token.i)
        # "the Ohio governor", "The congressman"; its gender, if the head word tells it ("his
        # mother"), or "p" for several people ("Reporters"), which no he/she refers to
        plural = token.tag_ in ("NNS", "NNPS")
        gender = "p" if plural else GENDERED_WORDS.get(token.lemma_.lower(), "")
        return _Subject(
            first, end, "description", gender=gender, text=ctx.article.text[first:end].strip()
        )
    return _Subject(start, end, "other")


#: Nouns of people beyond :data:`PERSON_NOUNS` that "named …" follows in news copy.
_YOUNG_PEOPLE = frozenset(
    "freshman sophomore junior senior girl boy child teen teenager person individual".split()
)
#: Participles that give a noun its bearer's name: "a freshman named Eva Bakker".
_NAMING_PARTICIPLES = frozenset({"name", "call", "identify"})


def _apposed(token: Token) -> list[Token]:
    """Return the appositions of ``token`` that name it ("the aide, Eva Bakker, wrote").

    Not a name that opens a reduced relative clause on the noun, which the parser may take for
    an apposition: in "The company Tom Reed founded has said …" Reed founded the company.
    """
    return [
        right
        for right in token.rights
        if right.dep_ == "appos"
        and not (
            right.right_edge.i + 1 < len(right.doc)
            and right.doc[right.right_edge.i + 1].pos_ == "VERB"
            and right.doc[right.right_edge.i + 1].dep_ in ("acl", "relcl")
            and right.doc[right.right_edge.i + 1].head.i == token.i
        )
    ]


def _named_as(ctx: _Context, token: Token) -> str:
    """Return the person a noun is said to be by "named …", "called …" or "identified as …".

    Only a noun of people ("a freshman named Eva Bakker"), not "a ship named the Eva Bakker".
    """
    if token.lemma_.lower() not in PERSON_NOUNS | _YOUNG_PEOPLE:
        return ""
    for acl in token.rights:
        if acl.dep_ != "acl" or acl.lemma_.lower() not in _NAMING_PARTICIPLES:
            continue
        for child in acl.children:
            target = child
            if child.dep_ == "prep" and child.lower_ == "as":  # "identified as Eva Bakker"
                target = next((c for c in child.children if c.dep_ == "pobj"), child)
            if target.dep_ in ("oprd", "dobj", "xcomp", "attr", "pobj", "npadvmod"):
                entity = _mention_entity(ctx, target.idx, target.idx + len(target))
                if entity and ctx.people.get(entity) is not None:
                    return entity
    return ""


# --------------------------------------------------------------------------------------------
# Stage 2: which person a speaker mention is


def _resolve_description(
    ctx: _Context, who: str, at: int, fallback: bool = True
) -> tuple[str, str]:
    """Return (entity, how) for a description at offset ``at`` (module docstring).

    ``fallback``: when no title or apposition ties a definite description to one person, take
    the person the subjects before are about (:func:`_description_from_subjects`).
    """
    words = _words(who)
    if words[:1] in (["a"], ["an"]):
        return "", "description, unresolved"  # "a young man" is someone not named before
    # the head noun comes before any "of", "for", "from": "Secretary of State", "envoy for Syria"
    cut = next((i for i, w in enumerate(words) if w in ("of", "for", "from", "to")), len(words))
    content = [w for w in words[:cut] if w not in ("the", "a", "an", "and")]
    if not content:
        return "", "description, unresolved"
    head = content[-1]
    if head not in PERSON_NOUNS and head not in TITLE_ABBREVIATIONS.values():
        if words[:1] == ["the"] and len(content) == 1:
            # "the commission" is the one organisation named before whose name holds the word
            # ("the Commission on Presidential Debates"); "the letter", "the suit" are nobody
            return _organisation_described(ctx, head, at)
        return "", "description, unresolved"
    capitalised = {
        w
        for raw, w in zip(re.findall(r"[A-Za-z][\w.’'-]*", who), words)
        if raw[:1].isupper() and w not in ("the", "a", "an") and w != head
    }
    # a vice president is not "the president", nor "the vice president" the president, nor a
    # former governor "the governor": the rank words must agree both ways
    ranks = RANK_WORDS & set(words)
    candidates = {
        entity
        for first, entity in ctx.by_word.get(head, [])
        if first < at
        and capitalised <= ctx.people[entity].words
        and RANK_WORDS & ctx.people[entity].words == ranks
    }
    if len(candidates) == 1:
        return candidates.pop(), "description"
    if candidates:
        return "", "description, ambiguous"
    if words[:1] == ["the"] and ctx.doc is not None and fallback:
        # no title ties it to anyone: "the New York businessman" is who the sentences before
        # were about, as a he/she would be (the same subjects, the same refusals)
        gender = GENDERED_WORDS.get(head, "")
        entity = _description_from_subjects(ctx, at, gender)
        if entity:
            return entity, "description, subject"
    return "", "description, unresolved"


def _organisation_described(ctx: _Context, head: str, at: int) -> tuple[str, str]:
    """Return (entity, how) for "the <head>": the one ORG named before ``at`` whose name holds it.

    Mentions inside quotations count too; two organisations of that word are refused.
    """
    names = {e for e, first in ctx.org_words.get(_singular(head), {}).items() if first < at}
    if len(names) == 1:
        return names.pop(), "description, organisation"
    return "", "description, ambiguous" if names else "description, unresolved"


def _label_of(ctx: _Context, entity: str) -> str:
    """Return the label of a speaker we resolved: PERSON, or an organisation's own label."""
    if not entity or entity in ctx.people:
        return "PERSON" if entity else ""
    return ctx.labels.get(entity, "")


def _description_from_subjects(ctx: _Context, at: int, gender: str) -> str:
    """Return the person a definite description at ``at`` takes up from the sentence before.

    Only from its own sentence or the one before, never when the description speaks to "him"
    or "her" ("the first thing the surgeon told her"), and only when every subject there
    outside quotations (he/she resolved; "officials" and the like left aside) is one person
    written in full, of the description's gender when its head word has one: "Trump cited
    problems. “…,” the New York businessman said" is Trump; with anyone else, or a description
    or name we cannot place, as a subject there, no one.
    """
    tokens = _span(ctx, at, at + 1)
    if not len(tokens):
        return ""
    verb = next((t.head for t in tokens[0].sent if t.dep_ == "nsubj" and t.idx >= at), None)
    if verb is not None and any(
        c.dep_ in ("dobj", "dative") and c.lower_ in ("him", "her") for c in verb.children
    ):
        return ""  # "the first thing the surgeon told her": someone speaking to the person
    sentence = tokens[0].sent
    earliest = ctx.doc[sentence.start - 1].sent.start_char if sentence.start else 0
    i = bisect.bisect_left(ctx.subject_starts, at) - 1
    found = ""
    while i >= 0 and ctx.subjects[i].sentence >= earliest:
        s = ctx.subjects[i]
        i -= 1
        if ctx.inside_quote(s.start) or s.kind in ("other", "organisation"):
            continue
        if s.kind == "description" and s.gender == "p":
            continue  # "reporters", "officials": not the one person described
        if s.kind == "person":
            person = ctx.people.get(s.entity)
            if person is None or not person.full:
                return ""
            entity, g = s.entity, person.gender
        elif s.kind == "pronoun":
            entity, g = ctx.resolved.get(s.start, ("", ""))[0], s.gender
        else:
            return ""
        if not entity or (gender and g not in ("", gender)) or (found and entity != found):
            return ""
        found = entity
    return found


def _resolve_pronoun(ctx: _Context, at: int, pronoun: str) -> tuple[str, str]:
    """Return (entity, how) for he/she at offset ``at``: the nearest compatible subject."""
    gender = _PRONOUN_GENDER[pronoun.lower()]
    if ctx.doc is None:  # no parse: the nearest PERSON named before, of no other gender
        i = bisect.bisect_left(ctx.person_starts, at) - 1
        while i >= 0:
            person = ctx.people[ctx.person_at[i][2]]
            if person.gender in ("", gender):
                # a one-word name never written in full may be no person ("Twitter"): refuse
                return (person.entity, "pronoun") if person.full else ("", "pronoun, unresolved")
            i -= 1
        return "", "pronoun, unresolved"
    # the subject pronouns before this one are resolved first, in reading order, so a chain of
    # "he ... he ... he" is followed without recursion
    while ctx.cursor < len(ctx.subjects) and ctx.subjects[ctx.cursor].start < at:
        s = ctx.subjects[ctx.cursor]
        ctx.cursor += 1
        if s.kind == "pronoun" and s.start not in ctx.resolved:
            _pronoun_at(ctx, s.start, s.gender)
    if at not in ctx.resolved:
        _pronoun_at(ctx, at, gender)
    return ctx.resolved[at]


def _pronoun_at(ctx: _Context, at: int, gender: str) -> None:
    """Resolve the he/she at ``at``: by subjects, else by the nearest name of its gender."""
    entity, how, blocked = _pronoun_from_subjects(ctx, at, gender)
    if not entity and not blocked:
        entity = _pronoun_from_names(ctx, at, gender)
        how = "pronoun" if entity else how
    if entity:
        ctx.pronoun_genders.setdefault(entity, Counter())[gender] += 1
    ctx.resolved[at] = (entity, how)


#: Labels of the names an "it" that speaks may stand for: an organisation, a country.
_IT_LABELS = ("ORG", "GPE")


def _organisation_it(ctx: _Context, at: int) -> str:
    """Return the organisation an "it" that speaks at ``at`` stands for, or "".

    The nearest earlier subject of its sentence or the sentence before, outside quotations,
    that is no person and no other "it": an organisation or country named there ("The Security
    Council condemned the test, which it called “…”"); any other subject ("the ad", "the
    report") may be what "it" is, so the answer is "", and so may a thing named as an object
    after the subject of the sentence before ("Harbor Bank hired a firm. It called …").
    """
    doc = ctx.doc
    tokens = _span(ctx, at, at + 2) if doc is not None else []
    if not len(tokens):
        return ""
    sentence = tokens[0].sent
    first = doc[sentence.start - 1].sent.start if sentence.start > 0 else sentence.start
    for token in reversed(doc[first : tokens[0].i]):
        if token.dep_ not in ("nsubj", "nsubjpass") or ctx.inside_quote(token.idx):
            continue
        end = token.idx + len(token)
        if token.lower_ in ("it", "who", "which", "that") or token.lower_ in _PRONOUN_GENDER:
            continue
        if _mention_entity(ctx, token.idx, end):
            continue  # a person is never "it"
        named = [m for m in _overlapping(ctx, token.idx, end) if m[3] in _IT_LABELS]
        if not named:
            return ""
        if token.sent.start != sentence.start and any(
            t.pos_ == "NOUN"
            and t.tag_ == "NN"
            and t.dep_ in ("dobj", "obj", "pobj")
            and not ctx.inside_quote(t.idx)
            for t in doc[token.i + 1 : tokens[0].i]
        ):
            return ""  # "Harbor Bank hired a firm. It called …": the firm may be "it"
        return named[-1][2]
    return ""


def _known_gender(ctx: _Context, entity: str) -> str:
    """Return the gender the article gives ``entity``: titles, or the he/she resolved to them."""
    person = ctx.people[entity]
    genders = {person.gender} - {""} | set(ctx.pronoun_genders.get(entity, ()))
    return genders.pop() if len(genders) == 1 else ("?" if genders else "")


def _maybe_nobody(ctx: _Context, entity: str) -> bool:
    """Tell whether ``entity`` may be no person: one word, never in full or titled, no gender.

    The entity pass links a short name to the full name it shortens, so a one-word PERSON left
    alone is mostly a tagging error ("Twitter", "Islam").
    """
    return not ctx.people[entity].full and _known_gender(ctx, entity) == ""


def _pronoun_from_names(ctx: _Context, at: int, gender: str) -> str:
    """Return the person named nearest before ``at`` whom the article gives its gender, or "".

    For a he/she whose subjects say nothing ("Enter Ms. Bakker, who …. “…,” she wrote"): the
    nearest PERSON mention outside quotations, in this paragraph or the one before, passing
    people of the other known gender, must be written in full and of the pronoun's gender
    (Mr/Ms…, a gendered title, or a he/she already resolved to them); nobody else of that or an
    unknown gender may be named from the start of its paragraph to the pronoun, and no subject
    in between may be a person we cannot name, a name of that gender, or a he/she of it. A
    one-word name never written in full and of no known gender counts as nobody
    (:func:`_maybe_nobody`).
    """
    paragraph = ctx.segment(at)
    i = bisect.bisect_left(ctx.person_starts, at) - 1
    stop = i - PRONOUN_NAMES_BACK
    while i >= 0:
        if i == stop:
            return ""  # too many names to be sure of one (and the cost stays bounded)
        start, end, entity = ctx.person_at[i]
        if paragraph - ctx.segment(start) > 1:
            return ""
        known = _known_gender(ctx, entity)
        if (known in ("m", "f") and known != gender) or _maybe_nobody(ctx, entity):
            i -= 1
            continue
        if known != gender or not ctx.people[entity].full:
            return ""
        break
    else:
        return ""
    since = ctx.article.segments[ctx.segment(start)].start
    j = bisect.bisect_left(ctx.person_starts, since)
    if bisect.bisect_left(ctx.person_starts, at) - j > PRONOUN_NAMES_BACK:
        return ""
    k = bisect.bisect_left(ctx.subject_starts, end)
    if bisect.bisect_left(ctx.subject_starts, at) - k > PRONOUN_NAMES_BACK:
        return ""
    while j < len(ctx.person_starts) and ctx.person_starts[j] < at:
        other = ctx.person_at[j][2]
        if (
            other != entity
            and _known_gender(ctx, other) in ("", "?", gender)
            and not _maybe_nobody(ctx, other)
        ):
            return ""  # two people it may be
        j += 1
    while k < len(ctx.subject_starts) and ctx.subject_starts[k] < at:
        s = ctx.subjects[k]
        k += 1
        if ctx.inside_quote(s.start) or s.kind in ("other", "organisation"):
            continue
        if s.kind == "pronoun" and s.gender != gender:
            continue
        if s.kind == "person" and _known_gender(ctx, s.entity) in {"m", "f"} - {gender}:
            continue
        return ""
    return entity


def _pronoun_from_subjects(ctx: _Context, at: int, gender: str) -> tuple[str, str, bool]:
    """Search the subjects before ``at`` (its pronouns already resolved) for the antecedent.

    Returns (entity, how, whether the search stopped at a subject that may be the antecedent).
    """
    paragraph = ctx.segment(at)
    i = bisect.bisect_left(ctx.subject_starts, at) - 1
    looked = 0
    while i >= 0 and looked < PRONOUN_SUBJECTS_BACK:
        s = ctx.subjects[i]
        if paragraph - ctx.segment(s.start) > PRONOUN_PARAGRAPHS_BACK:
            break
        i -= 1
        if ctx.inside_quote(s.start):
            continue
        looked += 1
        verdict = _antecedent(ctx, s, gender)
        if verdict is None:
            continue
        if s.embedded:
            # the main clause of the same sentence may name another person the he/she fits:
            # after "Ryan claimed the president offers little" it is Ryan, after "Reed said
            # Hall stole the money" Hall; two candidates are no answer
            j = i
            while j >= 0 and ctx.subjects[j].sentence == s.sentence:
                main = ctx.subjects[j]
                j -= 1
                if main.embedded or ctx.inside_quote(main.start):
                    continue
                found = _antecedent(ctx, main, gender)
                if found is not None:
                    if found[0] and found[0] != verdict[0]:
                        return ("", "pronoun, ambiguous", True)
                    break
        return (*verdict, True)
    return ("", "pronoun, unresolved", False)


def _antecedent(ctx: _Context, s: _Subject, gender: str) -> tuple[str, str] | None:
    """Return what subject ``s`` says about a he/she of ``gender``.

    None: pass it; else (entity, how): the search stops there ("" and a refusal when it cannot
    name them).
    """
    unresolved = ("", "pronoun, unresolved")
    if s.kind == "person":
        person = ctx.people.get(s.entity)
        # the other gender, by a title or by the he/she's already resolved to them ("Elise
        # replied. … Elise wrote, she interviewed Mike. “No,” he said": not Elise): someone else
        told = ctx.pronoun_genders.get(s.entity, Counter())
        if (
            person is None
            or person.gender not in ("", gender)
            # two he's and no she resolved to them (one could be a mistake)
            or (told[gender] == 0 and sum(told.values()) >= 2)
        ):
            return None
        # a one-word name never written in full may be no person
        return (s.entity, "pronoun") if person.full else unresolved
    if s.kind == "pronoun" and s.gender == gender:
        entity, how = ctx.resolved.get(s.start, unresolved)
        return (entity, "pronoun") if entity else ("", how)
    if s.kind in ("unknown", "several"):
        return unresolved  # a name we cannot place, or two people: refuse
    if s.kind == "description":
        if s.gender not in ("", gender):
            return None  # "his mother" is not "he", nor "reporters" "she"
        # a description with words of its own may take up the person before it ("Trump says …
        # The Republican nominee noted … He said"); a bare "the spokesman" is someone new
        entity, _ = _resolve_description(ctx, s.text, s.start, fallback=_qualified(s.text))
        person = ctx.people.get(entity)
        if person is not None and person.gender in ("", gender):
            return (entity, "pronoun")
        return unresolved  # a person stands there; if we cannot name them, refuse
    return None


#: Nouns of people who act for someone else: "the spokesman" after "Reed left" is not Reed.
_AGENT_NOUNS = frozenset(
    "spokesman spokeswoman spokesperson aide adviser advisor lawyer attorney representative "
    "assistant staffer".split()
)


def _qualified(description: str) -> bool:
    """Tell whether a definite description names who someone is, not a role anyone may hold.

    It needs a capitalised word of its own before its head (a party, a place: "The Republican
    presidential nominee", "the New York businessman"), and a head that is no agent's: "the
    spokesman", "the presiding judge", "the committee chairwoman" are someone new.
    """
    raw = re.findall(r"[A-Za-z][\w.’'-]*", description)
    words = _words(description)
    cut = next((i for i, w in enumerate(words) if w in ("of", "for", "from", "to")), len(words))
    content = [(r, w) for r, w in zip(raw[:cut], words[:cut]) if w not in ("the", "a", "an", "and")]
    return (
        len(content) >= 2
        and content[-1][1] not in _AGENT_NOUNS
        and any(r[:1].isupper() for r, _ in content[:-1])
    )


#: Words after which a name is not the speaker but someone the speaker stands for or beside
#: ("a spokesman for Trump", "a source close to Hale", "the lawyer representing Reed").
_GOVERNING = frozenset(
    "for of to with near from at by on about against behind beside within like than and or".split()
)


def _words_before(ctx: _Context, s: int, e: int, entity: str, who_start: int) -> str:
    """Return the words of a speaker mention before the name it ends in.

    The name starts where the entity's first word does in the mention, when it does: the model
    may take a word before into it ("for Syria Staffan de Mistura" is "for Syria", then the
    name).
    """
    text = ctx.article.text
    first = entity.split()[0] if entity.split() else ""
    at = text.rfind(first, s, e) if first else -1
    return text[who_start : at if at >= 0 else s]


def _governed(before: str, conjunctions: bool = True) -> bool:
    """Tell whether the words ``before`` a name end in a preposition or an -ing verb.

    "representing" is one; "King" (four letters) is not.
    """
    words = re.findall(r"[\w’'-]+", before.lower())
    if not words:
        return False
    last = words[-1]
    if not conjunctions and last in ("and", "or"):
        return False  # "Kerry said, and Lavrov added": a clause of its own
    return last in _GOVERNING or (last.endswith("ing") and len(last) > 5)


def _proper_name(ctx: _Context, who: str, who_start: int) -> str:
    """Return the words of ``who`` that name someone, as the parser tags them.

    Leading words that are not proper nouns are dropped ("But Cook" → "Cook"); "" if any word
    left is not a proper noun ("Officials", "Diplomats"). Without a parse, only names of two
    words or more, or after Mr, Mrs, Ms or Dr, count.
    """
    doc = ctx.doc
    if doc is None:
        words = who.split()
        return who if len(words) > 1 or re.match(r"(?:Mr|Mrs|Ms|Dr)\b", who) else ""
    tokens = list(_span(ctx, who_start, who_start + len(who)))
    while tokens and tokens[0].pos_ != "PROPN":
        tokens = tokens[1:]
    if not tokens or any(
        t.pos_ not in ("PROPN", "PUNCT") and t.text.lower() not in _PARTICLES for t in tokens
    ):
        return ""
    return doc[tokens[0].i : tokens[-1].i + 1].text


#: A title right before a name, as written: "Prime Minister", "Sen.", "Gov.", "Dr." …
_TRAILING_TITLE = re.compile(
    r"(?:\b(?:"
    + "|".join(
        sorted(
            {re.escape(t) for t in TITLES}
            | {re.escape(t.rstrip(".")) + r"\." for t in ABBREVIATED_TITLES}
            | {re.escape(h) + r"\.?" for h in HONORIFICS},
            key=len,
            reverse=True,
        )
    )
    + r")\s+)+$",
    re.IGNORECASE,
)


def _untitled(before: str) -> str:
    """Return the words before a name without the titles that end them ("an aide to Sen. ")."""
    title = _TRAILING_TITLE.search(before)
    return before[: title.start()] if title else before


def _resolve(ctx: _Context, who: str, who_start: int) -> tuple[str, str, str, str]:
    """Return (speaker, speaker_label, how, as written) for the mention at ``who_start``."""
    article = ctx.article
    who_end = who_start + len(who)
    named = [m for m in _overlapping(ctx, who_start, who_end) if m[3] == "PERSON"]
    # the clause's words before the name (the person's, when the mention holds more: "the
    # ambassador to Britain Liu Wen"): after the last punctuation or quotation mark
    name_start = who_start
    if named:  # where the person's own name starts in the mention ("for Syria Staffan de …")
        s0, e0, entity0 = named[-1][:3]
        first = entity0.split()[0] if len(entity0.split()) > 1 else ""
        found = article.text.find(first, s0, e0) if first else -1
        name_start = found if found >= 0 else s0
    before = _untitled(article.text[max(0, name_start - 60) : name_start])
    # (a paragraph break ends the words too: a heading "Our ruling" over "Hale said …" is no
    # -ing word before Hale; a single line break may wrap a sentence: "a spokesman for / Hale")
    before = re.split(r"[,;:!?\"“”«»()—–]|\.(?=\s)|\n\s*\n", before)[-1]
    if (
        _governed(before, conjunctions=False)
        and not re.search(r"according\s+to\s*$", before, re.IGNORECASE)
        and named
        # "seized on Trump's claim that …": the preposition governs the claim, not its owner
        and article.text[who_end : who_end + 2] not in ("’s", "'s")
    ):
        # "An aide to Trump told reporters": the pattern saw "Trump told"; the aide speaks
        return "", "", "name, not the speaker", who
    if re.fullmatch(_PRONOUN, who):
        entity, how = _resolve_pronoun(ctx, who_start, who)
        return entity, "PERSON" if entity else "", how, who
    if who in ("it", "It"):
        entity = _organisation_it(ctx, who_start)
        how = "pronoun, organisation" if entity else "pronoun, unresolved"
        return entity, _label_of(ctx, entity) if entity else "", how, who
    possessive = _POSSESSIVE.search(who)
    described = bool(_DESCRIPTION_ONLY.match(who)) or possessive is not None
    overlapping = _overlapping(ctx, who_start, who_end)
    persons = [m for m in overlapping if m[3] == "PERSON"]
    if overlapping:
        # a name that ends the words is the speaker, titles before it or not ("the union's
        # president Eva Bakker", "The Springfield Tenants Union"); "Kerry’s spokesman" is not
        # Kerry, "the Russian minister" not Russia, "a spokesman for Trump" not Trump
        s, e, entity, label = (persons or overlapping)[-1]
        if not article.text[e:who_end].strip(" .,") and not _governed(
            _words_before(ctx, s, e, entity, who_start)
        ):
            return entity, label, "name", who
    if overlapping and not described:
        s, e, entity, label = (persons or overlapping)[-1]
        # "the current Democratic presidential nominee": a nationality or place before the
        # words that follow it only describes the speaker; an organisation before a person
        # noun ("a career Army officer", "Vole Party President") is where someone unnamed works
        tail = _words(article.text[e:who_end])
        if not persons and tail and _singular(tail[-1]) in PERSON_NOUNS:
            return "", "", "description, unresolved", who  # someone of it, not named
        modifier = not persons and label in ("NORP", "GPE", "LOC")
        if not modifier and not _governed(_words_before(ctx, s, e, entity, who_start)):
            return entity, label, "name", who
    if _DESCRIPTION_ONLY.match(who) or possessive:
        # "the Russian minister" is not Russia; "Kerry’s spokesman" is not Kerry
        if possessive:
            # "Twitter's Adam Sharp": the name after the possessive speaks, if it is a name
            rest = who[possessive.end() :].lstrip()
            at = who_start + len(who) - len(rest)
            if rest[:1].isupper() and ctx.doc is not None and _proper_name(ctx, rest, at) == rest:
                entity = _mention_entity(ctx, at, at + len(rest))
                if entity:
                    return entity, "PERSON", "name", rest
                return clean_surface(rest), "", "name, not an entity", rest
            return "", "", "description, unresolved", who
        last = who.split()[-1]
        definite = re.match(r"[Tt]he\s", who) is not None
        if definite and last[:1].isupper() and not _governed(who[: len(who) - len(last)]):
            entity = _by_surname(ctx, last)
            if entity:  # "the 14th-ranked Bakker": a name the entity pass missed here ends it
                return entity, "PERSON", "name", who
        entity, how = _resolve_description(ctx, who, who_start)
        return entity, _label_of(ctx, entity), how, who
    # a name the entity pass missed, with the capitalized words before it on the line unless a
    # sentence ends there ("John Kirby said"); with "of", "the"... it is a title: "The U.S.
    # Secretary of State said"
    segment = article.segments[ctx.segment(who_start)] if article.segments else None
    line = article.text[segment.start if segment else 0 : who_start]
    lead = re.search(r"(?:(?:[A-Z][\w.’'-]*|of|the|for|and)\s+)*$", line).group(0)
    if re.search(r"[.!?:;,]\s*$", line[: len(line) - len(lead)]):
        lead = ""  # a sentence or clause starts at the lead: it is not part of the name
    if any(w in _JOINERS for w in lead.split()):
        written = (lead + who).strip()
        entity, how = _resolve_description(ctx, written, who_start - len(lead))
        return entity, _label_of(ctx, entity), how, written
    entity = _by_surname(ctx, who) if not lead else ""
    if entity:  # "Bakker", which the entity pass missed here, names Eva Bakker
        return entity, "PERSON", "name", who
    name = _proper_name(ctx, lead + who, who_start - len(lead))
    if not name:
        return "", "", "not a name", (lead + who).strip()
    return clean_surface(name), "", "name, not an entity", who


# --------------------------------------------------------------------------------------------
# Stage 1: the speaker mention of a quotation


def _after(ctx: _Context, q) -> tuple[str, int] | None:
    """Find a reporting clause right after the closing mark, in the same paragraph."""
    if not q.closed:
        return None
    text = ctx.article.text
    close = q.end + (2 if _apostrophes_close(text, q.end) else 1)  # past “…’’ too
    if re.search(r"\.\W*$", text[max(q.start, q.end - 3) : q.end]) and re.match(
        r"\s*[A-Z]", text[close : close + 3]
    ):
        # “… .” and a capital: another sentence begins, whose subject speaks its own words
        # (“… .” The minister said the talks …), not this quotation; a lower-case word goes on
        # the sentence (“… .” said Kerry; “… .” the minister said)
        return None
    seg = ctx.article.segments[ctx.segment(q.end)]
    k = bisect.bisect_right(ctx.span_starts, close)
    nxt = ctx.span_starts[k] if k < len(ctx.span_starts) else len(text)
    after = text[close : min(seg.end, nxt)]
    quoted = text[q.start : q.end]
    for pattern in _AFTER:
        match = pattern.match(after)
        if match:
            if pattern is _SIGNED and not _reads_as_words(quoted):
                continue  # "“Blue Harbor” — Ellen Marsh": a work's title and its author
            return match.group("who").rstrip("."), close + match.start("who")
    return None


def _reads_as_words(quoted: str) -> bool:
    """Tell whether a quotation reads as someone's words rather than a work's title.

    More than three words or closing punctuation, and not every major word capitalised.
    """
    words = quoted.split()
    if len(words) <= 3 and not re.search(r"[.!?,]\W*$", quoted):
        return False
    major = [w for w in words if len(w) > 3]
    return not major or not all(w[:1].isupper() for w in major)


def _before(ctx: _Context, q) -> tuple[str, int] | None:
    """Find a speaker and a reporting verb earlier in the quotation's sentence."""
    text = ctx.article.text
    seg = ctx.article.segments[q.segment]
    opening = q.start - 1
    k = bisect.bisect_left(ctx.span_starts, opening) - 1
    start = max(seg.start, ctx.spans[k][1] + 1 if k >= 0 else seg.start)
    before = text[start:opening]
    ends = list(_SENTENCE_END.finditer(before))
    sentence_start = ends[-1].end() if ends else 0
    for pattern in _BEFORE:
        match = pattern.match(before[sentence_start:])
        if match and _governed(before[sentence_start:][: match.start("who")]):
            # "Jean-Marc Ayrault, the foreign minister of France, a member of the council,
            # said": the name the appositions describe speaks, not the place inside them
            apposed = _BEFORE_APPOSED.match(before[sentence_start:])
            if apposed and apposed.start("who") < match.start("who"):
                if _governed(before[sentence_start:][: apposed.start("who")]):
                    continue  # "An aide to Rep. Ann Hale of Ohio, the …, said": the aide's
                match = apposed
        if match:
            verb = match.start("verb") if "verb" in pattern.groupindex else -1
            if verb >= 0 and ctx.doc is not None:
                at = start + sentence_start + verb
                tokens = _span(ctx, at, at + 1)
                if len(tokens) and tokens[0].pos_ in ("NOUN", "PROPN"):
                    # "PolitiFact rated 32% of Republican claims as “false”": a noun, no verb
                    continue
            return match.group("who").rstrip("."), start + sentence_start + match.start("who")
    label = _LABEL.match(before) if start == seg.start else None
    if label:
        # "Ann Hale, The Springfield Journal: “…”": a paragraph that opens with a person's
        # name (and a few words about them) and a colon, as roundups and transcripts do
        at = start + label.start("who")
        who = label.group("who")
        about = label.group("about")
        if any(m[3] == "PERSON" for m in _overlapping(ctx, at, at + len(who))) and (
            about is None
            or (
                _label_about(about)
                and not any(
                    m[3] == "PERSON"
                    for m in _overlapping(ctx, start + label.start("about"), start + label.end())
                )
            )
        ):
            return who, at
    return None


#: A speaker's label before the opening mark: a name, a comma and a few words, then a colon.
_LABEL = re.compile(rf"^\s*(?P<who>{_NAME})(?:\s*,(?P<about>[^,:;.!?“”«»\"]{{1,80}}))?\s*:\s*$")
#: Small words an outlet's name may hold ("The Wall Street Journal", "Department of State").
_NAME_JOINERS = frozenset({"of", "the", "and", "for", "on", "&"})


def _label_about(about: str) -> bool:
    """Tell whether the words after a label's comma only say where the speaker writes or works.

    An outlet or affiliation in capitals ("The Wall Street Journal", "CNN"), or a noun of
    people ("author"); not words that hand the quotation to someone or something else ("quoting
    Ann Hale", "in Hale's words", "as her neighbors describe her", "the target of the ad").
    """
    words = re.findall(r"[\w’'&.-]+", about)
    if not words or any(w.endswith(("’s", "'s")) for w in words):
        return False
    if all(w[:1].isupper() or w.lower() in _NAME_JOINERS for w in words):
        return True
    return len(words) <= 3 and _singular(words[-1].lower()) in PERSON_NOUNS


_NP_BREAKS = {",", "(", ")", "—", "–", "-", ";", ":"}
#: A blank line between two words: they are in different paragraphs (or a heading and a
#: paragraph); a single line break may only wrap a sentence.
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_THROUGH = ("ccomp", "xcomp", "conj", "advcl", "pcomp", "relcl", "acl", "parataxis")


def _subject_of_speech(ctx: _Context, q) -> tuple[str, int] | None:
    """Find the subject of the speech verb whose clause holds the quotation (module docstring)."""
    doc = ctx.doc
    if doc is None:
        return None
    span = _span(ctx, q.start, q.end)
    if not len(span):
        return None
    roots = [t for t in span if not (span.start <= t.head.i < span.end) or t.head.i == t.i]
    if not roots:
        return None
    token = roots[0]
    framing = [t for t in span[0].sent if _as_put_it(t) and not ctx.inside_quote(t.idx)]
    if len(framing) == 1:
        # "As Gaiman put it, “…”", "RT is, as Simonyan noted, “…”": the one "as" clause of
        # the quotation's sentence frames it
        return _speaker_of(ctx, framing[0])
    colon = re.search(r":\s*$", ctx.article.text[max(0, q.start - 4) : q.start - 1])
    if colon and span.start > 0:
        # "Bakker was quick to reply: “…”": the clause before the colon introduces it
        before = doc[span.start - 1]
        while before.i > 0 and (before.is_punct or before.is_space):
            before = doc[before.i - 1]
        if before.lemma_.lower() in SPEECH_LEMMAS:  # the tagger may call "reply" a noun
            verb = before
            for _ in range(4):
                if any(c.dep_ == "nsubj" for c in verb.children) or verb.head.i == verb.i:
                    break
                verb = verb.head
            return _speaker_of(ctx, verb)
        verb = _introducing_verb(ctx, before)
        if verb is not None:
            # "Smith agreed: “…”", "Buckley, who …, had a similar experience: “…”": a main
            # clause about a person ends in the colon that opens the quotation
            return _speaker_of(ctx, verb)
        token = before
    for _ in range(12):  # a clause is rarely deeper; bounds the cost
        if token.head.i == token.i:
            return None
        child, token = token, token.head
        if ctx.inside_quote(token.idx):
            continue
        if (
            token.pos_ in ("VERB", "AUX")
            and token.lemma_.lower() in SPEECH_LEMMAS
            # "ruled the search “unconstitutional”", not "ruled Delmont with “an iron fist”"
            and (token.lemma_.lower() != "rule" or child.dep_ in ("ccomp", "oprd", "xcomp"))
            # "conveyed to Reed that it was “…”", not "conveyed the governor's “concern”"
            and (token.lemma_.lower() not in ("convey", "relay") or child.dep_ == "ccomp")
        ):
            break
        if (
            token.pos_ == "NOUN"
            and token.lemma_.lower() in SPEECH_NOUNS
            and child.dep_ in ("acl", "relcl", "ccomp", "appos")
        ):
            # the quotation in the clause the noun heads ("claim that …"), not in a phrase
            # about it ("Politifact ruled Trump's statement about “…” true")
            owners = [
                c
                for c in token.children
                if c.dep_ == "poss" and c.pos_ == "PROPN" and not ctx.inside_quote(c.idx)
            ]
            if owners:  # "Trump's claim that …": a named owner, never "his" (whose?)
                owner = owners[0]
                first = owner.left_edge
                return ctx.article.text[first.idx : owner.idx + len(owner)], first.idx
        if _labels_with_it(ctx, token, child):
            # "Reid has gone after Trump as a “con artist”", "Trump has used the phrase “…”":
            # the subject gives the quoted name
            return _speaker_of(ctx, token)
        if token.pos_ in ("VERB", "AUX") and any(
            c.dep_ in ("nsubj", "nsubjpass") and not ctx.inside_quote(c.idx) for c in token.children
        ):
            reported = (
                token.dep_ == "acl"
                and token.head.lemma_.lower() in SPEECH_NOUNS
                # not words inside the clause's subject ("that the union, which had called
                # the deal “a betrayal,” would strike")
                and child.dep_ not in ("nsubj", "nsubjpass")
            )
            if token.dep_ not in ("ccomp", "xcomp") and child.dep_ != "ccomp" and not reported:
                # the quotation is another subject's clause: nobody's words (but "Trump's
                # claim that the sides had reached a “historic” deal" is what he claimed)
                return None
    else:
        return None
    return _speaker_of(ctx, token)


#: Verbs that name something with the quoted words, whose subject gives them: "Hill had
#: dubbed it “the Gordon problem”", "Hale called the plan “a disaster”".
_NAMING_VERBS = frozenset("dub call describe label brand term nickname liken deem".split())


def _naming_subject(ctx: _Context, q) -> tuple[str, int] | None:
    """Return the subject of a verb of naming whose object or complement is the quotation.

    The verb must have a subject of its own (not "…, adding that the plan was “…”", whose
    subject is the reporter's) and the quotation must be what it names (its object, object
    complement, or after "as"/"to"): "He said his predecessor, Fiona Hill, had dubbed it as
    “the Gordon problem”" is Hill's, "Pruitt testified that Kapoor called her, “five times an
    hour”" is not Kapoor's.
    """
    if ctx.doc is None:
        return None
    span = _span(ctx, q.start, q.end)
    roots = [t for t in span if not (span.start <= t.head.i < span.end) or t.head.i == t.i]
    if not roots:
        return None
    token = roots[0]
    if token.pos_ not in ("NOUN", "PROPN", "ADJ"):
        return None  # a name or an epithet, not "five times an hour"
    for _ in range(3):
        head = token.head
        if head.i == token.i:
            return None
        if token.dep_ == "pobj" and head.lower_ in ("as", "to"):
            token = head
            continue
        if token.dep_ not in ("dobj", "obj", "oprd", "xcomp", "attr", "prep", "appos"):
            return None
        if head.pos_ == "VERB" and head.lemma_.lower() in _NAMING_VERBS:
            if any(c.dep_ == "nsubj" and not ctx.inside_quote(c.idx) for c in head.children):
                return _speaker_of(ctx, head)
            return None
        token = head
    return None


def _as_put_it(token: Token) -> bool:
    """Tell whether ``token`` is the verb of "as X put it" or "as X said" (a framing clause)."""
    children = list(token.children)
    if not any(c.dep_ == "mark" and c.lower_ == "as" for c in children):
        return False
    lemma = token.lemma_.lower()
    return lemma in _FRAMING_VERBS or (
        lemma == "put" and any(c.dep_ in ("dobj", "obj") and c.lower_ == "it" for c in children)
    )


#: Verbs of "as X said" that frame the quotation of their sentence ("as Marsh reported, the
#: audit found “…”" is the audit's: report is not one).
_FRAMING_VERBS = frozenset("say write note tell explain observe remark quip joke".split())


#: Verbs whose subject names someone or something "as" the quoted words: "Reid has gone after
#: Trump as a “con artist”" (a closed list: "rose to fame as “the King of Polka”", "used the
#: charity as a “piggy bank”" and "views privacy as “a right”" give no one's words).
_NAMING_AS_VERBS = frozenset(
    """
    go attack portray cast paint dismiss bill pound blast slam deride mock brand label describe
    denounce criticize criticise praise hail tout characterize characterise depict refer
    ridicule lambast lambaste single rate
    """.split()
)
#: Nouns of a name given to something, and verbs of using one: "Trump used the phrase “…”".
_NAME_NOUNS = frozenset("phrase term word slogan label nickname moniker expression".split())
_USING_VERBS = frozenset("use coin invoke adopt repeat employ popularize popularise".split())


def _labels_with_it(ctx: _Context, verb: Token, child: Token) -> bool:
    """Tell whether the quotation under ``child`` is a name that ``verb``'s subject gives.

    The quotation hangs from "as" after an active verb of naming with a subject (``_NAMING_AS_
    VERBS``: "Reid has gone after Trump as a “con artist”"; "was seen as" has no subject), or
    is the phrase, term or slogan the subject uses, coins or repeats; and no speech verb
    reports the clause or follows in the sentence ("Reddick used the phrase “…”, prosecutors
    said" is the prosecutors' account).
    """
    if verb.pos_ != "VERB" or not any(
        c.dep_ == "nsubj" and not ctx.inside_quote(c.idx) for c in verb.children
    ):
        return False
    lemma = verb.lemma_.lower()
    if child.dep_ == "prep" and child.lower_ == "as":
        fits = lemma in _NAMING_AS_VERBS
    else:
        fits = (
            child.dep_ in ("dobj", "obj")
            and child.lemma_.lower() in _NAME_NOUNS
            and lemma in _USING_VERBS
        )
    if not fits:
        return False
    reported = any(a.lemma_.lower() in SPEECH_LEMMAS for a in verb.ancestors)
    # a later speech verb of its own subject ("…, prosecutors said"), not one sharing this one's
    # ("Trump has used the phrase “…” and criticized Obama")
    later = any(
        t.pos_ == "VERB"
        and t.lemma_.lower() in SPEECH_LEMMAS
        and not ctx.inside_quote(t.idx)
        and any(c.dep_ == "nsubj" for c in t.children)
        for t in verb.sent
        if t.i > verb.i
    )
    return not (reported or later)


#: Verbs whose subject, before a colon, introduces words that are not theirs: what they read,
#: saw, heard, quoted, found, got or kept ("Hale read the sign: “…”", "Olsen got a text from
#: her daughter: “…”").
_NOT_INTRODUCING = frozenset(
    "read see hear watch show cite quote find sign display get receive keep".split()
)


def _clause_before(verb: Token, before: Token):
    """Return the tokens of ``verb``'s sentence up to ``before`` (the clause before a colon)."""
    return verb.doc[verb.sent.start : before.i + 1]


def _introducing_verb(ctx: _Context, before: Token) -> Token | None:
    """Return the main verb of the clause before a colon that opens a quotation, or None.

    ``before`` is the word before the colon; the verb must have a subject outside quotations.
    Only a main clause: a colon after a relative or adverbial clause ("the report, which
    concluded: …") or after a verb of reading or seeing introduces someone else's words.
    """
    verb = before
    for _ in range(6):
        if verb.pos_ in ("VERB", "AUX") and any(
            c.dep_ == "nsubj" and not ctx.inside_quote(c.idx) for c in verb.children
        ):
            break
        if verb.head.i == verb.i:
            return None
        verb = verb.head
    else:
        return None
    if (
        verb.lemma_.lower() in _NOT_INTRODUCING
        or any(c.dep_ == "prep" and c.lower_ == "from" for c in verb.children)
        or any(
            t.pos_ == "VERB" and t.lemma_.lower() in _NOT_INTRODUCING
            for t in _clause_before(verb, before)
        )
    ):
        # what they read or received, or anything "from" someone else ("Tom Reed, citing Ann
        # Hale's memo: “…”")
        return None
    if any(
        t.pos_ == "VERB" and t.lemma_.lower() in SPEECH_LEMMAS and t.i != verb.i
        for t in _clause_before(verb, before)
    ):
        return None  # "Ruiz remembers what the surgeon told her: “…”": the surgeon's, maybe
    # the main clause, or one the parser hangs from the quotation's own verb
    if verb.dep_ == "ROOT" or (
        verb.dep_ in ("ccomp", "parataxis") and ctx.inside_quote(verb.head.idx)
    ):
        return verb
    return None


def _speaker_of(ctx: _Context, cue: Token) -> tuple[str, int] | None:
    """Return the subject of the speech verb ``cue`` (or of the clause it hangs from)."""
    subjects = [c for c in cue.children if c.dep_ == "nsubj"]
    if not subjects and cue.dep_ in _THROUGH and cue.head.pos_ in ("VERB", "AUX"):
        subjects = [c for c in cue.head.children if c.dep_ == "nsubj"]
    statement = cue.head
    if (
        not subjects
        and cue.dep_ == "acl"
        and statement.dep_ in ("dobj", "obj")
        and statement.head.pos_ in ("VERB", "AUX")
    ):
        # "the council issued a statement calling the test “…”": the statement's author speaks
        subjects = [c for c in statement.head.children if c.dep_ == "nsubj"]
    if not subjects:
        return None
    subject = subjects[0]
    if subject.lower_ in ("who", "that") and cue.dep_ == "relcl":
        subject = cue.head
    if any(c.dep_ == "conj" and c.pos_ == "PROPN" for c in subject.children):
        return None  # "McDougal and Rigney, who would eulogize him as “…”": one of two
    if ctx.inside_quote(subject.idx):
        return None
    if subject.lower_ in _PRONOUN_GENDER or subject.lower_ == "it":
        return subject.text, subject.idx
    entity = _mention_entity(ctx, subject.idx, subject.idx + len(subject))
    if not entity:
        for right in _apposed(subject):
            if _mention_entity(ctx, right.idx, right.idx + len(right)):
                subject = right
                break
    if subject.pos_ not in ("PROPN", "NOUN"):
        return None
    # the subject's noun phrase, cut at a comma, parenthesis or dash on either side of its head:
    # "Eva Bakker, the aide to Rep. Tom Reed," is Bakker's, not Reed's; "the
    # United Nations special envoy for Syria Staffan de Mistura" ends in the name
    doc = subject.doc
    left, right = subject.left_edge.i, subject.right_edge.i
    # a person's name ends the phrase: "planetary geologist Ann Hale of the Vole Institute's
    # lab" is Hale, whatever the words after her name hold (a possessive there is no owner)
    person_ends = any(
        m[3] == "PERSON" and m[1] == subject.idx + len(subject)
        for m in _overlapping(ctx, subject.idx, subject.idx + len(subject))
    )
    for t in doc[subject.i + 1 : right + 1]:
        # (the relative pronoun belongs to its clause: "an officer who described it as …")
        if (
            t.text in _NP_BREAKS
            or _PARAGRAPH_BREAK.search(t.text)
            or t.dep_ in ("relcl", "acl")
            or t.head.dep_ == "relcl"
            or (person_ends and t.dep_ == "prep" and t.head.i == subject.i)
        ):
            right = t.i - 1
            break
    for t in reversed(doc[left : subject.i]):
        # a paragraph break too: the parser may join a heading to the next paragraph's subject
        # ("Our ruling / Hale said …" is Hale's, not a name after an -ing word); a single line
        # break may only wrap a sentence ("A spokesman for / Tom Reed said")
        if t.text in _NP_BREAKS or _PARAGRAPH_BREAK.search(t.text):
            left = t.i + 1
            break
    clause = [r for r in subject.rights if r.dep_ == "appos" and r not in _apposed(subject)]
    if clause:  # "The company Tom Reed founded": the company, not Reed
        right = min(right, clause[0].left_edge.i - 1)
    while left < subject.i and doc[left].pos_ in ("CCONJ", "ADV", "PUNCT"):
        left += 1  # "But the minister"
    first, last = doc[left], doc[right]
    return ctx.article.text[first.idx : last.idx + len(last)], first.idx


# --------------------------------------------------------------------------------------------
# The sieve


def _clause(ctx: _Context, start: int, end: int, clause_from: int | None = None) -> tuple[int, int]:
    """Return the span of a speaker mention, widened to its sentence's end when apt.

    It starts at ``clause_from`` when given (the closing mark of the quotation the mention
    follows).

    When nothing after the mention but the reporting verb is a verb, the words after it are the
    attribution clause's own ("“…,” Ann Lee, director for games at Vole, tells The Vole
    Reporter." names nobody else who speaks), up to the next person named: "“…,” Lee said,
    adding that Bo Hale disagreed" and "“…?” Lee asked Bo Hale." keep Hale, who may speak
    next.
    """
    if clause_from is not None:
        start = min(start, clause_from)
    if ctx.doc is None:
        return (start, end)
    tokens = _span(ctx, start, end)
    if not len(tokens):
        return (start, end)
    sentence = tokens[-1].sent
    after = ctx.doc[tokens[-1].i + 1 : sentence.end]
    verbs = [t for t in after if t.pos_ in ("VERB", "AUX")]
    if len(verbs) > 1 or (verbs and verbs[0].lemma_ not in SPEECH_LEMMAS):
        return (start, end)
    if any(ch in t.text for t in after for ch in OPENING + CLOSING + STRAIGHT):
        return (start, end)  # the sentence runs into a quotation: that is no clause of its own
    # never past another person: "Hale asked Tom Reed" — Reed may answer the next quotation
    i = bisect.bisect_left(ctx.person_starts, end)
    stop = ctx.person_starts[i] if i < len(ctx.person_starts) else sentence.end_char
    return (start, max(end, min(sentence.end_char, stop)))


#: Dependencies that tie a clause to the speech verb's own: a person who is the subject or the
#: object of a verb reached only through these may speak next ("adding that Hale disagreed",
#: "asked Tom Reed"); one in a relative clause, an apposition or a phrase describing someone
#: is not ("said Ann Lee, a former Obama aide who backed Hale").
_SPEAKING_LINKS = frozenset({"ROOT", "ccomp", "xcomp", "conj", "advcl", "parataxis"})
_SPEAKING_ROLES = frozenset({"nsubj", "nsubjpass", "dobj", "dative", "obj", "iobj"})


def _only_described(ctx: _Context, start: int, end: int, own: tuple[int, int]) -> bool:
    """Tell whether a person at [start, end) is only part of the attribution's description.

    True when it is in the sentence of the speaker's mention (``own``) and is neither the
    subject nor the object of a verb tied to that sentence's speech verb by
    :data:`_SPEAKING_LINKS` (it sits in an apposition, a relative clause, a possessive or a
    prepositional phrase): Obama in "“…,” said Ann Lee, a former Obama administration official.
    “…”" does not stop the second quotation being Lee's.
    """
    if ctx.doc is None or own[0] < 0:
        return False
    mention = _span(ctx, own[0], own[1])
    tokens = _span(ctx, start, end)
    if not len(mention) or not len(tokens):
        return False
    sentence = mention[-1].sent
    if not sentence.start_char <= start < sentence.end_char:
        return False
    token = tokens.root
    if token.dep_ not in _SPEAKING_ROLES or token.head.pos_ not in ("VERB", "AUX"):
        return True
    verb = token.head
    while verb.dep_ != "ROOT":
        if verb.dep_ not in _SPEAKING_LINKS:
            return True
        verb = verb.head
    return False


def _intervenes(ctx: _Context, a: int, b: int, speaker: str, own: tuple[int, int]) -> bool:
    """Tell whether a person other than ``speaker`` is mentioned in [a, b) outside quotations.

    ``own`` is the span of the speaker's own mention (its attribution clause), which may lie
    between the two quotations; people who only describe the speaker or the occasion in the
    same sentence do not count (:func:`_only_described`).
    """
    i = bisect.bisect_left(ctx.person_starts, a)
    while i < len(ctx.person_starts) and ctx.person_starts[i] < b:
        s, e, entity = ctx.person_at[i]
        if entity != speaker and not (own[0] <= s < own[1]) and not _only_described(ctx, s, e, own):
            return True
        i += 1
    j = bisect.bisect_left(ctx.pronouns, a)
    while j < len(ctx.pronouns) and ctx.pronouns[j] < b:
        at = ctx.pronouns[j]
        j += 1
        if own[0] <= at < own[1]:
            continue
        word = re.match(r"[A-Za-z]*", ctx.article.text[at : at + 4]).group()
        if ctx.doc is not None and word.lower() in _PRONOUN_GENDER:
            # a he/she that is the speaker again ("“…,” Reed said, adding that he …") is no one
            # else
            if _resolve_pronoun(ctx, at, word)[0] == speaker:
                continue
        if _only_described(ctx, at, at + len(word), own):
            continue
        return True
    # a person described or named without an entity ("The minister disagreed."), or an
    # organisation speaking ("The CDC assured the public")
    k = bisect.bisect_left(ctx.subject_starts, a)
    while k < len(ctx.subject_starts) and ctx.subject_starts[k] < b:
        subject = ctx.subjects[k]
        plural = ctx.article.text[subject.start : subject.end].lower() == "they"
        if (
            (subject.kind in ("description", "unknown", "organisation") or plural)
            and not (own[0] <= subject.start < own[1])
            and not _only_described(ctx, subject.start, subject.end, own)
        ):
            return True
        k += 1
    return False


#: Nouns of written or chanted words: a quotation after a sentence holding one is likely theirs.
_TEXT_NOUNS = frozenset(
    "note letter sign message email e-mail text chant slogan memo banner poster card inscription "
    "headline placard".split()
)


def _reported_before(ctx: _Context, q) -> dict | None:
    """Return the speaker of the reported speech in the sentence right before ``q``, or None.

    "The cells sense the body's chemistry, Herbert said. “Once those go out of whack …”": the
    quotation opens a sentence of the paragraph whose sentence before holds no quotation, no
    note, letter, sign or chant, and one speech verb that trails or interrupts what it reports
    and whose subject is a person we can name; nobody else may be named, described or speaking
    from the start of that sentence to the quotation (stricter than :func:`_intervenes`,
    which lets people who only describe the speaker or the occasion pass).
    """
    doc = ctx.doc
    if doc is None:
        return None
    opening = _span(ctx, q.start - 1, q.start)
    if not len(opening):
        return None
    sentence = opening[0].sent
    text = ctx.article.text
    if text[sentence.start_char : q.start - 1].strip() or sentence.start == 0:
        return None  # the quotation does not open its sentence
    before = doc[sentence.start - 1].sent
    if ctx.segment(before.start_char) != q.segment:
        return None
    k = bisect.bisect_left(ctx.span_starts, before.start_char)
    if k < len(ctx.span_starts) and ctx.span_starts[k] < q.start - 1:
        return None  # a quotation in it: the carrying rules decide
    if any(t.lemma_.lower() in _TEXT_NOUNS and t.pos_ == "NOUN" for t in before):
        return None  # "she found a note on the seat. “I'm sorry”": the note's words
    cues = [
        t
        for t in before
        if t.pos_ == "VERB"
        and t.lemma_.lower() in SPEECH_LEMMAS
        and not _as_put_it(t)
        # the attribution trails or interrupts what it reports ("…, Schiff said.", "The
        # cells, Herbert said, sense …"); "Ortega said the company made its final offer."
        # reports someone else's position, whose words may follow
        and (
            not any(c.dep_ == "ccomp" and c.i > t.i for c in t.children)
            or (t.i + 1 < len(doc) and doc[t.i + 1].text == ",")  # "X said, there will be …"
        )
        # nor one reported by another ("Marsh said she had warned him …")
        and not any(a.lemma_.lower() in SPEECH_LEMMAS for a in t.ancestors)
    ]
    speakers = [found for found in map(lambda cue: _speaker_of(ctx, cue), cues) if found]
    if len(speakers) != 1:
        return None
    if any(
        t.pos_ == "VERB"
        and t.lemma_.lower() in SPEECH_LEMMAS
        and t not in cues
        and any(c.dep_ == "nsubj" for c in t.children)
        for t in before
    ):
        return None  # "The crowd chanted …, Marsh said": someone else speaks there too
    who, at = speakers[0]
    speaker, label, how, written = _resolve(ctx, who, at)
    if not speaker or label != "PERSON" or how not in ("name", "pronoun"):
        return None
    # nobody else may be named, described or speaking in that sentence ("… recalled the
    # moment the doctor walked in. “It's a girl.”"), nor between it and the quotation
    i = bisect.bisect_left(ctx.person_starts, before.start_char)
    while i < len(ctx.person_starts) and ctx.person_starts[i] < q.start:
        if ctx.person_at[i][2] != speaker:
            return None
        i += 1
    if any(
        t.lower_ in ("him", "her", "them")
        # "Her friend Ann Hale chimed in" speaks of nobody else; "recalled her last words" does
        and not (t.dep_ == "poss" and t.head.dep_ in ("nsubj", "nsubjpass"))
        and not ctx.inside_quote(t.idx)
        for t in before
    ):
        return None  # someone else, whom the speaker addressed or spoke of
    k = bisect.bisect_left(ctx.subject_starts, before.start_char)
    while k < len(ctx.subject_starts) and ctx.subject_starts[k] < q.start:
        other = ctx.subjects[k]
        k += 1
        if ctx.inside_quote(other.start) or other.kind == "other":
            continue
        if other.kind == "person" and other.entity == speaker:
            continue
        if (
            other.kind == "pronoun"
            and _resolve_pronoun(ctx, other.start, "he" if other.gender == "m" else "she")[0]
            == speaker
        ):
            continue
        return None
    return {
        "speaker": speaker,
        "speaker_label": label,
        "speaker_as_written": written,
        "attribution": "sentence before",
        "_who": _clause(ctx, at, at + len(who)),
    }


def _paragraph_is_quotation(ctx: _Context, q) -> bool:
    """Tell whether ``q`` opens its paragraph and the paragraph holds nothing but quotations."""
    seg = ctx.article.segments[q.segment]
    text = ctx.article.text
    if text[seg.start : q.start - 1].strip():
        return False
    pos = seg.start
    k = bisect.bisect_left(ctx.span_starts, seg.start)
    while k < len(ctx.spans) and ctx.spans[k][0] - 1 < seg.end:
        s, e = ctx.spans[k]
        if re.search(r"\w", text[pos : s - 1]):
            return False
        pos = e + 1
        k += 1
    return not re.search(r"\w", text[pos : seg.end]) if pos < seg.end else True


def _attribute(
    article: Article,
    quotes: Sequence,
    mentions: pd.DataFrame,
    doc: Doc | None = None,
    titles: Mapping[str, Set[str]] | None = None,
    ctx: _Context | None = None,
) -> list[dict]:
    """Attribute each quotation of ``article`` to a speaker (see the module docstring).

    Parameters
    ----------
    article : Article
        The article the quotations are in.
    quotes : sequence of Quote
        Its quotations in reading order (:func:`analysis.quotes.find_quotes`): objects with
        start, end (offsets of the text inside the marks), closed and segment.
    mentions : DataFrame
        The article's canonical mentions: start, end, entity, entity_label.
    doc : Doc, optional
        Its parse: subjects, titles and appositions, and names the entity pass missed
        ("Cook") told from common nouns ("Officials"). Without it the "subject" rule is off
        and he/she goes to the nearest PERSON named before.
    titles : mapping of str to set of str, optional
        The title and apposition words other articles of the folder give each person
        (``_folder_titles``): "the Texas governor" is Rick Perry when another article wrote
        "Texas Gov. Rick Perry" and this one only "Rick Perry".
    ctx : _Context, optional
        The article's indexes, when already built (:func:`quote_table` builds them first to
        gather the folder's titles).

    Returns
    -------
    list of dict
        One per quotation, in order: speaker ("" when unattributed), speaker_label,
        speaker_as_written, attribution (the rule; see the module docstring), and _who (the
        offsets of the speaker mention, for the carrying rules).
    """
    if ctx is None:
        ctx = _context(article, quotes, mentions, doc)
    _index_titles(ctx, titles)
    out = []
    for q in quotes:
        found, sieve = _after(ctx, q), ""
        # after the quotation, its attribution starts at the closing mark: a title or an
        # apposition before the name is part of it ("Vole planetary scientist Ann Hale said")
        clause_from = q.end if found is not None else None
        if found is None:
            found = _before(ctx, q)
            inner = _naming_subject(ctx, q) if found is not None else None
            if inner is not None and inner[1] > found[1] and _resolve(ctx, *inner)[0]:
                # "He said his predecessor, Fiona Hill, had dubbed it “…”": a verb of naming
                # whose object is the quotation, after the reporting clause the pattern saw,
                # speaks it when we can name its own subject
                found, sieve = inner, "subject"
        if found is None:
            found, sieve = _subject_of_speech(ctx, q), "subject"
        row = {
            "speaker": "",
            "speaker_label": "",
            "speaker_as_written": "",
            "attribution": "none",
            "_who": (-1, -1),
        }
        if found is not None:
            who, at = found
            speaker, label, how, written = _resolve(ctx, who, at)
            if sieve and how in ("name", "pronoun", "description", "name, not an entity"):
                how = f"{sieve}, {how}"
            row.update(
                speaker=speaker,
                speaker_label=label,
                speaker_as_written=written,
                attribution=how,
                _who=_clause(ctx, at, at + len(who), clause_from),
            )
        out.append(row)
    # 4-5. carrying, in reading order, so a carried speaker can be carried on. The donor is the
    # nearest quotation of the paragraph with a speaker mention: before it (own or carried) or
    # after it (own); if that mention names nobody we can resolve, nothing is carried
    following: list[int | None] = [None] * len(quotes)
    nxt = None
    for n in range(len(quotes) - 1, -1, -1):
        following[n] = nxt
        if out[n]["attribution"] != "none":
            nxt = n
    previous = None
    for n, q in enumerate(quotes):
        row = out[n]
        if row["attribution"] == "none":
            donors = [
                m
                for m in (previous, following[n])
                if m is not None and quotes[m].segment == q.segment
            ]
            donors.sort(key=lambda m: (abs(quotes[m].start - q.start), quotes[m].start))
            for m in donors[:1]:
                d, dq = out[m], quotes[m]
                a, b = (dq.end, q.start) if dq.start < q.start else (q.end, dq.start)
                if d["speaker"] and not _intervenes(ctx, a, b, d["speaker"], d["_who"]):
                    _carry(row, d, "same paragraph")
            if not row["speaker"] and (previous is None or quotes[previous].segment != q.segment):
                reported = _reported_before(ctx, q)
                if reported is not None:
                    row.update(reported)
            if not row["speaker"] and n and _paragraph_is_quotation(ctx, q):
                prev, pq = out[n - 1], quotes[n - 1]
                if (
                    prev["speaker"]
                    and ctx.segment(pq.end) == q.segment - 1
                    and not _intervenes(ctx, pq.end, q.start, prev["speaker"], prev["_who"])
                ):
                    _carry(row, prev, "continuation")
        if row["attribution"] != "none":
            previous = n
    # 6. the same words quoted again: a heading or a pull quote is an excerpt of a quotation
    # whose speaker we know; a longer quotation holding someone's words is a reply, not theirs
    texts = [ctx.article.text[q.start : q.end] for q in quotes]
    words = [_quoted_words(t) for t in texts]
    for n, row in enumerate(out):
        if row["attribution"] != "none" or len(texts[n].split()) < REPEATED_MIN_WORDS:
            continue
        holders = [
            m
            for m in range(len(quotes))
            if m != n and words[n] in words[m] and out[m]["attribution"] != "none"
        ]
        speakers = {out[m]["speaker"] for m in holders}
        if len(speakers) == 1 and "" not in speakers:  # one speaker, and no one unknown
            _carry(row, out[holders[0]], "repeated")
    return out


#: Words a quotation needs for its repetition to tell its speaker ("Thank you" is anyone's).
REPEATED_MIN_WORDS = 4


def _quoted_words(text: str) -> str:
    """Return a quotation's words, lower case, one space apart, padded (whole words compare)."""
    return " " + " ".join(re.findall(r"\w+", text.lower())) + " "


def _carry(row: dict, donor: dict, how: str) -> None:
    row.update(
        speaker=donor["speaker"],
        speaker_label=donor["speaker_label"],
        speaker_as_written=donor["speaker_as_written"],
        attribution=how,
        _who=donor["_who"],
    )


def attribute_quotes(
    article: Article,
    quotes: list[Quote],
    mentions: pd.DataFrame,
    doc: Doc | None = None,
    titles: Mapping[str, Set[str]] | None = None,
    _ctx: _Context | None = None,
) -> list[dict]:
    """Attribute each quotation of ``article`` to a speaker (the sieve of the module docstring).

    Parameters
    ----------
    article : Article
        The article the quotations are in.
    quotes : list of Quote
        Its quotations (:func:`find_quotes`).
    mentions : DataFrame
        The article's canonical mentions: start, end, entity, entity_label.
    doc : Doc, optional
        Its parse (subjects, titles and appositions; a name the entity pass missed, "Cook",
        told from a common noun, "Officials").
    titles : mapping of str to set of str, optional
        The title and apposition words the other articles of its folder give each person
        (:func:`quote_table` gathers them), for descriptions: "the Texas governor" is the Rick
        Perry named earlier when another article wrote "Texas Gov. Rick Perry".

    Returns
    -------
    list of dict
        One row per quotation: the columns of :data:`QUOTE_COLUMNS` but quote_id, and
        ``_segment`` (the paragraph it starts in).
    """
    rows = []
    for q, who in zip(quotes, _attribute(article, quotes, mentions, doc, titles, _ctx)):
        rows.append(
            {
                "article_id": q.article_id,
                "start": q.start,
                "end": q.end,
                "zone": q.zone,
                "closed": q.closed,
                "words": count_words(q.text),
                "speaker": who["speaker"],
                "speaker_label": who["speaker_label"],
                "speaker_as_written": who["speaker_as_written"],
                "attribution": who["attribution"],
                "quote": q.text,
                "_segment": q.segment,
            }
        )
    return rows


def quote_table(
    corpus: Corpus,
    mentions: pd.DataFrame,
    zones: tuple[str, ...] = CONTENT_ZONES,
    docs: Sequence[Doc] | None = None,
) -> pd.DataFrame:
    """List every quotation of ``corpus`` with its speaker.

    ``docs``, the articles' parses, let a name the entity pass missed count as a speaker (see
    :func:`attribute_quotes`).

    Returns
    -------
    DataFrame
        ``quotes.csv``, in corpus and reading order: article_id, quote_id (``ID#qN``), start,
        end (character offsets inside the marks), zone, closed (False: a paragraph ended inside
        it), words, speaker ("" when unattributed), speaker_label, speaker_as_written,
        attribution (the rule, see the module docstring: ``name``, ``name, not an entity``,
        ``pronoun``, ``description`` next to the quotation; ``subject, name`` /
        ``subject, pronoun`` / ``subject, description`` from the parse; ``same paragraph``,
        ``continuation``, ``repeated``; refusals ``name, not the speaker`` ("an aide to
        Trump said"), ``pronoun, unresolved``, ``pronoun, ambiguous``,
        ``description, ambiguous``,
        ``description, unresolved``, ``not a name``; ``none``), quote.
    """
    rows = []
    by_article = dict(iter(mentions.groupby("article_id", sort=False)))
    empty = mentions.iloc[:0]
    prepared = []
    for n_article, article in enumerate(corpus):
        quotes = find_quotes(article, zones)
        own = by_article.get(article.article_id, empty)
        doc = docs[n_article] if docs is not None else None
        prepared.append((article, quotes, own, doc, _context(article, quotes, own, doc)))
    # a person's titles in any article of the folder describe them in every article
    titles = _folder_titles([p[-1] for p in prepared])
    for article, quotes, own, doc, ctx in prepared:
        for n, row in enumerate(
            attribute_quotes(article, quotes, own, doc, titles, _ctx=ctx), start=1
        ):
            row.pop("_segment")
            rows.append({**row, "quote_id": f"{article.article_id}#q{n}"})
    return pd.DataFrame(rows, columns=QUOTE_COLUMNS)


def quoted_words(quotes: pd.DataFrame, unattributed: str = UNATTRIBUTED) -> pd.DataFrame:
    """Count quoted words per speaker per article.

    Returns
    -------
    DataFrame
        One row per article and speaker, by article then most words: article_id, speaker
        (``unattributed`` pools the quotations without a resolved speaker), speaker_label,
        quotes, words.
    """
    table = quotes.assign(speaker=quotes["speaker"].where(quotes["speaker"] != "", unattributed))
    out = (
        table.groupby(["article_id", "speaker"], sort=True)
        .agg(
            speaker_label=("speaker_label", "first"),
            quotes=("quote", "size"),
            words=("words", "sum"),
        )
        .reset_index()
    )
    return out.sort_values(
        ["article_id", "words", "speaker"], ascending=[True, False, True], ignore_index=True
    )


def evaluate_attribution(quotes: pd.DataFrame, gold: pd.DataFrame) -> dict[str, float]:
    """Score attribution against a hand annotation (article_id, start, end, speaker, clear).

    Counts how many annotated quotations were found at the same offsets, and, over those a
    reader can attribute (``clear`` = yes), precision (correct ÷ attributed: a named speaker
    must be the annotated one, and a quotation with no speaker in the text must stay
    unattributed) and recall (correct ÷ quotations with an annotated speaker).
    """
    key = ["article_id", "start", "end"]
    merged = gold.merge(
        quotes[key + ["speaker"]], on=key, how="left", suffixes=("_gold", "")
    ).fillna({"speaker": "", "speaker_gold": ""})
    found = gold.merge(quotes[key], on=key, how="inner")
    clear = merged[merged["clear"].astype(str).str.lower() == "yes"]
    attributed = clear[clear["speaker"] != ""]
    correct = attributed[attributed["speaker"] == attributed["speaker_gold"]]
    with_speaker = clear[clear["speaker_gold"] != ""]
    return {
        "annotated": len(gold),
        "found": len(found),
        "clear": len(clear),
        "attributed": len(attributed),
        "correct": len(correct),
        "with_speaker": len(with_speaker),
        "precision": len(correct) / len(attributed) if len(attributed) else float("nan"),
        "recall": len(correct) / len(with_speaker) if len(with_speaker) else float("nan"),
    }


#: Name suffixes that are not a surname ("Martin Luther King Jr.").
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


def _plain_words(text: str) -> list[str]:
    """Return the words of ``text`` case-folded, without accents, possessives or plural -s.

    A typographic apostrophe is the typewriter's: O’Neill and O'Neill are one name.
    """
    text = unicodedata.normalize("NFKD", text).replace("’", "'")
    text = "".join(c for c in text if not unicodedata.combining(c))
    words = re.findall(r"[^\W\d_]+(?:[’'-][^\W\d_]+)*", text.casefold())
    words = [re.sub(r"[’']s?$", "", w) for w in words]
    return [w for w in words if w]


def _surname(name: str) -> str:
    words = [w for w in _plain_words(name) if w not in _SUFFIXES]
    return words[-1] if words else ""


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def same_speaker(speaker: str, as_written: str, gold: str, kind: str) -> bool:
    """Tell whether an attributed speaker is the annotated one.

    The scoring rule of ``benchmarks/eval_quotes.py``.

    Parameters
    ----------
    speaker : str
        Our speaker (``quotes.csv``); "" (unattributed) is never right.
    as_written : str
        Our speaker as the text writes it.
    gold : str
        The annotated speaker, words separated by spaces or "_" ("Ann_Lee",
        "Lee_campaign").
    kind : str
        ``person``: right when the surnames agree (last word after case-folding, accents,
        possessives and Jr/Sr/II/III removed). ``group``: right when the speaker or the words
        as written hold the group's head noun (its last word; plural -s ignored).
        ``organization``: right when they hold every word of its name.

    Returns
    -------
    bool
    """
    if not speaker:
        return False
    gold_words = [_singular(w) for w in _plain_words(gold.replace("_", " "))]
    if kind == "person":
        return bool(gold_words) and _surname(speaker) == _surname(gold.replace("_", " "))
    ours = {_singular(w) for w in _plain_words(f"{speaker} {as_written}")}
    if kind == "group":
        return bool(gold_words) and gold_words[-1] in ours
    if kind == "organization":
        return bool(gold_words) and set(gold_words) <= ours
    raise ValueError(f"speaker kind {kind!r}: expected person, group or organization")


#: Share of an annotated phrase's characters a quotation must hold to count as finding it.
PHRASE_OVERLAP = 0.5

PHRASE_OUTCOMES = ("right", "wrong", "unattributed", "found", "not found")


def evaluate_phrases(quotes: pd.DataFrame, phrases: pd.DataFrame) -> pd.DataFrame:
    """Match annotated phrases to the quotations found and score their speakers.

    A phrase is *found* when one quotation holds at least :data:`PHRASE_OVERLAP` of its
    characters (the quotation marks at its edges left out); it is matched to the quotation
    holding most of it. Its outcome is ``right`` (:func:`same_speaker`), ``wrong`` (another
    speaker), ``unattributed`` (found, no speaker) or ``not found``; ``found`` for a phrase of
    kind ``other``.

    Parameters
    ----------
    quotes : DataFrame
        ``quotes.csv`` rows: article_id, quote_id, start, end, speaker, speaker_label,
        speaker_as_written, attribution. Quotations of one article do not overlap
        (:func:`find_quotes`).
    phrases : DataFrame
        article_id, start, end (character offsets of the phrase), speaker (annotated) and kind
        (person, group or organization; ``other`` where the annotation names nobody, scored
        for being found only).

    Returns
    -------
    DataFrame
        ``phrases`` with quote_id ("" when not found), overlap (share of the phrase inside it),
        found_speaker, found_as_written, found_label, attribution and outcome.
    """
    by_article = {
        a: g.sort_values("start").reset_index(drop=True) for a, g in quotes.groupby("article_id")
    }
    rows = []
    for p in phrases.itertuples(index=False):
        best, best_share = None, 0.0
        table = by_article.get(p.article_id)
        length = max(p.end - p.start, 1)
        if table is not None:
            starts = table["start"].tolist()
            # quotations starting before the phrase ends; they do not overlap, so walk back
            # from the last one until they end before the phrase starts
            i = bisect.bisect_left(starts, p.end) - 1
            while i >= 0 and table.at[i, "end"] > p.start:
                share = (min(p.end, table.at[i, "end"]) - max(p.start, table.at[i, "start"])) / (
                    length
                )
                if share > best_share:
                    best, best_share = table.loc[i], share
                i -= 1
        found = best is not None and best_share >= PHRASE_OVERLAP
        if not found:
            outcome = "not found"
        elif p.kind == "other":
            outcome = "found"
        elif not best["speaker"]:
            outcome = "unattributed"
        elif same_speaker(best["speaker"], best["speaker_as_written"], p.speaker, p.kind):
            outcome = "right"
        else:
            outcome = "wrong"
        rows.append(
            {
                **p._asdict(),
                "quote_id": best["quote_id"] if found else "",
                "overlap": round(best_share, 3),
                "found_speaker": best["speaker"] if found else "",
                "found_as_written": best["speaker_as_written"] if found else "",
                "found_label": best["speaker_label"] if found else "",
                "attribution": best["attribution"] if found else "",
                "outcome": outcome,
            }
        )
    extra = [
        "quote_id",
        "overlap",
        "found_speaker",
        "found_as_written",
        "found_label",
        "attribution",
        "outcome",
    ]
    return pd.DataFrame(rows, columns=[*phrases.columns, *extra])


def phrase_scores(scored: pd.DataFrame) -> dict[str, float]:
    """Summarize :func:`evaluate_phrases`: how many phrases were found and rightly attributed.

    Returns
    -------
    dict
        phrases, found, right, wrong, unattributed; share_found (found ÷ phrases), accuracy
        (right ÷ found) and precision (right ÷ attributed); NaN where the divisor is 0.
    """
    counts = scored["outcome"].value_counts()
    n = {k: int(counts.get(k, 0)) for k in PHRASE_OUTCOMES}
    found = len(scored) - n["not found"]
    attributed = n["right"] + n["wrong"]

    def ratio(a: int, b: int) -> float:
        return a / b if b else float("nan")

    return {
        "phrases": len(scored),
        "found": found,
        "right": n["right"],
        "wrong": n["wrong"],
        "unattributed": n["unattributed"],
        "share_found": ratio(found, len(scored)),
        "accuracy": ratio(n["right"], found),
        "precision": ratio(n["right"], attributed),
    }


def shared_quote_speakers(passages: pd.DataFrame, quotes: pd.DataFrame) -> pd.DataFrame:
    """Give the speaker each article attributes a shared quotation to.

    Shows whether two outlets give the same words to the same person.

    Returns
    -------
    DataFrame
        For each shared passage inside a quotation in at least one article (kind ``quote`` or
        ``quote in one``), both sides: article_id, n_tokens, speaker and attribution of the
        quotation holding it there ("" when it is not inside one), passage (as printed).
    """
    rows = []
    quoted = passages[passages["kind"] != "prose"]
    for p in quoted.itertuples():
        for side in ("a", "b"):
            article_id, start = getattr(p, f"article_{side}"), getattr(p, f"start_{side}")
            holder = quotes[
                (quotes["article_id"] == article_id)
                & (quotes["start"] <= start)
                & (quotes["end"] >= start)
            ]
            rows.append(
                {
                    "article_id": article_id,
                    "n_tokens": p.n_tokens,
                    "speaker": holder["speaker"].iloc[0] if len(holder) else "",
                    "attribution": holder["attribution"].iloc[0] if len(holder) else "",
                    "passage": getattr(p, f"text_{side}"),
                }
            )
    return pd.DataFrame(
        rows, columns=["article_id", "n_tokens", "speaker", "attribution", "passage"]
    )


def top_speakers(voices: pd.DataFrame, n: int = TOP_SPEAKERS) -> list[str]:
    """Return the ``n`` speakers quoted at most words across the corpus, most first.

    ``voices`` is :func:`quoted_words`; the unattributed pool is not a speaker. Ties: the
    speaker first in alphabetical order.
    """
    named = voices[voices["speaker"] != UNATTRIBUTED]
    totals = named.groupby("speaker")["words"].sum().sort_values(ascending=False)
    return sorted(totals.index[:n], key=lambda s: (-totals[s], s))


def speaker_groups(
    voices: pd.DataFrame, labels: Mapping[str, str], n: int = TOP_SPEAKERS
) -> pd.DataFrame:
    """Pool the speakers beyond the top ``n`` (:func:`top_speakers`) as :data:`OTHERS`.

    Returns
    -------
    DataFrame
        ``voices`` (:func:`quoted_words`: article_id, speaker, speaker_label, quotes, words)
        with label (the article's) and who: the speaker if among the top ``n``,
        :data:`UNATTRIBUTED` as it is, else :data:`OTHERS`.
    """
    top = set(top_speakers(voices, n))
    return voices.assign(
        label=voices["article_id"].map(labels),
        who=[s if s in top or s == UNATTRIBUTED else OTHERS for s in voices["speaker"]],
    )


def attribution_counts(quotes: pd.DataFrame, labels: Mapping[str, str]) -> pd.DataFrame:
    """Count the quotations each attribution rule gave a speaker, per article.

    Returns
    -------
    DataFrame
        Indexed by attribution (sorted), one column per article label (sorted) that has a
        quotation: the number of quotations.
    """
    return quotes.assign(article=quotes["article_id"].map(labels)).pivot_table(
        index="attribution", columns="article", values="words", aggfunc="count", fill_value=0
    )


def shared_quote_view(
    passages: pd.DataFrame, quotes: pd.DataFrame, labels: Mapping[str, str]
) -> pd.DataFrame:
    """Return :func:`shared_quote_speakers` by article label, for display.

    Returns
    -------
    DataFrame
        Indexed by article (label): n_tokens, speaker, attribution, passage.
    """
    shared = shared_quote_speakers(passages, quotes)
    return (
        shared.assign(article=shared["article_id"].map(labels))
        .drop(columns="article_id")
        .set_index("article")
    )
