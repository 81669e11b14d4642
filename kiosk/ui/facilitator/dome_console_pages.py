"""The other pages of the dome console: patterns, profiles (with the warp mesh) and the show playlist.

Widgets only show and forward: every action is a callback into the console, which calls the pure
:class:`kiosk.show.station.DomeStation` and shows what it answers.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget, QVBoxLayout, QWidget

from kiosk.i18n import Translator
from kiosk.show.events import AUDIENCE_CHOICES
from kiosk.show.patterns import PATTERN_NAMES
from kiosk.show.playlist import Show
from kiosk.ui.widgets.touch import kinetic_scroll, make_kinetic, touch_button


class PatternsPage(QWidget):
    """One large button per pattern; the chosen one is on the projector at once."""

    def __init__(self, tr: Translator, on_pattern: Callable[[str], None]) -> None:
        super().__init__()
        self.tr = tr
        grid = QGridLayout(self)
        self.buttons = {}
        for k, name in enumerate(PATTERN_NAMES):
            button = touch_button("", name=f"pattern_{name}", min_height=88)
            button.setCheckable(True)
            button.clicked.connect(lambda _c=False, n=name: on_pattern(n))
            grid.addWidget(button, k // 2, k % 2)
            self.buttons[name] = button
        grid.setRowStretch(len(PATTERN_NAMES), 1)

    def show_current(self, name: str | None) -> None:
        for pattern, button in self.buttons.items():
            button.setChecked(pattern == name)

    def retranslate(self) -> None:
        for name, button in self.buttons.items():
            button.setText(self.tr.tr(f"dome_console.pattern.{name}"))


class ProfilesPage(QWidget):
    """The stored profiles: load, save, save as, delete, export, import; the warp mesh of the profile."""

    def __init__(self, tr: Translator, actions: dict[str, Callable[[], None]]) -> None:
        super().__init__()
        self.tr = tr
        self.name = QLineEdit(objectName="profile_name", maxLength=80)
        self.name.setMinimumHeight(56)
        self.list = QListWidget(objectName="profile_list")
        self.list.setMinimumHeight(110)
        make_kinetic(self.list)
        self.list.currentTextChanged.connect(lambda text: self.name.setText(text) if text else None)
        self.buttons = {}
        grid = QGridLayout()
        for k, key in enumerate(("load", "save", "save_as", "delete", "export", "import", "mesh_import", "mesh_clear")):
            button = touch_button("", name=f"profile_{key}", min_height=56)
            button.clicked.connect(actions[key])
            grid.addWidget(button, k // 2, k % 2)
            self.buttons[key] = button
        self.current = QLabel(wordWrap=True, objectName="profile_current")
        self.mesh = QLabel(wordWrap=True, objectName="profile_mesh")
        self.message = QLabel(wordWrap=True, objectName="profile_message")
        body = QWidget()
        layout = QVBoxLayout(body)
        outer = QVBoxLayout(self)
        outer.addWidget(kinetic_scroll(body), 1)
        outer.addWidget(self.message)  # always in sight, under the scrolled part
        self.name_label = QLabel()
        layout.addWidget(self.current)
        layout.addWidget(self.name_label)
        layout.addWidget(self.name)
        layout.addWidget(self.list, 1)
        layout.addLayout(grid)
        layout.addWidget(self.mesh)

    def show_names(self, names: list[str], current: str) -> None:
        self.list.clear()
        self.list.addItems(names)
        self.current.setText(self.tr.tr("dome_console.profile_current", name=current))
        if not self.name.text():
            self.name.setText(current)

    def chosen_name(self) -> str:
        return self.name.text().strip()

    def retranslate(self) -> None:
        self.name_label.setText(self.tr.tr("dome_console.profile_name"))
        for key, button in self.buttons.items():
            button.setText(self.tr.tr(f"dome_console.profile_{key}"))


class ShowsPage(QWidget):
    """The playlist (one button per show, title and duration) and the one-tap audience count."""

    def __init__(self, tr: Translator, shows: list[Show], on_play: Callable[[int], None], on_audience) -> None:
        super().__init__()
        self.tr, self.shows = tr, shows
        body = QWidget()
        column = QVBoxLayout(body)
        self.buttons = []
        for index, _show in enumerate(shows):
            button = touch_button("", name=f"show_{index}", min_height=72)
            button.setCheckable(True)
            button.clicked.connect(lambda _c=False, i=index: on_play(i))
            column.addWidget(button)
            self.buttons.append(button)
        self.empty = QLabel(wordWrap=True)
        column.addWidget(self.empty)
        column.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(kinetic_scroll(body), 1)
        self.audience_label = QLabel(wordWrap=True)
        layout.addWidget(self.audience_label)
        row = QHBoxLayout()
        self.audience_buttons = []
        for count in AUDIENCE_CHOICES:
            button = touch_button(str(count), name=f"audience_{count}", min_height=64)
            button.clicked.connect(lambda _c=False, n=count: on_audience(n))
            row.addWidget(button)
            self.audience_buttons.append(button)
        layout.addLayout(row)
        self.message = QLabel(wordWrap=True, objectName="shows_message")
        layout.addWidget(self.message)

    def show_current(self, index: int | None) -> None:
        for k, button in enumerate(self.buttons):
            button.setChecked(k == index)

    def retranslate(self) -> None:
        language = self.tr.language
        for show, button in zip(self.shows, self.buttons):
            length = f"{int(show.duration_s) // 60}:{int(show.duration_s) % 60:02d}" if show.duration_s else "–"
            kind = "🎬" if show.kind == "video" else "🖼"
            button.setText(f"{kind}  {show.short_title(language)}   ({length})")
        self.empty.setText("" if self.shows else self.tr.tr("dome_console.no_shows"))
        self.audience_label.setText(self.tr.tr("dome_console.audience"))
