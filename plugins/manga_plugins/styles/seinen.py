from manga_common.plugins.interfaces import ArtStyle

STYLE = ArtStyle(
    name="seinen",
    display_name="Seinen",
    description="Realistic proportions, dense hatching, detailed and gritty backgrounds.",
    prompt_style="seinen manga panel, detailed realistic ink illustration, cross-hatching, gritty atmosphere",
    line_weight=1.3,
    voice="restrained, grounded, morally grey",
    backend_options={
        "offline": {
            "screentone": "crosshatch",
            "screentone_density": 0.85,
            "background": "detailed",
            "proportions": "tall",
            "eye_scale": 0.6,
            "speed_lines": 0.4,
            "panel_density": "dense",
        },
        "bedrock": {"stability_preset": "comic-book"},
    },
)
