"""Django app ``bulletins`` of the storage layer (通报与报告): its own models and migrations, so that work on it
never conflicts with the migrations of the other storage apps."""
