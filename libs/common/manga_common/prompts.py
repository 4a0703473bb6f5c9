"""Prompts for cloud models, rendered from the template plugins' jinja2 folders.

Template folders come from the `register_prompt_templates` hook, highest priority first;
`Settings.template_dir`, when set, is searched before all of them, so an operator's folder
overrides any template it defines. Within each folder a style-specific template
(`<style>.<name>`, e.g. `noir.panel.j2`) wins over the generic one (`<name>`).

Templates run in a sandboxed jinja2 environment, and what they print is allowed, not
refused: an expression's value is printed only when it is
- `Quoted`, what the `data` filter makes of a value: a quoted, escaped, length-limited JSON
  literal that the model reads as a value, never as an instruction;
- `Trusted`, text the platform itself supplies (the art style, the schema, values checked
  against a fixed list such as a shot or a content rating);
- a number or a boolean.
Anything else fails the render. User text (a reader's themes) and anything a model or a taste
API wrote (the bible, a character's look, a panel's description) is neither, and whatever a
template does to it (join, upper, `~`, `%`, slicing, `string`, a method) gives plain text,
which is refused too: `data` is the only way to print it. Conditional words belong in the
template's text (`{% if n != 1 %}s{% endif %}`) rather than in string literals.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from manga_common.errors import ConfigurationError
from manga_common.ids import seed_from
from manga_common.models.preferences import ReadingDirection
from manga_common.models.script import EpisodeScript, Page, Panel, StoryBible
from manga_common.plugins.interfaces import ArtStyle, EpisodeBrief, StoryBrief, TemplateSource
from manga_common.staging import stage_panel

if TYPE_CHECKING:
    # jinja2 is imported when the first prompt is rendered, not with this module: the stages
    # that import it for a prompt's helpers (seeds, staging) should not pay for it at cold start.
    import jinja2.sandbox

MAX_DATA_CHARS = 200
SYSTEM_TEMPLATE = "system.j2"
STORY_TEMPLATE = "story.j2"
EPISODE_TEMPLATE = "episode.j2"
PANEL_TEMPLATE = "panel.j2"


class Untrusted(str):
    """Text a reader, a model or a remote API wrote; templates print it only via `| data`."""

    __slots__ = ()


class Trusted(str):
    """Text the platform supplies (art styles, schemas, values from a fixed list): printable as is."""

    __slots__ = ()


class Quoted(str):
    """The `data` filter's output: a JSON literal, printable as is."""

    __slots__ = ()


def as_data(text: str, limit: int = MAX_DATA_CHARS) -> str:
    """A quoted, escaped, length-limited literal: reads as a value, never as an instruction."""
    return json.dumps(str(text)[:limit], ensure_ascii=False)


def _plain(value: Any, limit: int) -> Any:
    """JSON-ready copy of `value` with every string cut to `limit` characters."""
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json", by_alias=True, exclude_none=True)
    if isinstance(value, str):
        return str(value)[:limit]
    if isinstance(value, Mapping):
        return {str(key): _plain(item, limit) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item, limit) for item in value]
    return value


def data_filter(value: Any, limit: int = MAX_DATA_CHARS) -> Quoted:
    """The `data` filter: any value as JSON, each string quoted, escaped and cut to `limit`."""
    return Quoted(json.dumps(_plain(value, limit), ensure_ascii=False))


def untrusted(value: Any) -> Any:
    """`value` with every string in it (models and nested containers included) marked Untrusted."""
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json", by_alias=True, exclude_none=True)
    if isinstance(value, str):
        return Untrusted(value)
    if isinstance(value, Mapping):
        return {str(key): untrusted(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [untrusted(item) for item in value]
    return value


def trusted(value: Any) -> Any:
    """`value` with every string in it marked Trusted: only for what the platform itself supplies."""
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json", by_alias=False, exclude_none=True)
    if isinstance(value, str):
        return Trusted(value)
    if isinstance(value, Mapping):
        return {str(key): trusted(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [trusted(item) for item in value]
    return value


def _print_only_data(value: Any) -> Any:
    """The environment's `finalize`: every printed expression passes here."""
    import jinja2

    # An undefined name is StrictUndefined's to report, when it is printed.
    if isinstance(value, Quoted | Trusted | jinja2.Undefined) or value is None:
        return value
    if isinstance(value, bool | int | float) and not isinstance(value, str):
        return value
    raise jinja2.TemplateError(
        "print text through the `data` filter: only its output, platform text and numbers are printed"
    )


@cache
def _environment_class() -> type[jinja2.sandbox.SandboxedEnvironment]:
    """The environment's class, defined on first use so that jinja2 is imported then."""
    import jinja2.runtime
    import jinja2.sandbox

    class _PromptEnvironment(jinja2.sandbox.SandboxedEnvironment):
        """The sandbox, where what a block or macro renders (`super()`, `self.name()`, a macro
        call) prints as is: it is template text and values that each passed `finalize` already."""

        def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
            rendered = super().call(__context, __obj, *args, **kwargs)
            if isinstance(__obj, jinja2.runtime.BlockReference | jinja2.runtime.Macro) and isinstance(
                rendered, str
            ):
                return Trusted(rendered)
            return rendered

    return _PromptEnvironment


@dataclass(frozen=True)
class Prompt:
    """A chat prompt: the system message and the user message."""

    system: str
    user: str


class PromptTemplates:
    """A jinja2 environment over template folders, the first folder winning."""

    def __init__(self, sources: Iterable[TemplateSource], override_dir: str | Path | None = None) -> None:
        ordered = sorted(sources, key=lambda source: -source.priority)
        folders = [Path(override_dir)] if override_dir else []
        folders += [source.directory for source in ordered]
        if not folders:
            raise ConfigurationError("no prompt templates are registered")
        self.folders = tuple(folders)

    @cached_property
    def environment(self) -> jinja2.sandbox.SandboxedEnvironment:
        """Built on the first render (see _environment_class)."""
        import jinja2

        environment = _environment_class()(
            loader=jinja2.FileSystemLoader([str(folder) for folder in self.folders]),
            undefined=jinja2.StrictUndefined,
            autoescape=False,  # prompts are plain text, never HTML
            keep_trailing_newline=False,
            trim_blocks=True,
            lstrip_blocks=True,
            finalize=_print_only_data,
        )
        environment.filters["data"] = data_filter
        return environment

    def compile(self) -> int:
        """Compile every template now (a sandbox's init), not on its first render; returns how
        many compiled. jinja2 keeps them, so a first story or panel prompt renders at once."""
        import jinja2

        compiled = 0
        for name in self.environment.list_templates(extensions=["j2"]):
            try:
                self.environment.get_template(name)
            except jinja2.TemplateError:
                # An operator's broken template fails the prompts that use it, when they render
                # it, as it did; it does not stop a worker from starting.
                continue
            compiled += 1
        return compiled

    def template_name(self, name: str, style: ArtStyle) -> str:
        """The name to load: the first folder holding either the style's or the generic template."""
        for folder in self.folders:
            for candidate in (f"{style.name}.{name}", name):
                if (folder / candidate).is_file():
                    return candidate
        raise ConfigurationError(f"no prompt template {name!r} in {[str(f) for f in self.folders]}")

    def render(self, name: str, style: ArtStyle, **context: Any) -> str:
        template = self.environment.get_template(self.template_name(name, style))
        # The style is the operator's configuration: its words print as they are.
        return template.render(style=trusted(style), **context).strip()


@cache
def default_templates() -> PromptTemplates:
    """The process's templates: every registered folder plus the configured override folder."""
    from manga_common.plugins.registry import get_registry
    from manga_common.settings import get_settings

    sources = get_registry().template_sources.items.values()
    return PromptTemplates(sources, get_settings().template_dir)


@cache
def json_schema(model: type[BaseModel]) -> str:
    """The wire-format JSON schema a model must answer in (built once per model: pydantic takes
    tens of milliseconds to generate one, on every story and script call)."""
    return json.dumps(model.model_json_schema(by_alias=True), separators=(",", ":"))


def story_prompt(brief: StoryBrief, templates: PromptTemplates | None = None) -> Prompt:
    templates = templates or default_templates()
    preferences = brief.preferences
    context: dict[str, Any] = {
        "genres": untrusted(preferences.genres),
        "themes": untrusted(preferences.themes),
        "audience": Trusted(preferences.target_audience),  # one of a fixed list, as is rating
        "rating": Trusted(preferences.content_rating),
        "episodes_planned": brief.episodes_planned,
        # Taste insights come from a remote API: data, like the reader's own words.
        "recommendations": [
            untrusted({"category": r.category, "name": _recommended(r.attributes)})
            for r in sorted(brief.insights.recommendations, key=lambda r: -r.score)[:8]
        ],
        "trends": [
            untrusted(t.topic) for t in sorted(brief.insights.trends, key=lambda t: -t.popularity)[:6]
        ],
        "schema": Trusted(json_schema(StoryBible)),
        "task": Trusted("story"),
    }
    return Prompt(
        system=templates.render(SYSTEM_TEMPLATE, brief.style, **context),
        user=templates.render(STORY_TEMPLATE, brief.style, **context),
    )


def _recommended(attributes: Mapping[str, Any]) -> str:
    """What a recommendation names: its `name`, else its other text attributes."""
    name = attributes.get("name")
    if isinstance(name, str) and name:
        return name
    return ", ".join(str(v) for v in attributes.values() if isinstance(v, str) and v)


def episode_context(brief: EpisodeBrief) -> dict[str, Any]:
    """What every episode prompt tells the model of the story so far."""
    bible = brief.bible
    outline = next((o for o in bible.arc if o.number == brief.episode_number), None)
    # The bible, its plan and earlier episodes were written by a model from a reader's
    # request: data, printed only through the `data` filter.
    return {
        "task": Trusted("episode"),
        "bible": untrusted(bible),
        "character_names": untrusted([c.name for c in bible.characters]),
        "episode_number": brief.episode_number,
        "outline": untrusted(outline) if outline else None,
        "previously": untrusted(brief.previously),
        "audience": Trusted(bible.target_audience),
        "rating": Trusted(bible.content_rating),
    }


def episode_prompt(
    brief: EpisodeBrief,
    first_page: int,
    last_page: int,
    total_pages: int,
    written: Iterable[Page] = (),
    title: str | None = None,
    templates: PromptTemplates | None = None,
) -> Prompt:
    """The prompt for pages `first_page`..`last_page` of an episode of `total_pages` pages.

    Long episodes are written in parts; `written` are the pages already written and
    `title` the title the first part chose, so a later part continues the same episode.
    """
    templates = templates or default_templates()
    context: dict[str, Any] = {
        **episode_context(brief),
        "first_page": first_page,
        "last_page": last_page,
        "page_count": last_page - first_page + 1,
        "total_pages": total_pages,
        "is_first_part": first_page == 1,
        "is_last_part": last_page == total_pages,
        "title": untrusted(title) if title else None,
        "written": untrusted([_page_digest(page, number) for number, page in enumerate(written, start=1)]),
        "schema": Trusted(json_schema(EpisodeScript)),
    }
    return Prompt(
        system=templates.render(SYSTEM_TEMPLATE, brief.style, **context),
        user=templates.render(EPISODE_TEMPLATE, brief.style, **context),
    )


def _page_digest(page: Page, number: int) -> dict[str, Any]:
    """What a later part needs to know of a written page: what happens and who says what."""
    return {
        "page": number,
        "panels": [
            {"description": p.description, "lines": [f"{d.speaker}: {d.text}" for d in p.dialogue]}
            for p in page.panels
        ],
    }


def panel_prompt(
    panel: Panel,
    bible: StoryBible,
    style: ArtStyle,
    templates: PromptTemplates | None = None,
    reading_direction: ReadingDirection = "rtl",
) -> tuple[str, str]:
    """(prompt, negative prompt) for one panel; every character's fixed look is restated."""
    templates = templates or default_templates()
    people = []
    for placement in stage_panel(panel, reading_direction):
        character = bible.character(placement.name)
        if character:
            # The look's words were written by a model (in the bible): data, like the description.
            people.append(
                {
                    "look": Untrusted(character.look.describe()),
                    "position": Trusted(placement.horizontal_words()),
                }
            )
    # Shot, place, time, weather and mood are each one of a fixed list: the platform's words.
    text = templates.render(
        PANEL_TEMPLATE,
        style,
        panel=untrusted(panel),
        shot=Trusted(panel.shot),
        place=Trusted(panel.location or bible.setting.kind),
        time_of_day=Trusted(panel.time_of_day or bible.setting.time_of_day),
        weather=Trusted(bible.setting.weather),
        people=people,
        mood=Trusted(panel.emotion),
        action=panel.action,
        description=untrusted(panel.description),
    )
    # One phrase per template line: image models read comma-separated phrases.
    phrases = [line.strip().rstrip(",") for line in text.splitlines()]
    return ", ".join(phrase for phrase in phrases if phrase), style.negative_prompt


def panel_seed(panel: Panel, bible: StoryBible, fallback: int) -> int:
    """The image seed for a panel: the same for every panel led by the same character.

    The lead character is the first one staged (speakers first). Together with the
    restated look in every prompt, a fixed seed per character keeps a face recognisable
    from panel to panel; panels without characters use `fallback`.
    """
    placements = stage_panel(panel)
    lead = next((p.name for p in placements if bible.character(p.name)), None)
    if lead is None:
        return fallback
    return seed_from(bible.title, "character", lead)
