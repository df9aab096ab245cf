"""folium elements of the corridor map: one map concept per class, its template beside it.

Data reaches the page only as script-safe JSON handed to the g60.js runtime,
which builds DOM with textContent. No data is ever pasted into HTML or into a
JavaScript string or template literal.
"""

from __future__ import annotations

import html
from typing import Any, ClassVar

import folium
from branca.element import Element, MacroElement
from folium.map import Layer
from folium.template import Template

from mapgen.render.assets import ASSETS, asset_text
from mapgen.render.safe import script_json


class OfflineMap(folium.Map):
    """A folium Map that loads nothing from a CDN: no jQuery, Bootstrap or icon fonts."""

    default_js = []  # noqa: RUF012  (folium declares these as plain class attributes)
    default_css = []  # noqa: RUF012


class InlineAssets(MacroElement):
    """Leaflet and the g60 runtime, inlined into the page's <head>."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        {%- for kind, name, text in this.assets %}
        {%- if kind == "css" %}
        <style data-asset="{{ name }}">{{ text }}</style>
        {%- else %}
        <script data-asset="{{ name }}">{{ text }}</script>
        {%- endif %}
        {%- endfor %}
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "InlineAssets"
        self.assets = [(a.kind, a.name, asset_text(a)) for a in ASSETS]


class DataLayer(Layer):
    """An overlay whose Leaflet layer ``G60.<factory>(data)`` builds from JSON."""

    factory: ClassVar[str] = ""
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = G60.{{ this.factory }}({{ this.data_json }});
        {% endmacro %}
        """
    )

    def __init__(self, name: str, data: dict[str, Any], show: bool = True,
                 control: bool = True) -> None:
        # Leaflet's layer control shows names as HTML, so the name is escaped here.
        super().__init__(name=html.escape(name), overlay=True, control=control, show=show)
        self._name = type(self).__name__
        self.data_json = script_json(data)


class PlaceLayer(DataLayer):
    """Clickable place markers with popups (cities, or the sites of one category)."""

    factory = "placeLayer"


class AxisLayer(DataLayer):
    """One corridor axis as a line with tooltip and popup."""

    factory = "axisLayer"


class AreaLayer(DataLayer):
    """Administrative areas as polygons; tooltip and hover highlight when interactive."""

    factory = "areaLayer"


class BlankBaseLayer(Layer):
    """A base layer that draws nothing: the 'no background' choice of the layer control."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.layerGroup();
        {% endmacro %}
        """
    )

    def __init__(self, name: str, show: bool) -> None:
        super().__init__(name=html.escape(name), overlay=False, control=True, show=show)
        self._name = "BlankBaseLayer"


class DatumShift(MacroElement):
    """Moves every overlay WGS-84 -> GCJ-02 while a GCJ-02 basemap (AMap) is on, and back."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        G60.datumShift({{ this._parent.get_name() }},
          [{{ this.overlays | map(attribute="name") | join(", ") }}],
          [{{ this.gcj02_basemaps | map(attribute="name") | join(", ") }}]);
        {% endmacro %}
        """
    )

    def __init__(self, overlays: list[Layer], gcj02_basemaps: list[Layer]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "DatumShift"
        self.overlays = [_Named(layer) for layer in overlays]
        self.gcj02_basemaps = [_Named(layer) for layer in gcj02_basemaps]


class MapControl(MacroElement):
    """A panel on the map (``G60.<factory>(map, data)``)."""

    factory: ClassVar[str] = ""
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        G60.{{ this.factory }}({{ this._parent.get_name() }}, {{ this.data_json }});
        {% endmacro %}
        """
    )

    def __init__(self, data: dict[str, Any]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = type(self).__name__
        self.data_json = script_json(data)


class InitialView(MacroElement):
    """Fit every feature on opening, without animation (no zoom jump, stable screenshots)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.fitBounds({{ this.bounds_json }}, {{ this.options_json }});
        {% endmacro %}
        """
    )

    def __init__(self, bounds: list[list[float]], padding_top_left: tuple[int, int],
                 padding_bottom_right: tuple[int, int]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "InitialView"
        self.bounds_json = script_json(bounds)
        self.options_json = script_json({"animate": False, "paddingTopLeft": padding_top_left,
                                         "paddingBottomRight": padding_bottom_right})


class _Named:
    """A layer's JavaScript variable name, read when the page is rendered (ids are final then)."""

    def __init__(self, layer: Layer) -> None:
        self.layer = layer

    @property
    def name(self) -> str:
        return str(self.layer.get_name())


class Legend(MapControl):
    factory = "legend"


class TitleBlock(MapControl):
    factory = "titleBlock"


def walk(element: Element) -> list[Element]:
    """Every element below ``element`` (itself first), in document order."""
    found = [element]
    for child in element._children.values():
        found.extend(walk(child))
    return found
