from manga_common.plugins.interfaces import ArtStyle

STYLE = ArtStyle(
    name="shojo",
    display_name="Shojo",
    description="Fine lines, large expressive eyes, flowers and sparkles, soft tones.",
    prompt_style=(
        "shojo manga panel, delicate fine ink lines, large sparkling eyes, floral screentone, soft shading"
    ),
    line_weight=0.7,
    voice="emotional, heartfelt, attentive to small gestures",
    backend_options={
        "offline": {
            "screentone": "dots",
            "screentone_density": 0.25,
            "background": "sparkles",
            "proportions": "tall",
            "eye_scale": 1.8,
            "speed_lines": 0.2,
            "panel_density": "airy",
        },
        "bedrock": {"stability_preset": "anime"},
    },
)
