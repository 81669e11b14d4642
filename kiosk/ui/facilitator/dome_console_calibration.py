"""The calibration page of the dome console: large sliders with − / + fine steps, set-up, flips, rotation.

Each row is one :data:`kiosk.show.profiles.PARAMETERS` entry (label, −, slider, +, value). Moving a row
calls ``on_change(name, value)``; the console sends it to the station, which reaches the projector in
under 100 ms (a small preview geometry first). Keyboard nudges: ←/→ change the selected row by its fine
step (Shift: coarse step), ↑/↓ select another row; the selected row is highlighted.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QSlider, QVBoxLayout, QWidget

from kiosk.i18n import Translator
from kiosk.show.profiles import PARAMETERS, ROTATIONS, SETUPS, Profile
from kiosk.ui.widgets.touch import kinetic_scroll, touch_button

SLIDER_STEPS = 1000
SLIDER_STYLE = """
QSlider { min-height: 56px; }
QSlider::groove:horizontal { height: 10px; border-radius: 5px; background: #5a5a6a; }
QSlider::handle:horizontal { width: 44px; margin: -18px 0; border-radius: 10px; background: #7b4fc9; }
"""


def _format(name: str, value: float) -> str:
    spec = PARAMETERS[name]
    if spec.unit == "°":
        return f"{value:+.1f}°" if spec.low < 0 else f"{value:.1f}°"
    if spec.unit == "m":
        return f"{value:.2f} m"
    return f"{value:.3f}"


class CalibrationPage(QWidget):
    """See the module docstring; :meth:`show_profile` reflects a profile without emitting changes."""

    def __init__(
        self,
        tr: Translator,
        on_change: Callable[[str, object], None],
    ) -> None:
        super().__init__()
        self.tr, self.on_change = tr, on_change
        self.profile = Profile()
        self.selected = 0
        self._quiet = False
        self.rows: dict[str, tuple[QLabel, QSlider, QLabel, list[QWidget]]] = {}
        body = QWidget()
        grid = QGridLayout(body)
        grid.setHorizontalSpacing(8)
        self.setup_label = QLabel()
        self.setup = QComboBox(objectName="dome_setup")
        self.setup.setMinimumHeight(56)
        self.setup.currentIndexChanged.connect(lambda _i: self._changed("setup", self.setup.currentData()))
        grid.addWidget(self.setup_label, 0, 0)
        grid.addWidget(self.setup, 0, 1, 1, 4)
        for row, name in enumerate(PARAMETERS, start=1):
            self._add_row(grid, row, name)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(kinetic_scroll(body), 1)
        layout.addLayout(self._orientation_row())
        self.hint = QLabel(objectName="hint", wordWrap=True)
        layout.addWidget(self.hint)
        self.setStyleSheet(SLIDER_STYLE)

    def _add_row(self, grid: QGridLayout, row: int, name: str) -> None:
        spec = PARAMETERS[name]
        label = QLabel(wordWrap=True)
        minus = touch_button("−", min_height=56)
        plus = touch_button("+", min_height=56)
        slider = QSlider(Qt.Orientation.Horizontal, objectName=f"slider_{name}")
        slider.setRange(0, SLIDER_STEPS)
        slider.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        value = QLabel(alignment=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        value.setMinimumWidth(90)
        minus.clicked.connect(lambda _c=False, n=name: self.nudge_named(n, -spec.fine))
        plus.clicked.connect(lambda _c=False, n=name: self.nudge_named(n, spec.fine))
        slider.valueChanged.connect(lambda v, n=name: self._slider_moved(n, v))
        widgets: list[QWidget] = [label, minus, slider, plus, value]
        for col, widget in enumerate(widgets):
            grid.addWidget(widget, row, col)
        grid.setColumnStretch(2, 1)
        self.rows[name] = (label, slider, value, widgets)

    def _orientation_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.flip_h = touch_button("", name="dome_flip_h", min_height=56)
        self.flip_v = touch_button("", name="dome_flip_v", min_height=56)
        self.rotate = touch_button("", name="dome_rotate", min_height=56)
        for button in (self.flip_h, self.flip_v):
            button.setCheckable(True)
        self.flip_h.toggled.connect(lambda on: self._changed("flip_h", on))
        self.flip_v.toggled.connect(lambda on: self._changed("flip_v", on))
        self.rotate.clicked.connect(self._rotate)
        for button in (self.flip_h, self.flip_v, self.rotate):
            row.addWidget(button)
        return row

    # --- values ---------------------------------------------------------------------------------
    def visible_names(self) -> list[str]:
        return [n for n, spec in PARAMETERS.items() if spec.setup in (None, self.profile.setup)]

    def show_profile(self, profile: Profile) -> None:
        self.profile = profile
        self._quiet = True
        try:
            self.setup.setCurrentIndex(max(0, self.setup.findData(profile.setup)))
            for name, (_, slider, value, widgets) in self.rows.items():
                spec = PARAMETERS[name]
                current = float(getattr(profile, name))
                slider.setValue(round((current - spec.low) / (spec.high - spec.low) * SLIDER_STEPS))
                value.setText(_format(name, current))
                for widget in widgets:
                    widget.setVisible(spec.setup in (None, profile.setup))
            self.flip_h.setChecked(profile.flip_h)
            self.flip_v.setChecked(profile.flip_v)
            self.rotate.setText("⟳  " + self.tr.tr("dome_console.rotate", deg=profile.rotate_deg))
        finally:
            self._quiet = False
        self._highlight()

    def _slider_moved(self, name: str, position: int) -> None:
        if self._quiet:
            return
        spec = PARAMETERS[name]
        value = spec.low + (spec.high - spec.low) * position / SLIDER_STEPS
        value = round(value / spec.fine) * spec.fine
        self._changed(name, value)

    def nudge_named(self, name: str, delta: float) -> None:
        self._changed(name, float(getattr(self.profile, name)) + delta)

    def nudge(self, direction: int, coarse: bool) -> None:
        """Keyboard: change the selected row by one fine (or coarse) step in ``direction`` (±1)."""
        names = self.visible_names()
        name = names[self.selected % len(names)]
        spec = PARAMETERS[name]
        self.nudge_named(name, direction * (spec.coarse if coarse else spec.fine))

    def select(self, step: int) -> None:
        """Keyboard: select the next (+1) or previous (-1) row."""
        self.selected = (self.selected + step) % len(self.visible_names())
        self._highlight()

    def _highlight(self) -> None:
        names = self.visible_names()
        chosen = names[self.selected % len(names)] if names else None
        for name, (label, _, _, _) in self.rows.items():
            label.setStyleSheet("font-weight: bold; color: #f0c040;" if name == chosen else "")

    def _changed(self, name: str, value: object) -> None:
        if self._quiet:
            return
        self.on_change(name, value)

    def _rotate(self) -> None:
        following = ROTATIONS[(ROTATIONS.index(self.profile.rotate_deg) + 1) % len(ROTATIONS)]
        self._changed("rotate_deg", following)

    def retranslate(self) -> None:
        tr = self.tr.tr
        self.setup_label.setText(tr("dome_console.setup"))
        self._quiet = True
        self.setup.clear()
        for setup in SETUPS:
            self.setup.addItem(tr(f"dome_console.setup_{setup}"), setup)
        self._quiet = False
        for name, (label, _, _, _) in self.rows.items():
            label.setText(tr(f"dome_console.param.{name}"))
        self.flip_h.setText("⇋  " + tr("dome_console.flip_h"))
        self.flip_v.setText("⇵  " + tr("dome_console.flip_v"))
        self.hint.setText(tr("dome_console.keys"))
        self.show_profile(self.profile)
