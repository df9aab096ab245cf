"""Two new articles, not yet curated, for the tests of "In the news" and `mapgen facts`."""

from __future__ import annotations

from conftest import Project

NEW_ID = "900_jiaxing_pact"
NEW_PATH = f"seeds/{NEW_ID}.txt"
NEW_TITLE = "Jiaxing and Songjiang sign a lab-sharing pact"
# Real articles carry a byline, captions with photo credits and subheadings; each of those
# here names a place that the story itself does not, so a leak shows in that place's popup.
NEW_ARTICLE = f""" date 2024-05-10 {NEW_TITLE}

By Li Wei in Jiaxing | China Daily | Updated: 2024-05-10 09:30

Photo: 300 workers at a ferry pier in Huzhou at dawn

Officials from Jiaxing signed the pact with Acme Co. Ltd. at No. 1 Science Road on Friday.
Jiaxing will open 3,200 lab seats to firms from Songjiang's science parks by March 2025.

嘉兴与松江将共建<b>实验室</b>。

A new chapter for Wuhu

The Lingang Songjiang Sci-Tech City added 120 firms in the first quarter, a rise of 12.5 percent on the U.S. benchmark. "Jiaxing is ready," the mayor said. "We start soon." Xuancheng agreed.

Hefei's skyline at night. [Photo provided to chinadaily.com.cn]

Jiaxing's port grew. Jiaxing's rail grew too. Jiaxing's roads are new.
"""
# Line 7 of NEW_ARTICLE is where its first story paragraph starts.
NEW_LINE = 7
OLD_ID = "899_jiaxing_plan"
OLD_ARTICLE = """ date 2021-01-05 Jiaxing plans a science corridor

Jiaxing set out plans for a science corridor with Songjiang District.
"""


def add_news_articles(project: Project) -> None:
    project.write(NEW_PATH, NEW_ARTICLE)
    project.write(f"seeds/{OLD_ID}.txt", OLD_ARTICLE)
