"""Writing a story: the text backend's bible, stored as markdown and JSON, then episode 1
(and, meanwhile, the cast's reference sheets)."""

from __future__ import annotations

from manga_common import content
from manga_common.context import ServiceContext
from manga_common.first_write import put_model_if_absent
from manga_common.ids import seed_from, story_id_for
from manga_common.models.entities import StoryRecord
from manga_common.models.events import (
    CastSheetsRequested,
    EpisodeGenerationRequested,
    StoryGenerationRequested,
)
from manga_common.models.script import StoryBible
from manga_common.observability import logger
from manga_common.plugins.interfaces import StoryBrief

EPISODES_PLANNED = 3


def write_story(event: StoryGenerationRequested, deps: ServiceContext) -> str:
    """Exactly one bible per request, however often the event is delivered.

    The stage runner holds this request's story lease while this runs. The bible is written
    to S3 only if none is there (a conditional write): a retry or a worker taking over an
    expired lease reuses the bible already written instead of calling the model again, and a
    writer that loses a race adopts the winner's. The table, story.json, story.md and so the
    PDF all carry the same title.
    """
    user_id, request_id = event.user_id, event.request_id
    story_id = story_id_for(request_id)
    preferences = event.preferences
    if not deps.table.move_request(user_id, request_id, "PROCESSING", story_id=story_id):
        logger.info("request no longer running, story not written", extra={"story_id": story_id})
        return story_id
    record = StoryRecord(
        user_id=user_id,
        story_id=story_id,
        request_id=request_id,
        art_style=preferences.art_style,
        reading_direction=preferences.reading_direction,
        pages=preferences.pages,
    )
    deps.table.start_story(record)
    existing = deps.table.get_story(user_id, story_id)
    if existing is None or existing.status != "COMPLETED":
        seed = preferences.seed if preferences.seed is not None else seed_from(request_id)
        bible = _the_bible(event, deps, story_id, seed)
        markdown_key = content.story_markdown_key(user_id, story_id)
        deps.store.put_text(markdown_key, story_markdown(bible))
        deps.table.complete_story(
            record.model_copy(update={"title": bible.title, "s3_key": markdown_key, "seed": seed})
        )
        logger.info("story written", extra={"story_id": story_id, "characters": len(bible.characters)})
    deps.publisher.publish(
        EpisodeGenerationRequested(
            user_id=user_id,
            request_id=request_id,
            story_id=story_id,
            story_s3_key=content.story_markdown_key(user_id, story_id),
            episode_number=1,
        )
    )
    # After the episode's event: the script is on the critical path, the sheets have the time
    # the script takes to be written.
    request_cast_sheets(deps, CastSheetsRequested(user_id=user_id, request_id=request_id, story_id=story_id))
    return story_id


def request_cast_sheets(deps: ServiceContext, event: CastSheetsRequested) -> None:
    """Best effort: without the event the image stage draws the sheets itself, only later."""
    try:
        deps.publisher.publish(event)
    except Exception:  # the episode event still goes out; a retry of it would not mend this
        logger.warning("cast sheets not requested ahead", extra={"story_id": event.story_id}, exc_info=True)


def _the_bible(event: StoryGenerationRequested, deps: ServiceContext, story_id: str, seed: int) -> StoryBible:
    """The request's one bible: the one in S3 if any, else the model's, written only if still absent."""
    key = content.story_bible_key(event.user_id, story_id)
    if (stored := deps.store.get_model_if_stored(key, StoryBible)) is not None:
        return stored
    preferences = event.preferences
    backend = deps.registry.text_backends.get(deps.settings.text_backend)
    bible = backend.write_story(
        StoryBrief(
            preferences=preferences,
            insights=event.insights,
            style=deps.registry.art_styles.get(preferences.art_style),
            seed=seed,
            episodes_planned=EPISODES_PLANNED,
        )
    )
    if put_model_if_absent(deps.store, key, bible):
        return bible
    logger.info("another delivery wrote the bible first; using it", extra={"story_id": story_id})
    return deps.store.get_model(key, StoryBible)


def story_markdown(bible: StoryBible) -> str:
    """The story bible as a reader-friendly markdown document."""
    lines = [f"# {bible.title}", "", f"*{bible.tagline}*", "", bible.logline, "", "## Setting", ""]
    setting = bible.setting
    lines += [
        f"**{setting.name}** ({setting.kind}, {setting.time_of_day}, {setting.weather}): "
        f"{setting.description}"
    ]
    lines += ["", "## Cast", ""]
    for character in bible.characters:
        lines.append(
            f"- **{character.name}**, {character.role}: {character.personality} ({character.look.describe()})"
        )
    lines += ["", "## Arc", ""]
    for outline in bible.arc:
        lines.append(f"{outline.number}. **{outline.title}**: {outline.summary}")
    return "\n".join(lines) + "\n"


def mark_story_failed(event: StoryGenerationRequested, deps: ServiceContext) -> None:
    deps.table.set_story_status(event.user_id, story_id_for(event.request_id), "FAILED")
