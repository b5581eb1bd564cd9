"""Django app ``desk`` of the storage layer (运维工单与值班): its own models and migrations, so that work on it
never conflicts with the migrations of the other storage apps."""
