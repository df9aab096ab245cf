"""Stage 2, validate: what :mod:`mapgen.read` read becomes the typed, checked
:class:`~mapgen.model.Atlas`, with every problem at its ``path:line``.

>>> from mapgen.validate import read_atlas   # read_atlas(DataFiles.under(".")) -> (atlas, problems)
"""

from mapgen.validate.atlas import Divisions, read_atlas, read_divisions
from mapgen.validate.layers import read_layer, read_layers

__all__ = ["Divisions", "read_atlas", "read_divisions", "read_layer", "read_layers"]
