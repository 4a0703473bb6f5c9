from manga_common.plugins.interfaces import ArtStyle

STYLE = ArtStyle(
    name="noir",
    display_name="Noir",
    description="Heavy blacks, hard shadows, rain and venetian-blind light.",
    prompt_style="noir manga panel, heavy black shadows, stark chiaroscuro, rain, line-tone shading",
    negative_prompt="colour, pastel, cute, photo, blurry, watermark, text, signature",
    line_weight=1.3,
    voice="terse, hard-boiled, fatalistic",
    backend_options={
        "offline": {
            "screentone": "lines",
            "screentone_density": 0.8,
            "background": "shadow",
            "proportions": "tall",
            "eye_scale": 0.8,
            "speed_lines": 0.3,
            "panel_density": "regular",
        },
        "bedrock": {"stability_preset": "comic-book"},
    },
)
