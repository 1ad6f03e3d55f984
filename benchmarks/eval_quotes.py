"""Quotation attribution measured on BASIL (real text nobody tuned to) and on the seeds.

    .venv/bin/python benchmarks/eval_quotes.py --basil ../shared/corpora/basil-2010-2014
    .venv/bin/python benchmarks/eval_quotes.py --basil PATH --split test --json build/eval/test.json

Runs the project's own pipeline on every BASIL story of the chosen split (each written as a
corpus folder by ``benchmarks/basil.py``, parsed by ``python -m analysis parse`` into a cached
build, loaded with ``analysis.story.load_build`` and analysed by ``analysis.coverage.analyse``:
the functions ``make all`` and the CLI run) and on the seed articles, then prints

* BASIL: share of annotated quotation phrases found, and the speaker accuracy among the found
  ones, for named persons, named groups and both; how many found ones we left unattributed and
  how many we attributed wrongly;
* the seeds: recall and precision of the attribution against ``data/annotations/gold_quotes.csv``
  (in-sample: the patterns and that annotation were both written from the seeds).

Never part of ``make test``: it needs the corpus, the model and a minute or two.

The scoring rule (fixed before the attributor was changed; ``analysis.quotes.evaluate_phrases``)
--------------------------------------------------------------------------------------------
* **Gold**: every BASIL phrase-level annotation with ``quote: yes``. Its ``start``/``end`` are
  offsets into one *sentence* of ``body-paragraphs``: the phrase is placed at that offset in
  each sentence where ``sentence[start:end] == txt`` (the text is searched when none does), and
  where a phrase fits several places, the first one inside a quotation we found is taken
  (else the first one). Quotation marks at the phrase's edges are left out.
* **Named or not**: a speaker starting with ``other_`` (``other_anti``, ``other_pro``,
  ``other_neutral``) names nobody; it counts only for the share found.
* **Person or group**: a named speaker is a *group* when it is one word (``Democrats``,
  ``NAACP``), has a lower-case word (``Obama_campaign``) or ends in a plural "-s"
  (``Senate_Republicans``); the names in :data:`ORGANIZATIONS` (two capitalised words that are
  not a person) are organisations; every other one is a *person*.
* **Found**: a quotation we found holds at least half of the phrase's characters; the phrase is
  matched to the quotation holding most of it.
* **Right speaker** (``analysis.quotes.same_speaker``): persons, the same surname after
  normalisation (case, accents, possessive, Jr/Sr/II/III); groups, our speaker or our speaker
  as written contains the label's last word (plural -s ignored: "lawmakers" = "Lawmakers");
  organisations, all the words of the name. An unattributed quotation is never right.
* **Reported**: share found = found ÷ phrases; accuracy among found = right ÷ found; also
  right ÷ attributed (precision), and found-but-unattributed vs attributed-wrongly counts.
  A phrase is the unit (BASIL annotates phrases, and one quotation may hold several).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import basil  # noqa: E402

from analysis import cli, coverage, defaults, quotes  # noqa: E402
from analysis.corpus import corpus_to_json, read_corpus  # noqa: E402
from analysis.nlp import NlpError  # noqa: E402
from analysis.story import load_build  # noqa: E402

PROJECT = Path(__file__).resolve().parents[1]
#: BASIL speakers written like a person's name that name an organisation.
ORGANIZATIONS = {"Secure_America_Now", "Tea_Party"}
OPEN_CLOSE = "“”\"«»‘’' \n"


def speaker_kind(label: str) -> str:
    """Return other, person, group or organization for a BASIL speaker label (module docstring)."""
    if label.startswith("other_") or not label:
        return "other"
    if label in ORGANIZATIONS:
        return "organization"
    words = label.split("_")
    if len(words) == 1 or any(w[:1].islower() for w in words) or words[-1].endswith("s"):
        return "group"
    return "person"


def sentence_offsets(article: basil.BasilArticle, text: str) -> list[tuple[str, int]]:
    """Each sentence of the article with its offset in ``text`` (``basil.article_text``'s layout).

    A sentence is placed by its stripped form (as ``article_text`` joins them), so the offset
    returned is where the unstripped sentence's position 0 would be.
    """
    out = []
    pos = text.index("\n\n") + 2 if "\n\n" in text else 0
    for paragraph in article.paragraphs:
        for sentence in paragraph:
            stripped = sentence.strip()
            if not stripped:
                continue
            at = text.index(stripped, pos)
            lead = len(sentence) - len(sentence.lstrip())
            out.append((sentence, at - lead))
            pos = at + len(stripped)
    return out


def locate(annotation: dict, sentences: list[tuple[str, int]], text: str) -> list[tuple[int, int]]:
    """Every place in ``text`` the annotated phrase may be (module docstring), marks stripped."""
    phrase, start, end = annotation["txt"], annotation["start"], annotation["end"]
    places = [(at + start, at + end) for s, at in sentences if s[start:end] == phrase]
    if not places:
        i = text.find(phrase)
        while i >= 0:
            places.append((i, i + len(phrase)))
            i = text.find(phrase, i + 1)
    stripped = []
    for a, b in places:
        while a < b and text[a] in OPEN_CLOSE:
            a += 1
        while b > a and text[b - 1] in OPEN_CLOSE:
            b -= 1
        stripped.append((a, b))
    return stripped


def build_story(folder: Path, cache: Path, model: str):
    """Parse ``folder`` as ``python -m analysis parse`` does (once), then load the build."""
    fresh = corpus_to_json(read_corpus(folder))
    articles = cache / "articles.json"
    if not articles.is_file() or articles.read_text(encoding="utf-8") != fresh:
        with contextlib.redirect_stderr(io.StringIO()):
            code = cli.main(["parse", str(folder), "--build", str(cache), "--model", model])
        if code:
            raise SystemExit(f"{folder}: the parse failed (exit status {code})")
    try:
        return load_build(cache)
    except NlpError as exc:
        raise SystemExit(str(exc)) from exc


def analyse_quotes(story) -> pd.DataFrame:
    """quotes.csv of one story, as ``python -m analysis coverage`` writes it."""
    return coverage.analyse(story).quotes


def basil_phrases(
    root: Path, stories: list[str], work: Path, model: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (every found quotation, every annotated phrase placed) for ``stories``."""
    by_story = basil.read_basil(root)
    all_quotes, phrases = [], []
    for n, story_id in enumerate(stories, start=1):
        print(f"  [{n}/{len(stories)}] {story_id}", file=sys.stderr)
        folder = work / "stories" / story_id
        basil.write_story(by_story[story_id], folder)
        story = build_story(folder, work / "builds" / story_id, model)
        found = analyse_quotes(story)
        found = found.assign(
            article_id=story_id + "/" + found["article_id"],
            quote_id=story_id + "/" + found["quote_id"],
        )
        all_quotes.append(found)
        texts = {a.article_id: a.text for a in story.corpus}
        for article in by_story[story_id]:
            text = texts[article.article_id]
            if text != basil.article_text(article):
                raise SystemExit(f"{folder}/{article.article_id}.txt: not the text BASIL gives")
            sentences = sentence_offsets(article, text)
            for ann in basil.annotations(article):
                if ann.get("quote") != "yes":
                    continue
                places = locate(ann, sentences, text)
                if not places:
                    raise SystemExit(f"{article.path}: phrase {ann['id']} not in the article")
                phrases.append(
                    {
                        "article_id": f"{story_id}/{article.article_id}",
                        "places": places,
                        "speaker": ann["speaker"],
                        "kind": speaker_kind(ann["speaker"]),
                        "phrase_id": ann["id"],
                    }
                )
    return pd.concat(all_quotes, ignore_index=True), pd.DataFrame(phrases)


def place_phrases(found: pd.DataFrame, phrases: pd.DataFrame) -> pd.DataFrame:
    """Choose each phrase's place: the first inside a found quotation, else the first."""
    rows = []
    for p in phrases.itertuples(index=False):
        quoted = found[found["article_id"] == p.article_id]
        choice = p.places[0]
        for a, b in p.places:
            if any(
                min(b, e) - max(a, s) >= quotes.PHRASE_OVERLAP * max(b - a, 1)
                for s, e in zip(quoted["start"], quoted["end"])
            ):
                choice = (a, b)
                break
        rows.append(
            {
                "article_id": p.article_id,
                "start": choice[0],
                "end": choice[1],
                "speaker": p.speaker,
                "kind": p.kind,
                "phrase_id": p.phrase_id,
                "places": len(p.places),
            }
        )
    return pd.DataFrame(rows)


def basil_report(scored: pd.DataFrame) -> dict:
    """Scores of the named persons, groups (organisations included), both, and every phrase."""
    named = scored[scored["kind"] != "other"]
    groups = named[named["kind"] != "person"]
    return {
        "persons": quotes.phrase_scores(named[named["kind"] == "person"]),
        "groups": quotes.phrase_scores(groups),
        "named": quotes.phrase_scores(named),
        "all_phrases_found": quotes.phrase_scores(scored)["share_found"],
        # a diagnostic, not a score: group phrases we gave to one named person (BASIL labels a
        # member speaking for a group with the group)
        "groups_wrong_to_a_person": int(
            ((groups["outcome"] == "wrong") & (groups["found_label"] == "PERSON")).sum()
        ),
        "all_phrases": len(scored),
        "ambiguous_places": int((scored["places"] > 1).sum()),
        "attribution_of_found": named[named["outcome"] != "not found"]
        .groupby(["attribution", "outcome"])
        .size()
        .rename("phrases")
        .reset_index()
        .to_dict("records"),
    }


def seed_report(seeds: Path, gold_file: Path, work: Path, model: str) -> dict:
    """The seeds' attribution against the hand annotation (``quotes.evaluate_attribution``)."""
    story = build_story(seeds, work / "builds" / "seeds", model)
    gold = pd.read_csv(gold_file, keep_default_na=False)
    return quotes.evaluate_attribution(analyse_quotes(story), gold)


def _pct(x: float) -> str:
    return "  n/a" if x != x else f"{x:5.3f}"


def print_report(report: dict) -> None:
    b = report["basil"]
    print(f"BASIL 2010-2014, {report['split']} split: {report['stories']} stories")
    print(
        f"  every quote=yes phrase: {b['all_phrases']}, share found {_pct(b['all_phrases_found'])}"
        f" ({b['ambiguous_places']} phrases fit more than one place)"
    )
    print("  named speakers     phrases  found  share  right  wrong  unattr  accuracy  precision")
    for key in ("persons", "groups", "named"):
        s = b[key]
        print(
            f"  {key:<17} {s['phrases']:>8} {s['found']:>6} {_pct(s['share_found']):>6}"
            f" {s['right']:>6} {s['wrong']:>6} {s['unattributed']:>7}"
            f" {_pct(s['accuracy']):>9} {_pct(s['precision']):>10}"
        )
    print("  (accuracy = right / found; precision = right / attributed)")
    print(
        f"  groups attributed wrongly to one named person: {b['groups_wrong_to_a_person']}"
        f" of {b['groups']['wrong']}"
    )
    s = report["seeds"]
    print(
        f"Seeds (in-sample): {s['annotated']} quotations, {s['found']} found; "
        f"{s['with_speaker']} with a speaker a reader can name: recall {_pct(s['recall'])}; "
        f"{s['attributed']} attributed, {s['correct']} right: precision {_pct(s['precision'])}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--basil", required=True, help="the BASIL folder (articles/, annotations/)")
    parser.add_argument("--split", choices=("dev", "test", "all"), default="dev")
    parser.add_argument("--json", metavar="FILE", help="write every number here as JSON")
    parser.add_argument("--phrases", metavar="FILE", help="write every scored phrase here (CSV)")
    parser.add_argument("--seeds", default=str(PROJECT / "data" / "articles"))
    parser.add_argument("--gold", default=str(PROJECT / "data" / "annotations" / "gold_quotes.csv"))
    parser.add_argument(
        "--work",
        default=str(PROJECT / "build" / "eval"),
        help="story folders and their cached parse (git-ignored)",
    )
    parser.add_argument("--model", default=defaults.MODEL, help="spaCy pipeline package")
    args = parser.parse_args(argv)
    root, work = Path(args.basil), Path(args.work)
    halves = basil.split(list(basil.read_basil(root)))
    stories = halves["dev"] + halves["test"] if args.split == "all" else halves[args.split]
    print(f"reading {len(stories)} BASIL stories ({args.split})", file=sys.stderr)
    found, phrases = basil_phrases(root, stories, work, args.model)
    placed = place_phrases(found, phrases)
    scored = quotes.evaluate_phrases(found, placed)
    report = {
        "split": args.split,
        "stories": len(stories),
        "basil": basil_report(scored),
        "seeds": seed_report(Path(args.seeds), Path(args.gold), work, args.model),
    }
    print_report(report)
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(report, indent=1, default=float) + "\n")
    if args.phrases:
        scored.to_csv(args.phrases, index=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
