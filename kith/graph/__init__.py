"""The connection graph engine: pure numpy and numba, no Django.

See :mod:`kith.graph.engine`. The adapter that loads it from the database lives
in ``kith.graph.adapter``.
"""

from kith.graph.engine import (
    DEFAULT_WEIGHTS,
    Graph,
    Recommendation,
    ScoreWeights,
    degrees,
    fit_weights,
    mutual,
    paths,
    reach,
    reach_gain,
    recommend,
    score_pairs,
    weight_grid,
)

__all__ = [
    "DEFAULT_WEIGHTS",
    "Graph",
    "Recommendation",
    "ScoreWeights",
    "degrees",
    "fit_weights",
    "mutual",
    "paths",
    "reach",
    "reach_gain",
    "recommend",
    "score_pairs",
    "weight_grid",
]
