// Boost.JSON, header-only: its sources compiled once, with this build's libc++ and sanitizers
// (Debian's libboost_json is built against libstdc++). Only tests/fuzz/CMakeLists.txt uses it.
#include <boost/json/src.hpp>
