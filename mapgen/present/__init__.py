"""Stage 5, present: how every output says and draws the data, in one place.

- :mod:`~mapgen.present.catalogue`: every word a reader sees, in English and Chinese;
- :mod:`~mapgen.present.formats`: numbers, dates, lengths and areas;
- :mod:`~mapgen.present.style`: symbols, line and area styles, colours;
- :mod:`~mapgen.present.describe`: what popups, notes and layer names say;
- :mod:`~mapgen.present.legend`: the legend's entries.

The web map, the print map, the PNG and the GeoJSON export take their words, formats
and symbols from here, so they cannot disagree.
"""
