// Fixture for tools/check-layers: one adapter must not include another.
#include "adapters/storage/sqlite/sqlite_store.h"
