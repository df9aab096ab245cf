"""Map the G60 Science and Technology Innovation Corridor from news articles and place data.

The pipeline, one module per stage: :mod:`mapgen.load` (read and validate)
-> :mod:`mapgen.link` (facts to places and articles) -> :mod:`mapgen.geometry`
-> :mod:`mapgen.render` (folium) -> :mod:`mapgen.write`; :mod:`mapgen.export` writes the
same data as GeoJSON and :mod:`mapgen.printmap` the map as SVG or PDF for print.
"""

from mapgen.api import BuildResult, build, build_map, export_geojson, export_vector, load_atlas, write_html
from mapgen.errors import DataError, Problem
from mapgen.frame import FrameSize
from mapgen.model import Atlas
from mapgen.render import MapOptions

__all__ = ["Atlas", "BuildResult", "DataError", "FrameSize", "MapOptions", "Problem", "build", "build_map",
           "export_geojson", "export_vector", "load_atlas", "write_html"]
