"""Compare how several news articles cover the same story.

One module per concern; DESIGN.md, "Module map", lists them, their layers and what each may import.
"""

__version__ = "0.1.0"
