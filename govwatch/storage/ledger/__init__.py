"""Django app ``ledger`` of the storage layer (信息发布台账): its own models and migrations, so that work on it
never conflicts with the migrations of the other storage apps."""
