// Fixture for tools/check-layers: core must not include app.
#include "app/ports/store.h"
