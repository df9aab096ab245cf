"""folium elements of the corridor map: one map concept per class, its template beside it.

Data reaches the page only as script-safe JSON handed to the g60.js runtime,
which builds DOM with textContent. No data is ever pasted into HTML or into a
JavaScript string or template literal.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from typing import ClassVar

import folium
from folium.map import Layer
from folium.template import Template

from mapgen.present.catalogue import LANGS, Lang
from mapgen.web.assets import inline_assets
from mapgen.web.bilingual import bilingual
from mapgen.web.foliumkit import PreRendered, name_kind, siblings
from mapgen.web.frame import FrameSize
from mapgen.web.safe import script_json


class OfflineMap(folium.Map, PreRendered):
    """A folium Map that loads nothing from a CDN and styles nothing outside its own box.

    folium's own header also styles ``html, body`` and ``#map`` and sets global
    switches; that is the page's business (:class:`PageStyle`), not the map's, so a
    map pasted into someone else's page leaves that page alone.
    """

    default_js = []  # noqa: RUF012  (folium declares these as plain class attributes)
    default_css = []  # noqa: RUF012
    fragment: FrameSize | None = None  # the box when pasted into another page
    # The map's accessible name (a landmark of its own, also inside a host page), and
    # the zoom buttons' names, in the page's language.
    label: str = ""
    zoom_titles: tuple[str, str] = ("Zoom in", "Zoom out")
    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>#{{ this.get_name() }} { position: relative; width: 100%; height: 100%; }</style>
        {% endmacro %}

        {% macro html(this, kwargs) %}
        <div class="folium-map g60-map" id={{ this.get_name()|tojson }}
          {%- if this.label %} role="region" aria-label="{{ this.label|e }}"{% endif %}></div>
        {% endmacro %}

        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.map({{ this.container_js }}, {
            center: {{ this.location|tojson }},
            crs: L.CRS.{{ this.crs }},
            ...{{ this.options|tojavascript }}
        });
        {%- if this.control_scale %}
        L.control.scale().addTo({{ this.get_name() }});
        {%- endif %}
        {%- if this.zoom_control_position %}
        L.control.zoom({ position: {{ this.zoom_control|tojson }},
            zoomInTitle: {{ this.zoom_titles[0]|tojson }}, zoomOutTitle: {{ this.zoom_titles[1]|tojson }}
        }).addTo({{ this.get_name() }});
        {%- endif %}
        {% endmacro %}
        """
    )

    @property
    def container_js(self) -> str:
        """The JavaScript that finds the map's <div>.

        A fragment's script sits in the fragment's own <div>, so it finds its map even
        when the same fragment is pasted twice into one page (and the ids repeat).
        """
        if self.fragment is not None:
            return 'document.currentScript.parentNode.querySelector(".g60-map")'
        return json.dumps(self.get_name())


class PageStyle(PreRendered):
    """What a page that holds nothing but the map needs: the map fills the window."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <meta name="viewport" content="width=device-width, initial-scale=1.0" />
        <style>html, body, .g60-page { width: 100%; height: 100%; margin: 0; padding: 0; }</style>
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        name_kind(self, "PageStyle")


class InlineAssets(PreRendered):
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
        name_kind(self, "InlineAssets")
        self.assets = inline_assets()


class DataLayer(Layer, PreRendered):
    """A layer that ``G60.<factory>(map, data)`` builds from JSON.

    ``names`` are its names in the layer control, one per language (HTML: Leaflet shows
    them so; escaped here). folium's own ``layer_name`` is the opening language's.
    """

    factory: ClassVar[str] = ""
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = G60.{{ this.factory }}({{ this.parent_name }}, {{ this.data_json }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        names: Mapping[Lang, str],
        data: object,
        show: bool = True,
        overlay: bool = True,
        lang: Lang = "en",
        key: str = "",
    ) -> None:
        super().__init__(name=html.escape(names[lang]), overlay=overlay, control=True, show=show)
        name_kind(self, type(self).__name__)
        self.names = {key: html.escape(name) for key, name in names.items()}
        self.key = link_key(key or type(self).__name__)
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


class PointsOverlay(DataLayer):
    """A site layer of many points, drawn on canvas tiles; each point opens its popup."""

    factory = "pointLayer"


class BaseMapTiles(DataLayer):
    """A basemap of web tiles, its credit line in the reader's language."""

    factory = "tileLayer"


class LayerSwitcher(PreRendered):
    """Leaflet's layer control: basemaps and overlays by name, in the reader's language
    (names and the button's name switch with the language)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        G60.layerSwitcher({{ this.parent_name }}, [{{ this.layer_names }}], {{ this.data_json }});
        {% endmacro %}
        """
    )

    def __init__(self, label: Mapping[Lang, str], collapsed: bool = True) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        name_kind(self, "LayerSwitcher")
        self.label = label
        self.collapsed = collapsed
        self.layer_names = ""
        self.data_json = ""

    def render(self, **kwargs: object) -> str:
        # The layers are the map's, in the order they were added: read once ids are final.
        layers = switchable_layers(self)
        self.layer_names = ", ".join(layer.get_name() for layer in layers)  # one line: tests read it so
        self.data_json = script_json(
            bilingual(
                *(
                    {
                        "entries": [
                            {"name": layer.names[lang], "overlay": layer.overlay} for layer in layers
                        ],
                        "collapsed": self.collapsed,
                        "label": self.label[lang],
                    }
                    for lang in LANGS
                )
            )
        )
        return super().render(**kwargs)


def link_key(text: str) -> str:
    """A layer's name in a deep link (``#layers=cities,axis-g60_expressway``): no comma, no
    space, nothing a URL must escape but letters of other scripts.

    >>> link_key("Sites: District & towns"), link_key("企业 名录")
    ('sites-district-towns', '企业-名录')
    """
    return re.sub(r"[^\w-]+", "-", text.lower()).strip("-") or "layer"


class DeepLinks(PreRendered):
    """The page's address keeps the view, the background, the layers shown, the language and
    the open popup (``G60.deepLinks(map, layers, data)``); a fragment leaves it alone."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        G60.deepLinks({{ this.parent_name }}, [{{ this.layer_names }}], {{ this.data_json }});
        {% endmacro %}
        """
    )

    def __init__(self, words: Mapping[str, object], page: bool) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        name_kind(self, "DeepLinks")
        self.words = words
        self.page = page
        self.layer_names = ""
        self.data_json = ""

    def render(self, **kwargs: object) -> str:
        layers = switchable_layers(self)
        self.layer_names = ", ".join(layer.get_name() for layer in layers)
        self.data_json = script_json(
            {
                "page": self.page,
                "keys": unique_keys([layer.key for layer in layers]),
                "overlays": [bool(layer.overlay) for layer in layers],
                **self.words,
            }
        )
        return super().render(**kwargs)


class SearchBox(PreRendered):
    """The search box (``G60.search(map, layers, data)``): places, facts and sentences from
    ``data``; the points of the map's point layers, searched in the page."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        G60.search({{ this.parent_name }}, [{{ this.layer_names }}], {{ this.data_json }});
        {% endmacro %}
        """
    )

    def __init__(self, data: object) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        name_kind(self, "SearchBox")
        self.data_json = script_json(data)
        self.layer_names = ""

    def render(self, **kwargs: object) -> str:
        self.layer_names = ", ".join(layer.get_name() for layer in switchable_layers(self))
        return super().render(**kwargs)


def unique_keys(keys: list[str]) -> list[str]:
    """Keys made unique by a number where two layers would share one.

    >>> unique_keys(["cities", "sites", "cities"])
    ['cities', 'sites', 'cities-2']
    """
    seen: dict[str, int] = {}
    unique = []
    for key in keys:
        seen[key] = seen.get(key, 0) + 1
        unique.append(key if seen[key] == 1 else f"{key}-{seen[key]}")
    return unique


def switchable_layers(element: PreRendered) -> list[DataLayer | BlankBaseLayer]:
    """The map's layers that the layer control lists, in the order they were added."""
    return [
        item for item in siblings(element) if isinstance(item, DataLayer | BlankBaseLayer) and item.control
    ]


class BlankBaseLayer(Layer, PreRendered):
    """A base layer that draws nothing: the 'no background' choice of the layer control."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.layerGroup();
        {% endmacro %}
        """
    )

    def __init__(self, names: Mapping[Lang, str], show: bool, lang: Lang = "en", key: str = "none") -> None:
        super().__init__(name=html.escape(names[lang]), overlay=False, control=True, show=show)
        name_kind(self, "BlankBaseLayer")
        self.names = {key: html.escape(name) for key, name in names.items()}
        self.key = link_key(key)


class DatumShift(PreRendered):
    """Moves every overlay WGS-84 -> GCJ-02 while a GCJ-02 basemap (AMap) is on, and back."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        G60.datumShift({{ this.parent_name }},
          [{{ this.overlays | map(attribute="name") | join(", ") }}],
          [{{ this.gcj02_basemaps | map(attribute="name") | join(", ") }}]);
        {% endmacro %}
        """
    )

    def __init__(self, overlays: list[Layer], gcj02_basemaps: list[Layer]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        name_kind(self, "DatumShift")
        self.overlays = [_Named(layer) for layer in overlays]
        self.gcj02_basemaps = [_Named(layer) for layer in gcj02_basemaps]


class MapControl(PreRendered):
    """A panel on the map (``G60.<factory>(map, data)``)."""

    factory: ClassVar[str] = ""
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        G60.{{ this.factory }}({{ this.parent_name }}, {{ this.data_json }});
        {% endmacro %}
        """
    )

    def __init__(self, data: object) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        name_kind(self, type(self).__name__)
        self.data_json = script_json(data)


class InitialView(PreRendered):
    """Fit every feature on opening, below the title block, without animation (stable images)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        G60.initialView({{ this.parent_name }}, {{ this.bounds_json }});
        {% endmacro %}
        """
    )

    def __init__(self, bounds: list[list[float]]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        name_kind(self, "InitialView")
        self.bounds_json = script_json(bounds)


class _Named:
    """A layer's JavaScript variable name, read when the page is rendered (ids are final then)."""

    def __init__(self, layer: Layer) -> None:
        self.layer = layer

    @property
    def name(self) -> str:
        return str(self.layer.get_name())


class Legend(MapControl):
    factory = "legend"


class LanguageSetting(MapControl):
    """The map's language: chosen on opening (URL hash, else the build's), and the switch.
    Added before the layers, which are built in the language it sets."""

    factory = "language"


class Timeline(MapControl):
    """The timeline: the map as of a date of the data's events, stepped through or played."""

    factory = "timeline"


class ScaleBar(MapControl):
    """A metric scale bar, its units in the reader's language."""

    factory = "scaleBar"


class TitleBlock(MapControl):
    factory = "titleBlock"
