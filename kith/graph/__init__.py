"""The connection graph engine: pure numpy and numba, no Django.

See :mod:`kith.graph.engine`. The adapter that loads it from the database lives
in ``kith.graph.adapter``.
"""

from kith.graph.engine import (
    Graph,
    Recommendation,
    ScoreWeights,
    degrees,
    mutual,
    paths,
    reach,
    reach_gain,
    recommend,
    score_pairs,
)

__all__ = [
    "Graph",
    "Recommendation",
    "ScoreWeights",
    "degrees",
    "mutual",
    "paths",
    "reach",
    "reach_gain",
    "recommend",
    "score_pairs",
]
