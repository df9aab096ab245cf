"""The timeline's payload: every dated event of the data in order, and the control's words.

The facts are dated by ``as_of`` (the time they hold for), the articles by their date, the
cities by ``joined`` where the data gives it. The page shows the map as of any of these
dates (``runtime/timeline.js``): later facts hidden, cities that joined later drawn as not
yet members.
"""

from __future__ import annotations

from mapgen.model import period_start
from mapgen.pipeline import Checked
from mapgen.present.catalogue import Words
from mapgen.present.describe import Marked, fact_headline, names
from mapgen.present.formats import format_partial_date
from mapgen.web.content import marked_json
from mapgen.web.payloads import TimelineEventPayload, TimelinePayload

EVENT_KINDS = ("joined", "article", "fact")  # the order of events on the same day


def timeline_json(checked: Checked, words: Words) -> TimelinePayload:
    """The dated events, oldest first, and each date once with its words."""
    atlas = checked.atlas
    events: list[tuple[str, str, TimelineEventPayload]] = []  # (date as written, sort key, event)
    for city in atlas.cities:
        if city.joined is not None:
            said = marked_json(Marked(words("timeline.joined", city=words.name(names(city)))))
            start = period_start(city.joined)
            events.append((city.joined, city.id, {"date": start, "kind": "joined", "text": said}))
    for article in atlas.articles:
        written = article.date.isoformat()
        before, after = words.around("timeline.article", "title")
        said = marked_json(Marked(before, article.title, article.lang, after))  # a title: its own language
        events.append((written, article.id, {"date": written, "kind": "article", "text": said}))
    for fact in atlas.facts:
        headline = fact_headline(fact, words)
        said = marked_json(Marked("", headline.text, headline.lang))
        events.append((fact.as_of, fact.id, {"date": period_start(fact.as_of), "kind": "fact", "text": said}))
    events.sort(key=lambda item: (item[2]["date"], EVENT_KINDS.index(item[2]["kind"]), item[1]))
    labels: dict[str, str] = {}
    for written, _, event in events:
        # A date written as a year or a month is named so ("2018"), not as its first day.
        labels.setdefault(event["date"], format_partial_date(written, words.lang))
    return {
        "position": "bottomright",
        "heading": words("timeline.heading"),
        "all_dates": words("timeline.all_dates"),
        "play": words("timeline.play"),
        "pause": words("timeline.pause"),
        "dates": [{"date": date, "label": label} for date, label in labels.items()],
        "events": [event for _, _, event in events],
    }
