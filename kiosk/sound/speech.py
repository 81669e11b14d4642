"""Read-aloud for weak readers: the question and its choices, spoken by espeak-ng (offline).

One subprocess at a time; a new :meth:`Speaker.say` or :meth:`Speaker.stop` ends the previous one.
:meth:`Speaker.available` is ``False`` when espeak-ng is missing or has no voice for the language:
the speaker button is then hidden. MBROLA voices (``mb/…``) are skipped: they need extra packages.
Voices tried, in order: ``fr-ca`` then any other French voice; ``en-us``/``en-ca`` then any English.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from collections.abc import Sequence

log = logging.getLogger("kiosk")

PREFERRED: dict[str, tuple[str, ...]] = {"fr": ("fr-ca", "fr-fr", "fr"), "en": ("en-ca", "en-us", "en-gb", "en")}
WORDS_PER_MINUTE = 150  # a little slower than espeak-ng's 175 default


def parse_voices(listing: str) -> list[tuple[str, str]]:
    """``(language, file)`` rows of ``espeak-ng --voices`` output, MBROLA voices left out."""
    rows = []
    for line in listing.splitlines()[1:]:
        parts = line.split()
        if len(parts) >= 5 and not parts[4].startswith("mb/"):
            rows.append((parts[1], parts[4]))
    return rows


def pick_voice(listing: str, language: str) -> str | None:
    """The espeak-ng voice to use for ``language`` (``"fr"`` or ``"en"``), or ``None`` if there is none."""
    rows = parse_voices(listing)
    languages = [lang for lang, _ in rows]
    for wanted in PREFERRED.get(language, (language,)):
        if wanted in languages:
            return wanted
    for lang in languages:
        if lang.split("-")[0] == language:
            return lang
    return None


class Speaker:
    """Speaks texts with ``command`` (espeak-ng); every failure is silent (logged only)."""

    def __init__(self, command: str = "espeak-ng", *, enabled: bool = True) -> None:
        self.command = shutil.which(command) if enabled else None
        self._voices: dict[str, str | None] = {}
        self._process: subprocess.Popen[bytes] | None = None

    def voice(self, language: str) -> str | None:
        if self.command is None:
            return None
        if language not in self._voices:
            try:
                listing = subprocess.run(
                    [self.command, f"--voices={language}"], capture_output=True, text=True, timeout=5, check=False
                ).stdout
            except (OSError, subprocess.SubprocessError) as exc:
                log.info("read-aloud unavailable: %s", exc)
                listing = ""
            self._voices[language] = pick_voice(listing, language)
        return self._voices[language]

    def available(self, language: str = "fr") -> bool:
        return self.voice(language) is not None

    def args(self, text: str, language: str) -> list[str]:
        """The command line that speaks ``text`` (text after ``--``, never parsed as options)."""
        return [str(self.command), "-v", str(self.voice(language)), "-s", str(WORDS_PER_MINUTE), "--", text]

    def say(self, texts: Sequence[str], language: str) -> bool:
        """Start speaking ``texts`` (one sentence each) in ``language``; ``True`` if it started."""
        self.stop()
        if not self.available(language):
            return False
        text = "\n".join(t.strip().rstrip(".") + "." for t in texts if t.strip())
        try:
            self._process = subprocess.Popen(
                self.args(text, language),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        except OSError as exc:
            log.info("read-aloud failed: %s", exc)
            return False
        return True

    @property
    def speaking(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def stop(self) -> None:
        """Stop the voice at once (new question, answer, language change, idle reset)."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=2)
            except subprocess.TimeoutExpired:
                process.kill()
