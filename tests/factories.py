"""Valid sample inputs for tests."""

from __future__ import annotations

from manga_common.models.insights import QlooInsights, Recommendation, Trend
from manga_common.models.preferences import PreferencesRequest
from manga_common.models.script import Panel
from manga_common.plugins.interfaces import CharacterReference, PanelImageRequest
from manga_common.prompts import PromptTemplates, panel_prompt
from manga_plugins.styles import BUILTIN_STYLES
from manga_plugins.templates import BUILTIN_TEMPLATES
from tests.fakes.samples import sample_bible, sample_script


def sample_preferences(**overrides: object) -> PreferencesRequest:
    values: dict[str, object] = {
        "genres": ["fantasy", "adventure"],
        "themes": ["friendship", "a lost map"],
        "artStyle": "shonen",
        "targetAudience": "teens",
        "contentRating": "teen",
        "seed": 7,
        "pages": 3,
    }
    values.update(overrides)
    return PreferencesRequest.model_validate(values)


def sample_insights() -> QlooInsights:
    return QlooInsights(
        recommendations=[Recommendation(category="anime", score=0.8, attributes={"tag": "adventure"})],
        trends=[Trend(topic="found family", popularity=0.7)],
        provider="offline",
    )


def sample_panel_request(
    panel: Panel | None = None,
    *,
    width: int = 600,
    height: int = 300,
    seed: int = 11,
    panel_index: int = 2,
    references: tuple[CharacterReference, ...] = (),
) -> PanelImageRequest:
    """A panel of the sample script as an image backend gets it, in the first built-in style."""
    bible, style = sample_bible(), BUILTIN_STYLES[0]
    panel = panel or sample_script().pages[0].panels[1]
    prompt, negative = panel_prompt(panel, bible, style, PromptTemplates([BUILTIN_TEMPLATES]))
    return PanelImageRequest(
        prompt=prompt,
        negative_prompt=negative,
        width=width,
        height=height,
        seed=seed,
        style=style,
        panel=panel,
        bible=bible,
        page_number=1,
        panel_index=panel_index,
        references=references,
    )
