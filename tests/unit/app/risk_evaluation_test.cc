// Evaluation of the risk analyzer on the labeled corpus (tests/data/risk/) with the real
// lexicon, ICU and MeCab. Prints, as Markdown, the tables that docs/risk.md ("評価 /
// Evaluation") shows: precision and recall per category, the level confusion table and the
// errors by tag, for the development files and for the held-out split.
//
// Only the held-out split is gated: the test fails when one of the suicide-related categories
// falls below the bar on it. The held-out split is the file(s) named in kHeldOutFiles, and
// nothing else; the files of kDevelopmentFiles are reported, never gated. Held-out messages are
// never printed, only counted.
//
//   TSUNAGU_RISK_EVAL_SHOW_DEV_ERRORS=1  lists the development files' misses and false alarms
//                                        per category (file:line, labels, suggestion, text)
//   TSUNAGU_RISK_EVAL_DEV_ONLY=1         while the lexicon is being changed: reads only the
//                                        kDevelopmentFiles that are not in kHeldOutFiles and
//                                        skips the gate; a held-out file is never opened
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/text/lexicon_file.h"
#include "adapters/text/mecab_icu_text_analysis.h"
#include "app/risk_analysis.h"

namespace tsunagu::app {
namespace {

namespace fs = std::filesystem;
using core::risk::kAllRiskCategories;
using core::risk::kRiskCategoryCount;
using core::risk::RiskCategory;
using core::risk::RiskCategorySet;

// THE HELD-OUT SPLIT: the only file(s) the bar is checked on (in tests/data/risk/). Point this
// at a new split written by someone who has not seen the lexicon, run the evaluation once, and
// record the result in docs/risk.md. In a normal run a file named here is evaluated as held-out
// only (counted, never printed), even if kDevelopmentFiles names it too.
constexpr std::array<std::string_view, 1> kHeldOutFiles = {"heldout_v4.tsv"};

// Development data: the lexicon was written while reading these files' errors. Reported, never
// gated. TSUNAGU_RISK_EVAL_DEV_ONLY=1 reads these files and nothing else, and skips any of them
// that kHeldOutFiles names, so a held-out file is never opened while the lexicon is changed.
// heldout.tsv (v2) since round 3 and heldout_v3.tsv since round 4 were held out once and are
// development data now (docs/risk.md §4.3).
constexpr std::array<std::string_view, 3> kDevelopmentFiles = {"dev.tsv", "heldout.tsv",
                                                               "heldout_v3.tsv"};

// The bar for the categories that decide whether a life is in danger (issue: recall >= 0.95,
// precision >= 0.85 on held-out data). It was NOT met on heldout_v4.tsv (docs/risk.md §4.4): the
// run prints whether it is met. Until it is met, what fails the build is the floor below, set a
// little under the recorded held-out result, so that a change that makes detection worse fails.
// Raise the floor with every improvement measured on new held-out data; replace it with the bar
// once the bar is met.
constexpr double kRecallBar = 0.95;
constexpr double kPrecisionBar = 0.85;
struct Floor {
  RiskCategory category;
  double recall;
  double precision;
};
// Recorded on heldout_v4.tsv (the one run), lexicon 2026.11-4: ideation 0.647 / 0.952,
// plan_means 0.757 / 0.890, self_harm 0.667 / 0.915 (recall / precision).
constexpr std::array<Floor, 3> kFloors = {{{RiskCategory::kIdeation, 0.64, 0.94},
                                           {RiskCategory::kPlanMeans, 0.75, 0.88},
                                           {RiskCategory::kSelfHarm, 0.66, 0.90}}};
constexpr std::array<RiskCategory, 3> kCritical = {
    RiskCategory::kIdeation, RiskCategory::kPlanMeans, RiskCategory::kSelfHarm};

fs::path RepositoryRoot() {
  for (fs::path dir = fs::path(__FILE__).parent_path(); !dir.empty(); dir = dir.parent_path()) {
    if (fs::exists(dir / "data/risk/lexicon.tsv")) return dir;
    if (dir == dir.parent_path()) break;
  }
  return {};
}

struct Example {
  std::string file;
  std::size_t line = 0;
  int level = 0;
  RiskCategorySet categories;
  std::vector<std::string> tags;
  std::string text;
};

std::vector<std::string> SplitOn(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::stringstream in(text);
  for (std::string part; std::getline(in, part, separator);) parts.push_back(part);
  return parts;
}

// The corpus format is documented at the top of dev.tsv and in docs/risk.md.
std::vector<Example> LoadCorpus(const fs::path& path, std::string& error) {
  std::ifstream in(path);
  std::vector<Example> examples;
  std::size_t line_number = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_number;
    if (line.empty() || line[0] == '#') continue;
    const auto columns = SplitOn(line, '\t');
    const std::string where = path.filename().string() + ":" + std::to_string(line_number);
    if (columns.size() != 4 || columns[0].size() != 1 || columns[0][0] < '0' ||
        columns[0][0] > '3' || columns[3].empty()) {
      error = where + ": expected level<TAB>categories<TAB>tags<TAB>text";
      return {};
    }
    Example example;
    example.file = path.filename().string();
    example.line = line_number;
    example.level = columns[0][0] - '0';
    if (columns[1] != "-") {
      for (const std::string& name : SplitOn(columns[1], ',')) {
        const auto category = core::risk::ParseRiskCategory(name);
        if (!category) {
          error = where + ": unknown category " + name;
          return {};
        }
        example.categories.Add(*category);
      }
    }
    if (columns[2] != "-") example.tags = SplitOn(columns[2], ',');
    example.text = columns[3];
    examples.push_back(std::move(example));
  }
  if (examples.empty()) error = path.string() + ": no examples";
  return examples;
}

struct Counts {
  std::array<int, kRiskCategoryCount> tp{}, fp{}, fn{};
  std::array<std::array<int, 4>, 4> level{};        // [expected][predicted]
  std::map<std::string, std::pair<int, int>> tags;  // tag -> (messages, wrong categories)
  int messages = 0;
  int exact = 0;

  void Add(const Counts& o) {
    for (std::size_t k = 0; k < kRiskCategoryCount; ++k) {
      tp[k] += o.tp[k];
      fp[k] += o.fp[k];
      fn[k] += o.fn[k];
    }
    for (int e = 0; e < 4; ++e) {
      for (int p = 0; p < 4; ++p) level[e][p] += o.level[e][p];
    }
    for (const auto& [tag, n] : o.tags) {
      tags[tag].first += n.first;
      tags[tag].second += n.second;
    }
    messages += o.messages;
    exact += o.exact;
  }
  double Recall(RiskCategory c) const {
    const auto k = static_cast<std::size_t>(c);
    return Ratio(tp[k], tp[k] + fn[k]);
  }
  double Precision(RiskCategory c) const {
    const auto k = static_cast<std::size_t>(c);
    return Ratio(tp[k], tp[k] + fp[k]);
  }
  // Messages labeled 2 or 3 that were suggested as 0.
  int SevereAsNone() const { return level[2][0] + level[3][0]; }
  static double Ratio(int num, int den) { return den == 0 ? 1.0 : static_cast<double>(num) / den; }
};

// The Markdown that docs/risk.md shows under 4.4.
std::string Report(const std::string& title, const Counts& c) {
  char buffer[256];
  std::string out = "\n#### " + title + " (" + std::to_string(c.messages) + " messages, " +
                    std::to_string(c.exact) + " with exactly the labeled categories)\n\n";
  out += "| category | labeled | TP | FP | FN | precision | recall |\n";
  out += "|---|---:|---:|---:|---:|---:|---:|\n";
  for (RiskCategory category : kAllRiskCategories) {
    const auto k = static_cast<std::size_t>(category);
    std::snprintf(buffer, sizeof buffer, "| %s | %d | %d | %d | %d | %.3f | %.3f |\n",
                  std::string(core::risk::RiskCategoryName(category)).c_str(), c.tp[k] + c.fn[k],
                  c.tp[k], c.fp[k], c.fn[k], c.Precision(category), c.Recall(category));
    out += buffer;
  }
  out += "\nレベル / Level: 行がラベル、列が提案 (rows labeled, columns suggested).\n\n";
  out += "| labeled \\ suggested | 0 | 1 | 2 | 3 |\n|---|---:|---:|---:|---:|\n";
  for (int e = 0; e < 4; ++e) {
    std::snprintf(buffer, sizeof buffer, "| %d | %d | %d | %d | %d |\n", e, c.level[e][0],
                  c.level[e][1], c.level[e][2], c.level[e][3]);
    out += buffer;
  }
  out += "\nタグ別 / By tag: 提案した区分がラベルと違うメッセージの数.\n\n";
  out += "| tag | messages | wrong |\n|---|---:|---:|\n";
  for (const auto& [tag, counts] : c.tags) {
    out += "| " + tag + " | " + std::to_string(counts.first) + " | " +
           std::to_string(counts.second) + " |\n";
  }
  return out;
}

std::string Names(RiskCategorySet set) {
  std::string out;
  for (RiskCategory c : kAllRiskCategories) {
    if (!set.Has(c)) continue;
    if (!out.empty()) out += ",";
    out += core::risk::RiskCategoryName(c);
  }
  return out.empty() ? "-" : out;
}

struct Outcome {
  const Example* example;
  int level;
  RiskCategorySet categories;
};

std::string Describe(const Outcome& o) {
  return o.example->file + ":" + std::to_string(o.example->line) + " labeled " +
         std::to_string(o.example->level) + " " + Names(o.example->categories) + ", suggested " +
         std::to_string(o.level) + " " + Names(o.categories) + ": " + o.example->text;
}

// Development errors, grouped: misses and false alarms per category, then level errors.
void PrintErrors(const std::vector<Outcome>& outcomes) {
  for (RiskCategory category : kAllRiskCategories) {
    std::string misses, alarms;
    for (const Outcome& o : outcomes) {
      const bool labeled = o.example->categories.Has(category);
      const bool found = o.categories.Has(category);
      if (labeled && !found) misses += "  miss  " + Describe(o) + "\n";
      if (!labeled && found) alarms += "  alarm " + Describe(o) + "\n";
    }
    if (misses.empty() && alarms.empty()) continue;
    std::printf("\n[%s]\n%s%s", std::string(core::risk::RiskCategoryName(category)).c_str(),
                misses.c_str(), alarms.c_str());
  }
  std::string levels;
  for (const Outcome& o : outcomes) {
    if (o.level != o.example->level) levels += "  level " + Describe(o) + "\n";
  }
  if (!levels.empty()) std::printf("\n[level]\n%s", levels.c_str());
}

bool IsHeldOut(std::string_view file) {
  return std::find(kHeldOutFiles.begin(), kHeldOutFiles.end(), file) != kHeldOutFiles.end();
}

TEST(RiskEvaluation, HeldOutSplitKeepsItsFloorAndReportsTheBar) {
  const fs::path root = RepositoryRoot();
  ASSERT_FALSE(root.empty()) << "cannot find data/risk/lexicon.tsv from " << __FILE__;
  const bool dev_only = std::getenv("TSUNAGU_RISK_EVAL_DEV_ONLY") != nullptr;
  const bool show_dev_errors = std::getenv("TSUNAGU_RISK_EVAL_SHOW_DEV_ERRORS") != nullptr;

  // Normal run: the held-out files, then the development files that are not held out.
  // Development only: the development files that are not held out; no held-out file is opened.
  std::vector<std::pair<std::string_view, bool>> files;  // (file, held out)
  if (!dev_only) {
    for (std::string_view file : kHeldOutFiles) files.emplace_back(file, true);
  }
  for (std::string_view file : kDevelopmentFiles) {
    if (!IsHeldOut(file)) files.emplace_back(file, false);
  }
  std::vector<std::vector<Example>> corpus;
  std::vector<bool> held_out;
  for (const auto& [file, held] : files) {
    std::string error;
    corpus.push_back(LoadCorpus(root / "tests/data/risk" / file, error));
    ASSERT_TRUE(error.empty()) << error;
    held_out.push_back(held);
  }

  auto lexicon = adapters::text::LoadLexiconFile((root / "data/risk/lexicon.tsv").string());
  ASSERT_TRUE(lexicon) << lexicon.error().message;
  auto text = adapters::text::MecabIcuTextAnalysis::Open();
  ASSERT_TRUE(text) << text.error().message;
  auto analyzer = RiskAnalyzer::Create(std::move(*lexicon), *text);
  ASSERT_TRUE(analyzer) << analyzer.error().message;

  Counts development, held_out_total;
  std::vector<std::pair<std::string, Counts>> development_files;
  std::vector<Outcome> development_outcomes;
  for (std::size_t f = 0; f < corpus.size(); ++f) {
    Counts c;
    for (const Example& example : corpus[f]) {
      auto assessment = analyzer->Analyze(example.text);
      ASSERT_TRUE(assessment) << assessment.error().message;
      ++c.messages;
      for (RiskCategory category : kAllRiskCategories) {
        const auto k = static_cast<std::size_t>(category);
        const bool labeled = example.categories.Has(category);
        const bool found = assessment->categories.Has(category);
        if (labeled && found) ++c.tp[k];
        if (!labeled && found) ++c.fp[k];
        if (labeled && !found) ++c.fn[k];
      }
      const int level = static_cast<int>(assessment->level);
      ++c.level[example.level][level];
      const bool right = assessment->categories == example.categories;
      if (right) ++c.exact;
      for (const std::string& tag : example.tags) {
        ++c.tags[tag].first;
        if (!right) ++c.tags[tag].second;
      }
      if (!held_out[f] && (!right || level != example.level)) {
        development_outcomes.push_back({&example, level, assessment->categories});
      }
    }
    if (held_out[f]) {
      held_out_total.Add(c);
    } else {
      development.Add(c);
      development_files.emplace_back(corpus[f].front().file, c);
    }
  }

  if (show_dev_errors) PrintErrors(development_outcomes);
  std::string names;
  for (const auto& [file, c] : development_files) {
    names += (names.empty() ? "" : " + ") + file;
  }
  std::printf("%s", Report("開発 / Development (" + names + "; not gated)", development).c_str());
  if (development_files.size() > 1) {
    for (const auto& [file, c] : development_files) {
      std::printf("%s", Report("開発 / Development: " + file, c).c_str());
    }
  }
  if (dev_only) GTEST_SKIP() << "development files only; the held-out split was not evaluated";

  std::string held_names;
  for (std::string_view file : kHeldOutFiles) {
    held_names += (held_names.empty() ? "" : " + ") + std::string(file);
  }
  std::printf("%s", Report("保留 / Held-out (" + held_names + ")", held_out_total).c_str());

  bool bar_met = true;
  for (RiskCategory category : kCritical) {
    bar_met = bar_met && held_out_total.Recall(category) >= kRecallBar &&
              held_out_total.Precision(category) >= kPrecisionBar;
  }
  std::printf("\n目標 / Bar (recall >= %.2f, precision >= %.2f on %s, critical categories): %s\n",
              kRecallBar, kPrecisionBar, held_names.c_str(),
              bar_met ? "達成 / MET" : "未達 / NOT MET");
  for (const Floor& floor : kFloors) {
    EXPECT_GE(held_out_total.Recall(floor.category), floor.recall)
        << core::risk::RiskCategoryName(floor.category) << " recall fell below its floor";
    EXPECT_GE(held_out_total.Precision(floor.category), floor.precision)
        << core::risk::RiskCategoryName(floor.category) << " precision fell below its floor";
  }
}

}  // namespace
}  // namespace tsunagu::app
