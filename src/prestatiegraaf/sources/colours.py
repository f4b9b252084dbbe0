"""Stage 1, sources: the colour-score lexicon, the one list of the words a score is written in.

A score is one of three colours, named in Dutch (groen, oranje, rood). Documents write it as
the word, as its capital letter (G, O, R; 2020 on) or as an image whose file or class name
holds the Dutch word; an image's alt or title text may also be English (green, orange, red).
The line classifier, the HTML reader and the extract stage's colour reader all take their
words from here.
"""

from __future__ import annotations

COLOUR_WORDS = ("groen", "oranje", "rood")
"""The colours, by their Dutch word: the names every reader turns a score into."""

COLOUR_LETTERS = {"G": "groen", "O": "oranje", "R": "rood"}
"""The capital letter of each colour, as the documents of 2020 on write a score."""

ENGLISH_WORDS = {"green": "groen", "orange": "oranje", "red": "rood"}
"""English colour words, which the alt or title text of a saved page's images may use."""

WORD_PATTERN = "|".join(COLOUR_WORDS)
"""A regular-expression alternation of the colour words: ``groen|oranje|rood``."""

LETTER_PATTERN = f"[{''.join(COLOUR_LETTERS)}]"
"""A regular-expression class of the colour letters: ``[GOR]``."""
