from manga_common.plugins.interfaces import ArtStyle

STYLE = ArtStyle(
    name="chibi",
    display_name="Chibi",
    description="Round super-deformed characters, pastel colour, simple cheerful backgrounds.",
    prompt_style=(
        "chibi manga panel, cute super-deformed characters, big heads, pastel colours, clean thick outlines"
    ),
    color=True,
    palette=("#3b2f2f", "#fffaf3", "#ffb3c6", "#a0e7e5", "#fbe7a1", "#b4f8c8"),
    line_weight=2.0,
    voice="playful, warm, comic",
    backend_options={
        "offline": {
            "screentone": "none",
            "screentone_density": 0.2,
            "background": "simple",
            "proportions": "chibi",
            "eye_scale": 1.8,
            "speed_lines": 0.4,
            "panel_density": "airy",
        },
        "bedrock": {"stability_preset": "anime"},
    },
)
