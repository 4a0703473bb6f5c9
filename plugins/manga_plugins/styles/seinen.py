from manga_common.plugins.interfaces import ArtStyle

STYLE = ArtStyle(
    name="seinen",
    display_name="Seinen",
    description="Realistic proportions, dense hatching, detailed and gritty backgrounds.",
    prompt_style="seinen manga panel, detailed realistic ink illustration, cross-hatching, gritty atmosphere",
    stability_preset="comic-book",
    line_weight=1.1,
    screentone="crosshatch",
    screentone_density=0.7,
    background="detailed",
    proportions="tall",
    eye_scale=0.75,
    speed_lines=0.5,
    voice="restrained, grounded, morally grey",
)
