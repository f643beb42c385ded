"""Text readers shared by more than one stage (a stage imports no other stage)."""
