"""Django app ``rectify`` of the storage layer (整改): its own models and migrations, so that work on it
never conflicts with the migrations of the other storage apps."""
