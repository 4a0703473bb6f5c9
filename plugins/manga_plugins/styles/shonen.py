from manga_common.plugins.interfaces import ArtStyle

STYLE = ArtStyle(
    name="shonen",
    display_name="Shonen",
    description="Bold ink, dynamic angles, speed lines and dot screentone: action first.",
    prompt_style=(
        "shonen manga panel, bold black ink lines, dynamic composition, screentone shading, high contrast"
    ),
    line_weight=1.6,
    voice="energetic, earnest, full of resolve",
    backend_options={
        "offline": {
            "screentone": "dots",
            "screentone_density": 0.55,
            "background": "detailed",
            "proportions": "regular",
            "eye_scale": 1.1,
            "speed_lines": 1.0,
            "panel_density": "regular",
        },
        "bedrock": {"stability_preset": "anime"},
    },
)
