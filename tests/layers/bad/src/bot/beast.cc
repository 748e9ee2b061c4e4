// Fixture for tools/check-layers: Beast belongs in adapters/http only.
#include <boost/beast.hpp>
