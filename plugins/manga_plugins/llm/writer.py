"""A text backend on top of any chat model: story bibles and episode scripts as JSON.

Episodes longer than one call's token budget are written in parts of a few pages each;
each part sees what the earlier parts wrote, and the parts are joined and renumbered
into one script.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from manga_common.ids import seed_from
from manga_common.models.script import EpisodeScript, Page, StoryBible
from manga_common.plugins.interfaces import EpisodeBrief, StoryBrief
from manga_common.prompts import PromptTemplates, default_templates, episode_prompt, story_prompt
from manga_plugins.llm.structured import ChatModel, OutputProblem, generate_validated, output_schema

DEFAULT_PAGES = 6
# Output tokens a page of JSON script takes (up to 6 panels with dialogue), and the rest of
# an answer (title, summary, cliffhanger, brackets), measured on typical answers, rounded up.
TOKENS_PER_PAGE = 700
ANSWER_OVERHEAD_TOKENS = 600
# The shapes answers take, for backends that can hold a model to a schema.
STORY_SCHEMA = output_schema(StoryBible, "story_bible")
EPISODE_SCHEMA = output_schema(EpisodeScript, "episode_script")


def pages_per_call(max_tokens: int) -> int:
    return max(1, (max_tokens - ANSWER_OVERHEAD_TOKENS) // TOKENS_PER_PAGE)


def renumbered_pages(pages: Any) -> Any:
    """Pages numbered 1..n in the order given: a part's own numbering does not matter."""
    if not isinstance(pages, list):
        return pages
    return [
        {**page, "number": index} if isinstance(page, dict) else page for index, page in enumerate(pages, 1)
    ]


class LlmTextBackend:
    """TextBackend for a chat model made on first use by `chat_factory`."""

    def __init__(
        self,
        name: str,
        chat_factory: Callable[[], ChatModel],
        templates: Callable[[], PromptTemplates] = default_templates,
    ) -> None:
        self.name = name
        self._chat_factory = chat_factory
        self._templates = templates
        self._chat: ChatModel | None = None

    @property
    def chat(self) -> ChatModel:
        if self._chat is None:
            self._chat = self._chat_factory()
        return self._chat

    def write_story(self, brief: StoryBrief) -> StoryBible:
        preferences = brief.preferences

        def parse(answer: dict[str, Any]) -> StoryBible:
            bible = StoryBible.model_validate(answer)
            arc = [o.model_copy(update={"number": n}) for n, o in enumerate(bible.arc, 1)]
            # What the reader chose is a fact, not the model's to change.
            return bible.model_copy(
                update={
                    "arc": arc,
                    "genres": list(preferences.genres),
                    "themes": list(preferences.themes),
                    "target_audience": preferences.target_audience,
                    "content_rating": preferences.content_rating,
                    "art_style": brief.style.name,
                }
            )

        prompt = story_prompt(brief, self._templates())
        return generate_validated(
            self.chat, prompt, parse, seed=brief.seed, what="story bible", schema=STORY_SCHEMA
        )

    def write_episode(self, brief: EpisodeBrief) -> EpisodeScript:
        total = brief.pages or DEFAULT_PAGES
        step = pages_per_call(self.chat.max_tokens)
        pages: list[Page] = []
        first_part: EpisodeScript | None = None
        cliffhanger: str | None = None
        for first in range(1, total + 1, step):
            last = min(total, first + step - 1)
            prompt = episode_prompt(
                brief, first, last, total, pages, first_part.title if first_part else None, self._templates()
            )
            part = generate_validated(
                self.chat,
                prompt,
                self._part_parser(brief, wanted=last - first + 1),
                seed=seed_from(brief.seed, first),
                what=f"episode {brief.episode_number} pages {first}-{last}",
                schema=EPISODE_SCHEMA,
            )
            first_part = first_part or part
            pages.extend(part.pages)
            cliffhanger = part.cliffhanger or cliffhanger
        assert first_part is not None
        return EpisodeScript(
            episode_number=brief.episode_number,
            title=first_part.title,
            summary=first_part.summary,
            pages=[page.model_copy(update={"number": n}) for n, page in enumerate(pages, 1)],
            cliffhanger=cliffhanger,
        )

    @staticmethod
    def _part_parser(brief: EpisodeBrief, wanted: int) -> Callable[[dict[str, Any]], EpisodeScript]:
        def parse(answer: dict[str, Any]) -> EpisodeScript:
            answer = {k: v for k, v in answer.items() if k != "episode_number"}
            answer["episodeNumber"] = brief.episode_number
            answer["pages"] = renumbered_pages(answer.get("pages"))
            if isinstance(answer["pages"], list):
                # A longer part would push the episode past its page count; a shorter one is kept.
                answer["pages"] = answer["pages"][:wanted]
            script = EpisodeScript.model_validate(answer)
            problems = script.problems_with(brief.bible)
            if problems:
                raise OutputProblem(problems)
            return script

        return parse
