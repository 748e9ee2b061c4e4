// Fixture for tools/check-layers: libsodium belongs in platform only.
#include <sodium.h>
