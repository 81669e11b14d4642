"""Sub-commands of ``kiosk``: one module per noun, each with ``register(subparsers)``."""
