"""The connection graph engine: pure numpy and numba, no Django.

- :mod:`kith.graph.csr`: the structure (a CSR snapshot plus an overlay, lock-free reads).
- :mod:`kith.graph.queries`: degree badges, mutual connections, reach, paths.
- :mod:`kith.graph.suggest`: People You May Know, its score and suggestions.
- :mod:`kith.graph.fit`: fitting that score's weights to a graph.

The adapter that loads the graph from the database lives in ``kith.graph.adapter``.
"""

from kith.graph.csr import Graph
from kith.graph.fit import fit_weights, weight_grid
from kith.graph.queries import degrees, mutual, paths, reach, reach_gain, well_connected
from kith.graph.suggest import DEFAULT_WEIGHTS, ScoreWeights, Suggestion, score_pairs, suggest

__all__ = [
    "DEFAULT_WEIGHTS",
    "Graph",
    "ScoreWeights",
    "Suggestion",
    "degrees",
    "fit_weights",
    "mutual",
    "paths",
    "reach",
    "reach_gain",
    "score_pairs",
    "suggest",
    "weight_grid",
    "well_connected",
]
