"""What mapgen relies on in folium's and branca's internals (mapgen/web/foliumkit.py), checked
against the installed versions: a folium upgrade that changes one fails here, by name."""

from __future__ import annotations

import re

import branca
import folium
import pytest
from branca.element import Figure, MacroElement

from mapgen.web.elements import LayerSwitcher, Legend, OfflineMap, PlaceLayer
from mapgen.web.foliumkit import PreRendered, name_kind, own_parts, render_page, set_ids, walk
from mapgen.web.frame import FrameSize
from mapgen.web.page import fragment_html

UPGRADE = "folium {} / branca {} changed what mapgen/web/foliumkit.py relies on: {}"


def why(what: str) -> str:
    return UPGRADE.format(folium.__version__, branca.__version__, what)


def tiny_map() -> OfflineMap:
    fmap = OfflineMap(location=[31.0, 121.0], zoom_start=7, tiles=None)
    PlaceLayer({"en": "{{ 7*7 }} <b>", "zh": "{{ 7*7 }} <b>"}, {"places": []}).add_to(fmap)
    Legend({"position": "bottomleft", "heading": "{% if true %}x{% endif %}", "entries": []}).add_to(fmap)
    LayerSwitcher(label={"en": "Layers", "zh": "图层"}, collapsed=True).add_to(fmap)
    elements = walk(fmap.get_root())
    set_ids(elements, (f"{i:016x}" for i in range(len(elements))))
    return fmap


def test_macro_elements_keep_their_macros_on_the_template_module() -> None:
    for element in walk(tiny_map()):
        if isinstance(element, PreRendered):
            macros = element._template.module.__dict__
            assert any(part in macros for part in ("header", "html", "script")), why(
                f"{type(element).__name__}._template.module has no header/html/script macro"
            )
            for part in ("header", "html", "script"):
                if part in macros:
                    assert isinstance(macros[part](element, {}), str), why(f"macro {part}(this, kwargs)")


def test_a_figure_files_rendered_parts_in_its_three_sections_in_order() -> None:
    figure = Figure()
    for section in (figure.header, figure.html, figure.script):
        assert hasattr(section, "_children") and isinstance(section._children, dict), why("Figure sections")
    fmap = tiny_map()
    page = render_page(fmap)
    head, body = page.split("</head>", 1)
    assert "<style" in head and 'class="folium-map g60-map"' in body, why("where header and html parts go")
    assert body.index("G60.placeLayer") < body.index("G60.legend") < body.index("G60.layerSwitcher"), why(
        "the order of the script parts"
    )


def test_names_are_kind_and_id_and_follow_set_ids() -> None:
    fmap = tiny_map()
    legend = next(e for e in walk(fmap) if isinstance(e, Legend))
    assert re.fullmatch(r"legend_[0-9a-f]{16}", legend.get_name()), why("get_name() is _name_lower + _id")
    name_kind(legend, "Key")
    assert legend.get_name().startswith("key_"), why("_name sets the start of get_name()")
    assert legend.parent_name == fmap.get_name(), why("_parent is the element added to")


def test_rendered_parts_are_never_compiled_as_templates_again() -> None:
    page = render_page(tiny_map())
    # The layer name is escaped as HTML for the layer control, and never evaluated:
    assert "{{ 7*7 }} \\u0026lt;b\\u0026gt;" in page and "49" not in page  # ...and never evaluated
    assert "{% if true %}x{% endif %}" in page


def test_the_layer_control_sees_the_layers_added_to_the_map() -> None:
    fmap = tiny_map()
    layer = next(e for e in walk(fmap) if isinstance(e, PlaceLayer))
    page = render_page(fmap)
    assert re.search(rf"G60\.layerSwitcher\({fmap.get_name()},\s*\[{layer.get_name()}\]", page), why(
        "an element's parent keeps the map's layers in _children, in the order they were added"
    )
    # The name as Leaflet's control shows it (HTML), escaped; the template text stays text.
    assert '"name":"{{ 7*7 }} \\u0026lt;b\\u0026gt;"' in page


def test_a_fragment_has_the_maps_own_parts_and_not_the_figures() -> None:
    fmap = tiny_map()
    header, body, script = own_parts(fmap)
    assert "<meta" not in header and "charset" not in header
    assert fmap.get_name() in body and "G60.legend" in script
    assert fragment_html(fmap, FrameSize(640, 400)).startswith('<div class="g60-fragment"')


@pytest.mark.parametrize("cls", [OfflineMap, LayerSwitcher])
def test_folium_classes_are_still_macro_elements(cls: type) -> None:
    assert issubclass(cls, MacroElement), why(f"{cls.__name__} is no MacroElement")
