"""Content: quiz, poll and media-manifest files under ``quizzes/`` and ``media/`` (pure, no Qt)."""
