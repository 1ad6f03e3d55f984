"""Compare how several news articles cover the same story.

One module per concern: ``corpus`` (reading articles and splitting them into zones), ``nlp``
(the single spaCy pass and its cache), ``text`` (word counts as readability formulas mean them),
``syllables`` (offline CMU dictionary), ``plots`` (figure style and deterministic saving),
``notebooks`` (running and rendering the notebooks), ``environment`` (lock file and versions),
``cli`` (``python -m analysis``).
"""

__version__ = "0.1.0"
