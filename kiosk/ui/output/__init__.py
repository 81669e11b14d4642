"""The projector output: the window on the projector's display and its back ends (CPU image, GPU OpenGL)."""
