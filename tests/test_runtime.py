"""The page runtime: its ES modules joined into one script, and the payload declarations."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from mapgen.web.payloads import DECLARATIONS_FILE, typescript_declarations
from mapgen.web.runtime import GUARD, MODULE_ORDER, JoinError, runtime_js

RUNTIME = Path(__file__).resolve().parent.parent / "mapgen" / "web" / "runtime"
NODE = shutil.which("node")
needs_node = pytest.mark.skipif(NODE is None, reason="node is not installed (Debian: apt-get install nodejs)")


def test_every_module_of_the_folder_is_joined() -> None:
    assert sorted(MODULE_ORDER) == sorted(p.name for p in RUNTIME.glob("*.js"))


def test_joined_runtime_is_one_classic_script_guarded_to_load_once() -> None:
    script = runtime_js()
    assert script.startswith(GUARD)
    assert script.endswith("}());\n")
    statements = re.findall(r"^\s*(?:import|export)\b.*$", script, re.MULTILINE)
    assert statements == []
    assert "window.G60 = G60;" in script


def test_joined_runtime_is_byte_identical_across_calls() -> None:
    assert runtime_js().encode("utf-8") == runtime_js().encode("utf-8")


@needs_node
def test_node_accepts_the_joined_runtime(tmp_path: Path) -> None:
    script = tmp_path / "g60.js"
    script.write_text(runtime_js(), encoding="utf-8")
    result = subprocess.run([str(NODE), "--check", str(script)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@needs_node
def test_joined_runtime_sets_the_same_api_once_per_page(tmp_path: Path) -> None:
    # Leaflet is only needed at load time for the point layer's base class: a stub will do.
    page = tmp_path / "page.js"
    page.write_text(
        "globalThis.window = globalThis;\n"
        "globalThis.L = { GridLayer: class {} };\n"
        + runtime_js()
        + "const first = window.G60;\n"
        + runtime_js()  # a second map pasted into the same page
        + "console.log(JSON.stringify({keys: Object.keys(window.G60), same: window.G60 === first}));\n",
        encoding="utf-8",
    )
    result = subprocess.run([str(NODE), str(page)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "keys": [
            "initialView",
            "placeLayer",
            "pointLayer",
            "axisLayer",
            "areaLayer",
            "datumShift",
            "wgsToGcj",
            "legend",
            "titleBlock",
            "language",
            "layerSwitcher",
            "tileLayer",
            "scaleBar",
            "deepLinks",
            "search",
            "timeline",
            "popupContent",
        ],
        "same": True,
    }


def test_payload_declarations_are_generated_from_the_python() -> None:
    # After a change to mapgen/web/payloads.py: python -m mapgen.web.payloads
    assert DECLARATIONS_FILE.read_text(encoding="utf-8") == typescript_declarations()


def test_payload_declarations_are_deterministic_and_cover_every_factory() -> None:
    text = typescript_declarations()
    assert text == typescript_declarations()
    for name in (
        "PlaceLayerPayload",
        "AxisPayload",
        "AreaLayerPayload",
        "PointLayerPayload",
        "LegendPayload",
        "TitlePayload",
        "BoundsPayload",
    ):
        assert f" {name} " in text
    assert "  location_note?: MarkedTextPayload;" in text  # NotRequired
    assert "  radius_m: number | null;" in text
    assert 'kind: "city" | "site";' in text


def _modules(folder: Path, modules: dict[str, str]) -> tuple[str, ...]:
    for name, text in modules.items():
        (folder / name).write_text(text, encoding="utf-8")
    return tuple(modules)


def test_joining_strips_imports_and_exports_in_order(tmp_path: Path) -> None:
    order = _modules(
        tmp_path,
        {
            "a.js": "// @ts-check\nexport const A = 1;\nexport function twice(x) { return 2 * x; }\n",
            "b.js": 'import {\n  A,\n  twice\n} from "./a.js";\nimport { A as B } from "./a.js";\n',
        },
    )
    with pytest.raises(JoinError, match="cannot rename"):
        runtime_js(tmp_path, order)
    (tmp_path / "b.js").write_text(
        'import {\n  A,\n  twice\n} from "./a.js";\n\nwindow.G60 = { value: twice(A) };\n', encoding="utf-8"
    )
    assert runtime_js(tmp_path, order) == (
        GUARD
        + "// ---- a.js ----\nconst A = 1;\nfunction twice(x) { return 2 * x; }\n\n"
        + "// ---- b.js ----\nwindow.G60 = { value: twice(A) };\n"
        + "}());\n"
    )


def test_joining_refuses_a_name_declared_in_two_modules(tmp_path: Path) -> None:
    order = _modules(
        tmp_path,
        {
            "a.js": "export function el() {}\n",
            "b.js": "const el = 2;\n",
        },
    )
    with pytest.raises(JoinError, match=re.escape("b.js and a.js both declare `el`")):
        runtime_js(tmp_path, order)


def test_joining_refuses_an_import_of_a_module_not_in_the_order(tmp_path: Path) -> None:
    order = _modules(tmp_path, {"a.js": 'import { x } from "./elsewhere.js";\n'})
    with pytest.raises(JoinError, match=re.escape("elsewhere.js, which is not in")):
        runtime_js(tmp_path, order)


def test_joining_refuses_an_import_of_a_module_that_comes_later(tmp_path: Path) -> None:
    order = _modules(
        tmp_path,
        {
            "a.js": 'import { B } from "./b.js";\n',
            "b.js": "export const B = 1;\n",
        },
    )
    with pytest.raises(JoinError, match=re.escape("b.js, which comes after it")):
        runtime_js(tmp_path, order)


def test_joining_refuses_a_name_the_module_does_not_export(tmp_path: Path) -> None:
    order = _modules(
        tmp_path,
        {
            "a.js": "function hidden() {}\n",
            "b.js": 'import { hidden } from "./a.js";\n',
        },
    )
    with pytest.raises(JoinError, match="does not export"):
        runtime_js(tmp_path, order)


@pytest.mark.parametrize(
    "line",
    [
        'import * as a from "./a.js";',
        'import a from "./a.js";',
        "export { x };",
        "export default 1;",
        "const { a, b } = c;",
    ],
)
def test_joining_refuses_forms_it_cannot_join(tmp_path: Path, line: str) -> None:
    order = _modules(tmp_path, {"a.js": "export const x = 1;\n", "b.js": line + "\n"})
    with pytest.raises(JoinError):
        runtime_js(tmp_path, order)
