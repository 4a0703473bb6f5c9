"""Writing an episode: the text backend's paneled script, stored as markdown and JSON."""

from __future__ import annotations

from manga_common import content
from manga_common.context import ServiceContext
from manga_common.errors import InvalidModelOutputError, NotFoundError
from manga_common.first_write import put_model_if_absent
from manga_common.ids import episode_id_for, seed_from
from manga_common.models.entities import EpisodeRecord, StoryRecord
from manga_common.models.events import EpisodeGenerationRequested, ImageGenerationRequested
from manga_common.models.script import EpisodeScript, StoryBible
from manga_common.observability import logger
from manga_common.plugins.interfaces import EpisodeBrief


def write_episode(event: EpisodeGenerationRequested, deps: ServiceContext) -> str:
    """Exactly one script per (story, episode number), however often the event is delivered.

    As for the story: the runner holds the lease, the script JSON is written only if absent,
    a retry reuses it without a model call, and a writer that loses a race adopts the winner's,
    so the table's title, episode.json, episode.md and the PDF agree.
    """
    user_id, story_id, number = event.user_id, event.story_id, event.episode_number
    episode_id = episode_id_for(story_id, number)
    moved = deps.table.move_request(
        user_id, event.request_id, "PROCESSING", episode_id=episode_id, episode_number=number
    )
    if not moved:
        logger.info("request no longer running, episode not written", extra={"episode_id": episode_id})
        return episode_id
    story = deps.table.get_story(user_id, story_id)
    if story is None:
        raise NotFoundError(f"story {story_id} does not exist")
    markdown_key = content.episode_markdown_key(user_id, story_id, number)
    script_key = content.episode_script_key(user_id, story_id, number)
    existing = deps.table.get_episode(story_id, number)
    if existing is None or not existing.s3_key or not deps.store.exists(script_key):
        bible = deps.store.get_model(content.story_bible_key(user_id, story_id), StoryBible)
        script = _the_script(event, deps, story, bible)
        deps.store.put_text(markdown_key, episode_markdown(bible, script))
        deps.table.put_episode_script(
            EpisodeRecord(
                story_id=story_id,
                episode_number=number,
                episode_id=episode_id,
                user_id=user_id,
                request_id=event.request_id,
                title=script.title,
                s3_key=markdown_key,
                page_count=len(script.pages),
            )
        )
        logger.info("episode written", extra={"episode_id": episode_id, "pages": len(script.pages)})
    request = deps.table.get_request(user_id, event.request_id)
    if request is not None and request.review_script:
        # The reader edits the script first: the episode awaits drawing and this request ends
        # here; `POST /episodes/{id}/draw` starts the drawing as an IMAGE request of its own.
        deps.table.set_episode_status(story_id, number, "SCRIPTED")
        deps.table.move_request(user_id, event.request_id, "COMPLETED", episode_id=episode_id)
        logger.info("episode awaits drawing", extra={"episode_id": episode_id})
        return episode_id
    deps.publisher.publish(
        ImageGenerationRequested(
            user_id=user_id,
            request_id=event.request_id,
            episode_id=episode_id,
            episode_s3_key=markdown_key,
            story_id=story_id,
            episode_number=number,
        )
    )
    return episode_id


def _the_script(
    event: EpisodeGenerationRequested, deps: ServiceContext, story: StoryRecord, bible: StoryBible
) -> EpisodeScript:
    """The episode's one script: the one in S3 if any, else the model's, written only if still absent."""
    key = content.episode_script_key(event.user_id, event.story_id, event.episode_number)
    if (stored := deps.store.get_model_if_stored(key, EpisodeScript)) is not None:
        return stored
    number = event.episode_number
    backend = deps.registry.text_backends.get(deps.settings.text_backend)
    script = backend.write_episode(
        EpisodeBrief(
            bible=bible,
            style=deps.registry.art_styles.get(story.art_style or bible.art_style),
            episode_number=number,
            seed=seed_from(story.seed if story.seed is not None else story.story_id, number),
            pages=story.pages,
            previously=[outline for outline in bible.arc if outline.number < number],
        )
    )
    problems = script.problems_with(bible)
    if problems:
        raise InvalidModelOutputError("; ".join(problems)[:500])
    if put_model_if_absent(deps.store, key, script):
        return script
    logger.info("another delivery wrote the script first; using it", extra={"story_id": event.story_id})
    return deps.store.get_model(key, EpisodeScript)


def episode_markdown(bible: StoryBible, script: EpisodeScript) -> str:
    """The script as a human-readable markdown document (the JSON beside it is what machines read)."""
    lines = [f"# {bible.title}: Episode {script.episode_number}, {script.title}", "", script.summary, ""]
    for page in script.pages:
        lines += [f"## Page {page.number}", ""]
        for index, panel in enumerate(page.panels, start=1):
            cast = ", ".join(panel.characters) or "no one"
            lines.append(f"**Panel {index}** ({panel.shot}; {cast}): {panel.description}")
            if panel.caption:
                lines.append(f"> *{panel.caption}*")
            for line in panel.dialogue:
                lines.append(f"- **{line.speaker}** ({line.kind}): {line.text}")
            if panel.sfx:
                lines.append(f"- SFX: {panel.sfx}")
            lines.append("")
    if script.cliffhanger:
        lines += ["---", "", f"*Next time: {script.cliffhanger}*", ""]
    return "\n".join(lines)


def mark_episode_failed(event: EpisodeGenerationRequested, deps: ServiceContext) -> None:
    deps.table.set_episode_status(event.story_id, event.episode_number, "FAILED")
