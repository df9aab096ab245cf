"""Stage 3, link: facts to their places and to the article text that states them, and the
sentences of every article to the places they name ("In the news").

>>> from mapgen.link import link   # link(atlas) -> (Links, problems)
"""

from mapgen.link.facts import ArticleFacts, Links, SourcedFact, link, source_fact
from mapgen.link.mentions import ArticleMentions, NameIndex, Sentence

__all__ = [
    "ArticleFacts",
    "ArticleMentions",
    "Links",
    "NameIndex",
    "Sentence",
    "SourcedFact",
    "link",
    "source_fact",
]
