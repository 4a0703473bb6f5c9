"""A text backend on top of any chat model: story bibles and episode scripts as JSON.

A story is one call. An episode that fits one call's token budget is one call; a longer one
is planned first (one call: a title, a summary, a cliffhanger and one beat per page) and then
written in groups of a few pages, all groups at once, each from the bible and the plan. So
an episode of any length costs two model latencies, not one per group; the groups are
joined and renumbered into one script.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Annotated, Any

from pydantic import Field, StringConstraints

from manga_common.ids import seed_from
from manga_common.models.base import CamelModel
from manga_common.models.script import EpisodeScript, Sentence, ShortText, StoryBible
from manga_common.plugins.interfaces import EpisodeBrief, StoryBrief, warm_up
from manga_common.prompts import (
    SYSTEM_TEMPLATE,
    Prompt,
    PromptTemplates,
    Trusted,
    default_templates,
    episode_context,
    episode_prompt,
    json_schema,
    story_prompt,
    untrusted,
)
from manga_plugins.llm.structured import ChatModel, OutputProblem, generate_validated, output_schema

DEFAULT_PAGES = 6
# Output tokens a page of JSON script takes (up to 6 panels with dialogue), and the rest of
# an answer (title, summary, cliffhanger, brackets), measured on typical answers, rounded up.
TOKENS_PER_PAGE = 700
ANSWER_OVERHEAD_TOKENS = 600
# The shapes answers take, for backends that can hold a model to a schema.
STORY_SCHEMA = output_schema(StoryBible, "story_bible")
EPISODE_SCHEMA = output_schema(EpisodeScript, "episode_script")
PLAN_TEMPLATE = "episode_plan.j2"
PAGES_TEMPLATE = "episode_pages.j2"
MAX_PARALLEL_GROUPS = 16
"""Page groups written at once; more groups than this wait for a free writer."""


class PageBeat(CamelModel):
    number: int = Field(ge=1)
    beat: Sentence = Field(description="What happens on this page, in one sentence")
    characters: list[Annotated[str, StringConstraints(min_length=1, max_length=40)]] = Field(
        default_factory=list, max_length=6
    )


class EpisodePlan(CamelModel):
    """The episode in one line a page: what every page group is written from."""

    title: ShortText
    summary: Sentence
    cliffhanger: Sentence | None = None
    pages: list[PageBeat] = Field(min_length=1, max_length=64)


PLAN_SCHEMA = output_schema(EpisodePlan, "episode_plan")


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

    def warm(self) -> None:
        """Make the chat model and open its client now (see `warm_up`)."""
        warm_up(self.chat)

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
        if total <= step:
            return self._write_part(
                brief, episode_prompt(brief, 1, total, total, (), None, self._templates()), 1, total
            )
        plan = self._plan(brief, total)
        groups = [(first, min(total, first + step - 1)) for first in range(1, total + 1, step)]
        # Threads do not inherit contextvars (the stage's deadline): each group runs in a copy.
        with ThreadPoolExecutor(min(len(groups), MAX_PARALLEL_GROUPS), thread_name_prefix="pages") as pool:
            futures = [
                pool.submit(
                    contextvars.copy_context().run,
                    self._write_part,
                    brief,
                    self._pages_prompt(brief, plan, first, last, total),
                    first,
                    last,
                )
                for first, last in groups
            ]
            parts = [future.result() for future in futures]
        pages = [page for part in parts for page in part.pages]
        return EpisodeScript(
            episode_number=brief.episode_number,
            title=plan.title,
            summary=plan.summary,
            pages=[page.model_copy(update={"number": n}) for n, page in enumerate(pages, 1)],
            cliffhanger=parts[-1].cliffhanger or plan.cliffhanger,
        )

    def _write_part(self, brief: EpisodeBrief, prompt: Prompt, first: int, last: int) -> EpisodeScript:
        return generate_validated(
            self.chat,
            prompt,
            self._part_parser(brief, wanted=last - first + 1),
            seed=seed_from(brief.seed, first),
            what=f"episode {brief.episode_number} pages {first}-{last}",
            schema=EPISODE_SCHEMA,
        )

    def _plan(self, brief: EpisodeBrief, total: int) -> EpisodePlan:
        bible = brief.bible
        names = {character.name for character in bible.characters}

        def parse(answer: dict[str, Any]) -> EpisodePlan:
            answer = dict(answer)
            answer["pages"] = renumbered_pages(answer.get("pages"))
            if isinstance(answer["pages"], list):
                answer["pages"] = answer["pages"][:total]
            plan = EpisodePlan.model_validate(answer)
            problems = (
                [f"the plan has {len(plan.pages)} pages, not {total}"] if len(plan.pages) < total else []
            )
            problems += [
                f"pages.{beat.number}.characters: {name!r} is not in the cast"
                for beat in plan.pages
                for name in beat.characters
                if name not in names
            ]
            if problems:
                raise OutputProblem(problems)
            return plan

        return generate_validated(
            self.chat,
            self._plan_prompt(brief, total),
            parse,
            seed=seed_from(brief.seed, "plan"),
            what=f"episode {brief.episode_number} plan",
            schema=PLAN_SCHEMA,
        )

    def _plan_prompt(self, brief: EpisodeBrief, total: int) -> Prompt:
        templates = self._templates()
        context = {
            **episode_context(brief),
            "total_pages": total,
            "schema": Trusted(json_schema(EpisodePlan)),
        }
        return Prompt(
            system=templates.render(SYSTEM_TEMPLATE, brief.style, **context),
            user=templates.render(PLAN_TEMPLATE, brief.style, **context),
        )

    def _pages_prompt(
        self, brief: EpisodeBrief, plan: EpisodePlan, first: int, last: int, total: int
    ) -> Prompt:
        templates = self._templates()
        context = {
            **episode_context(brief),
            "plan_title": untrusted(plan.title),
            "plan_summary": untrusted(plan.summary),
            "plan_pages": untrusted([beat.dump() for beat in plan.pages]),
            "first_page": first,
            "last_page": last,
            "page_count": last - first + 1,
            "total_pages": total,
            "is_first_part": first == 1,
            "is_last_part": last == total,
            "schema": Trusted(json_schema(EpisodeScript)),
        }
        return Prompt(
            system=templates.render(SYSTEM_TEMPLATE, brief.style, **context),
            user=templates.render(PAGES_TEMPLATE, brief.style, **context),
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
