"""Django app ``security`` of the storage layer (安全监测基线): its own models and migrations, so that work on it
never conflicts with the migrations of the other storage apps."""
