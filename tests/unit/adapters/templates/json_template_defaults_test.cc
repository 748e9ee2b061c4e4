#include "adapters/templates/json_template_defaults.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "core/templates.h"

namespace tsunagu::adapters::templates {
namespace {

TEST(TemplateDefaultsTest, TheShippedFileHasEveryTemplateAndIsValid) {
  std::filesystem::path root = std::filesystem::path(__FILE__);
  while (!root.empty() && !std::filesystem::exists(root / "data/templates.json")) {
    if (root == root.parent_path()) break;
    root = root.parent_path();
  }
  TemplateDefaultsLoad load = LoadTemplateDefaults((root / "data/templates.json").string());
  ASSERT_TRUE(load.errors.empty()) << load.errors.front();
  for (const core::TemplateDef& def : core::kTemplateDefs) {
    EXPECT_TRUE(load.bodies.contains(std::string(def.key))) << def.key;
  }
}

TEST(TemplateDefaultsTest, CommentsAndTrailingCommasAreAllowed) {
  TemplateDefaultsLoad load =
      ParseTemplateDefaults("// 初期値\n{ \"please_wait\": \"少々お待ちください\", }", "t.json");
  ASSERT_TRUE(load.errors.empty()) << load.errors.front();
  EXPECT_EQ(load.bodies.at("please_wait"), "少々お待ちください");
}

TEST(TemplateDefaultsTest, EveryProblemIsReportedWithTheFile) {
  TemplateDefaultsLoad load = ParseTemplateDefaults(
      R"({"nope": "x", "greeting": 3, "closing": "{{unknown}}", "emergency": ""})", "t.json");
  ASSERT_EQ(load.errors.size(), 4u);
  for (const std::string& e : load.errors) EXPECT_EQ(e.rfind("t.json: ", 0), 0u) << e;
  EXPECT_EQ(ParseTemplateDefaults("[]", "t.json").errors.size(), 1u);
  EXPECT_EQ(ParseTemplateDefaults("{", "t.json").errors.size(), 1u);
  EXPECT_EQ(LoadTemplateDefaults("/nonexistent/t.json").errors.size(), 1u);
}

}  // namespace
}  // namespace tsunagu::adapters::templates
