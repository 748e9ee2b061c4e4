// The shipped template bodies (docs/templates.md), data/templates.json:
//   { "greeting": "こんにちは。相談員の{{counselor_name}}です。", "please_wait": "...", ... }
// Keys are the template keys of core/templates.h; each body follows core::TemplateBodyProblems.
// Every problem is reported, not only the first. Never throws, on any input.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace tsunagu::adapters::templates {

struct TemplateDefaultsLoad {
  std::map<std::string, std::string> bodies;  // complete only when errors is empty
  std::vector<std::string> errors;            // "file: reason"
};

TemplateDefaultsLoad ParseTemplateDefaults(std::string_view text, const std::string& file);
TemplateDefaultsLoad LoadTemplateDefaults(const std::string& path);

}  // namespace tsunagu::adapters::templates
