"""CALLR's media library: media made by name, listed, and given text-to-speech content."""

import random
from dataclasses import dataclass, field
from typing import Any

from .errors import not_found, value_error
from .values import int_param, object_param, string_param

VOICES = (
    "TTS_DE-DE_ANNA", "TTS_DE-DE_YANNICK", "TTS_EN-GB_DANIEL", "TTS_EN-GB_SERENA", "TTS_FR-FR_AUDREY",
    "TTS_FR-FR_SEBASTIEN", "TTS_FR-FR_THOMAS", "TTS_FR-FR_VIRGINIE", "TTS_IT-IT_PAOLO", "TTS_IT-IT_SILVIA",
    "TTS_NL-BE_ELLEN", "TTS_NL-NL_CLAIRE", "TTS_NL-NL_XANDER",
)  # fmt: skip
WORDS_PER_SECOND = 2.5  # a TTS media's duration, from its words at a calm reading pace
FIRST_MEDIA_ID = 1000


@dataclass
class Media:
    id: int
    hash: str
    name: str
    status: str = "PENDING_CONTENT"
    content: str | None = None
    voice: str | None = None
    duration: int = 0
    language: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "category": [],
            "content": self.content,
            "duration": self.duration,
            "hash": self.hash,
            "id": self.id,
            "is_editable": True,
            "language": self.language,
            "name": self.name,
            "status": self.status,
            "tags": {},
            "url": None,
            "voice": self.voice,
        }


class Library:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.media: dict[int, Media] = {}

    def create(self, name: Any) -> int:
        """media/library.create: the new media's id, waiting for content."""
        media_id = max(self.media, default=FIRST_MEDIA_ID - 1) + 1
        self.media[media_id] = Media(media_id, f"{self.rng.getrandbits(32):08X}", string_param("name", name))
        return media_id

    def get_list(self) -> list[dict[str, Any]]:
        return [media.as_json() for media in self.media.values()]

    def set_tts(self, media_id: Any, text: Any, voice: Any, options: Any) -> bool:
        """media/tts.set_content: text read by a voice; ready at once (nothing is rendered)."""
        media = self.media.get(int_param("media_id", media_id, 0, 2**63))
        if media is None:
            raise not_found("media", media_id)
        content = string_param("text", text)
        chosen = string_param("voice", voice)
        if chosen not in VOICES:
            raise value_error("voice", f"one of {', '.join(VOICES)}", chosen)
        rate = object_param("options", options).get("rate", 50)
        int_param("options.rate", rate, 1, 100)
        media.content, media.voice, media.status = content, chosen, "READY"
        language, country = chosen.split("_")[1].split("-")
        media.language = [f"{language.lower()}_{country}"]
        media.duration = max(1, round(len(content.split()) / WORDS_PER_SECOND * 50 / rate))
        return True
