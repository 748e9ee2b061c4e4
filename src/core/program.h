#pragma once

#include <string>

#include "core/ids.h"

namespace tsunagu::core {

// A counseling program (for example 子ども・若者総合相談センター). Routing models, hours and
// templates arrive with later features; today a program groups conversations and staff.
struct Program {
  ProgramId id = 0;
  std::string key;   // stable key from the config, e.g. "center"
  std::string name;  // display name
};

}  // namespace tsunagu::core
