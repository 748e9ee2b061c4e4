// RiskAnalyzer end to end: the real lexicon (data/risk/lexicon.tsv), ICU and MeCab, on the
// examples of issue 6; and its own contract (options, errors, threads) with a fake analysis.
#include "app/risk_analysis.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "adapters/text/lexicon_file.h"
#include "adapters/text/mecab_icu_text_analysis.h"

namespace tsunagu::app {
namespace {

namespace fs = std::filesystem;
using core::risk::RiskAssessment;
using core::risk::RiskCategory;
using core::risk::RiskLevel;
using core::risk::RiskModifier;

std::string LexiconPath() {
  for (fs::path dir = fs::path(__FILE__).parent_path(); !dir.empty(); dir = dir.parent_path()) {
    if (fs::exists(dir / "data/risk/lexicon.tsv")) return (dir / "data/risk/lexicon.tsv").string();
    if (dir == dir.parent_path()) break;
  }
  return "data/risk/lexicon.tsv";
}

RiskAnalyzer MakeAnalyzer(RiskAnalyzerOptions options = {}) {
  auto lexicon = adapters::text::LoadLexiconFile(LexiconPath());
  EXPECT_TRUE(lexicon) << lexicon.error().message;
  auto text = adapters::text::MecabIcuTextAnalysis::Open();
  EXPECT_TRUE(text) << text.error().message;
  auto analyzer = RiskAnalyzer::Create(std::move(*lexicon), *text, options);
  EXPECT_TRUE(analyzer) << analyzer.error().message;
  return std::move(*analyzer);
}

const RiskAnalyzer& Analyzer() {
  static const RiskAnalyzer analyzer = MakeAnalyzer();
  return analyzer;
}

RiskAssessment Analyze(std::string_view text) {
  auto assessment = Analyzer().Analyze(text);
  EXPECT_TRUE(assessment) << assessment.error().message;
  return assessment ? *assessment : RiskAssessment{};
}

struct Case {
  const char* text;
  RiskLevel level;
  std::vector<RiskCategory> categories;
};

void ExpectAll(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    const RiskAssessment a = Analyze(c.text);
    EXPECT_EQ(a.level, c.level) << c.text;
    core::risk::RiskCategorySet expected;
    for (RiskCategory category : c.categories) expected.Add(category);
    EXPECT_EQ(a.categories, expected) << c.text;
  }
}

TEST(RiskAnalyzerTest, SpellingVariantsOfIdeation) {
  ExpectAll({
      {"死にたい", RiskLevel::kIdeation, {RiskCategory::kIdeation}},
      {"しにたい", RiskLevel::kIdeation, {RiskCategory::kIdeation}},
      {"シニタイ", RiskLevel::kIdeation, {RiskCategory::kIdeation}},
      {"ｼﾆﾀｲ", RiskLevel::kIdeation, {RiskCategory::kIdeation}},
      {"氏にたい", RiskLevel::kIdeation, {RiskCategory::kIdeation}},
      {"4にたい", RiskLevel::kIdeation, {RiskCategory::kIdeation}},
      {"しにたいいいい", RiskLevel::kIdeation, {RiskCategory::kIdeation}},
      {"しにたーい", RiskLevel::kIdeation, {RiskCategory::kIdeation}},
      {"死にたかった", RiskLevel::kIdeation, {RiskCategory::kIdeation}},
      {"消えたい", RiskLevel::kIdeation, {RiskCategory::kIdeation}},
      {"いなくなりたい", RiskLevel::kIdeation, {RiskCategory::kIdeation}},
      {"生きてる意味ない", RiskLevel::kIdeation, {RiskCategory::kIdeation}},
  });
  // 4ね is 死ね: told to die is bullying (at school), not the writer's ideation.
  ExpectAll({{"クラスで4ねって言われた", RiskLevel::kNone, {RiskCategory::kBullying}}});
}

TEST(RiskAnalyzerTest, NegationHyperboleAndReportedSpeechAreSignals) {
  struct Signal {
    const char* text;
    RiskModifier modifier;
  };
  for (const Signal& s : std::vector<Signal>{
           {"死にたくない", RiskModifier::kNegated},
           {"死にたいとは思ってない", RiskModifier::kNegated},
           {"死ぬほど眠い", RiskModifier::kHyperbole},
           {"宿題で死にそう", RiskModifier::kHyperbole},
           {"推しが尊すぎて死にたい", RiskModifier::kHyperbole},
           {"友達が死にたいって言ってた", RiskModifier::kReported},
           {"ドラマで飛び降りるシーンがあった", RiskModifier::kReported},
       }) {
    const RiskAssessment a = Analyze(s.text);
    EXPECT_EQ(a.level, RiskLevel::kNone) << s.text;
    EXPECT_TRUE(a.categories.Empty()) << s.text;
    EXPECT_FALSE(a.signals.Empty()) << s.text;  // lower, not silent
    ASSERT_FALSE(a.matches.empty()) << s.text;
    EXPECT_EQ(a.matches[0].modifier, s.modifier) << s.text;
  }
  // A parent writing about their own child is not reported speech.
  ExpectAll({{"娘が死にたいと言っています", RiskLevel::kIdeation, {RiskCategory::kIdeation}}});
}

TEST(RiskAnalyzerTest, HardNegativesStayQuiet) {
  for (const char* text : {"殺すぞw", "包丁で指切った", "髪切った！", "ニュースで見た自殺の話",
                           "花粉症の薬全部飲み終わった", "早く家に帰りたい", "good night"}) {
    const RiskAssessment a = Analyze(text);
    EXPECT_EQ(a.level, RiskLevel::kNone) << text;
    EXPECT_TRUE(a.categories.Empty()) << text;
  }
}

TEST(RiskAnalyzerTest, LevelsFollowPlansAndImminence) {
  ExpectAll({
      {"ODした", RiskLevel::kPlanOrMeans, {RiskCategory::kPlanMeans}},
      {"遺書を書いた", RiskLevel::kPlanOrMeans, {RiskCategory::kPlanMeans}},
      {"明日死のうと思う",
       RiskLevel::kPlanOrMeans,
       {RiskCategory::kIdeation, RiskCategory::kPlanMeans}},
      {"屋上から飛び降りたい",
       RiskLevel::kPlanOrMeans,
       {RiskCategory::kIdeation, RiskCategory::kPlanMeans}},
      {"さっき薬全部飲んだ", RiskLevel::kImminent, {RiskCategory::kPlanMeans}},
      {"今から飛び降りる",
       RiskLevel::kImminent,
       {RiskCategory::kIdeation, RiskCategory::kPlanMeans}},
      {"リスカしちゃった", RiskLevel::kIdeation, {RiskCategory::kSelfHarm}},
      {"親に殴られる", RiskLevel::kNone, {RiskCategory::kAbuseFamily}},
      {"家に帰りたくない", RiskLevel::kNone, {RiskCategory::kAbuseFamily}},
      {"ご飯をもらえない", RiskLevel::kNone, {RiskCategory::kAbuseFamily}},
      {"家出したい", RiskLevel::kNone, {RiskCategory::kRunaway}},
  });
}

// Round 3 (docs/risk.md 4.3): general forms, written for this test, not taken from the corpus.
TEST(RiskAnalyzerTest, GeneralFormsOfTheCriticalCategories) {
  const auto kI = RiskCategory::kIdeation;
  const auto kP = RiskCategory::kPlanMeans;
  const auto kS = RiskCategory::kSelfHarm;
  ExpectAll({
      // Conjugations and paraphrases of ideation.
      {"消えたすぎる", RiskLevel::kIdeation, {kI}},
      {"生きてくのがつらい", RiskLevel::kIdeation, {kI}},
      {"死ぬことしか考えられない", RiskLevel::kIdeation, {kI}},
      {"私がいなくなっても誰も気づかない", RiskLevel::kIdeation, {kI}},
      // Means: any medicine with a quantity, storing it, heights, the day.
      {"ブロン一箱飲んだ", RiskLevel::kPlanOrMeans, {kP}},
      {"睡眠薬を貯めてる", RiskLevel::kPlanOrMeans, {kP}},
      {"0Dした", RiskLevel::kPlanOrMeans, {kP}},
      {"死ぬ日を決めた", RiskLevel::kPlanOrMeans, {kI, kP}},
      {"前に死のうとしたことがある", RiskLevel::kPlanOrMeans, {kP}},
      {"手首を切って死にたい", RiskLevel::kPlanOrMeans, {kI, kP}},
      {"今、橋の上にいる。もう疲れた", RiskLevel::kImminent, {kI, kP}},
      {"薬全部飲んじゃった", RiskLevel::kImminent, {kP}},
      // Self-harm: the verb without a harmless object, and what is said about it.
      {"切りたい", RiskLevel::kIdeation, {kS}},
      {"切ると少しだけ楽になる", RiskLevel::kIdeation, {kS}},
      {"切った傷が痛い", RiskLevel::kIdeation, {kS}},
      {"リスカしても死にたい", RiskLevel::kIdeation, {kI, kS}},
      // Hard negatives.
      {"前髪をもう少し切りたい", RiskLevel::kNone, {}},
      {"野菜も切った", RiskLevel::kNone, {}},
      {"転んで腕に傷ができた", RiskLevel::kNone, {}},
      {"頭痛薬を2錠飲んだ", RiskLevel::kNone, {}},
      {"病院の薬を全部飲みきった", RiskLevel::kNone, {}},
      {"テスト終わった死にたいw", RiskLevel::kNone, {}},
      {"首がつった", RiskLevel::kNone, {}},
      {"今までありがとう、先生", RiskLevel::kNone, {}},
  });
}

// Round 4 (docs/risk.md 4.3): families of expressions, written for this test, not taken from the
// corpus (euphemisms, dialect, kana spellings, level 3 cues, every form of self-harm).
TEST(RiskAnalyzerTest, FamiliesOfTheCriticalCategories) {
  const auto kI = RiskCategory::kIdeation;
  const auto kP = RiskCategory::kPlanMeans;
  const auto kS = RiskCategory::kSelfHarm;
  ExpectAll({
      // Euphemisms and dialect.
      {"もう疲れた、楽になりたい", RiskLevel::kIdeation, {kI}},
      {"朝が来なければいいのに", RiskLevel::kIdeation, {kI}},
      {"私が消えたらみんな楽になると思う", RiskLevel::kIdeation, {kI}},
      {"人生ログアウトしたい", RiskLevel::kIdeation, {kI}},
      {"誰か私を消して", RiskLevel::kIdeation, {kI}},
      {"毎晩死にとうなる", RiskLevel::kIdeation, {kI}},
      {"死のっかな", RiskLevel::kIdeation, {kI}},
      {"母が怒ると死にたくなる", RiskLevel::kIdeation, {kI}},
      // Methods, preparations and the place.
      {"ﾄﾋﾞｵﾘﾀｲ", RiskLevel::kPlanOrMeans, {kI, kP}},
      {"車に飛び込もうか迷ってる", RiskLevel::kPlanOrMeans, {kI, kP}},
      {"処方された薬を飲まずに引き出しにためてる", RiskLevel::kPlanOrMeans, {kP}},
      {"薬 全部 飲んだ", RiskLevel::kPlanOrMeans, {kP}},
      {"みんなに最後の手紙を書いた", RiskLevel::kPlanOrMeans, {kP}},
      {"死ぬなら春休みかな", RiskLevel::kPlanOrMeans, {kI, kP}},
      // Level 3: now, at the place, a farewell, bleeding.
      {"さっき漂白剤飲んだ", RiskLevel::kImminent, {kP}},
      {"屋上のフェンスの外にいる", RiskLevel::kImminent, {kI, kP}},
      {"今から4ぬ", RiskLevel::kImminent, {kI, kP}},
      {"娘が「今夜死ぬ」と書き残しています", RiskLevel::kImminent, {kI, kP}},
      {"深く切りすぎて血が止まらない", RiskLevel::kImminent, {kS}},
      // Self-harm beyond cutting.
      {"自分のお腹を何回も叩いてしまう", RiskLevel::kIdeation, {kS}},
      {"唇を血が出るまで噛んじゃう", RiskLevel::kIdeation, {kS}},
      {"髪の毛抜くのやめられない", RiskLevel::kIdeation, {kS}},
      {"腕 切った", RiskLevel::kIdeation, {kS}},
      // Hard negatives.
      {"受験終わって早く楽になりたい", RiskLevel::kNone, {}},
      {"犬に手を噛まれて血が出た", RiskLevel::kNone, {}},
      {"ガム噛むと落ち着く", RiskLevel::kNone, {}},
      {"兄がODして入院した", RiskLevel::kNone, {}},
      {"フォロワーさんが死にたいって呟いてた", RiskLevel::kNone, {}},
      {"高いところから飛び降りる夢見た", RiskLevel::kNone, {}},
      {"死なへんよ、大丈夫", RiskLevel::kNone, {}},
      {"ライブ最高すぎて死んでもいい", RiskLevel::kNone, {}},
      {"階段から落ちて足ひねった", RiskLevel::kNone, {}},
      {"駅のホームにいる、今から帰る", RiskLevel::kNone, {}},
  });
}

TEST(RiskAnalyzerTest, SpansAreByteOffsetsIntoTheOriginalText) {
  const std::string text = "ねえ、ﾏｼﾞﾃﾞｼﾆﾀｲーー😢 リスカもした";
  const RiskAssessment a = Analyze(text);
  std::vector<std::string> spans;
  for (const auto& m : a.matches) spans.push_back(text.substr(m.begin, m.end - m.begin));
  EXPECT_EQ(spans, (std::vector<std::string>{"ｼﾆﾀｲーー", "リスカ"}));
  EXPECT_EQ(a.categories.Has(RiskCategory::kSelfHarm), true);
  for (const auto& reason : a.reasons) {
    EXPECT_EQ(reason.find("ﾏｼﾞﾃﾞ"), std::string::npos) << "reasons never quote the message";
  }
}

TEST(RiskAnalyzerTest, InvalidUtf8IsRepairedAndStillAnalysed) {
  const RiskAssessment a = Analyze("死にたい\xff\xfe");
  EXPECT_TRUE(a.repaired_utf8);
  EXPECT_EQ(a.level, RiskLevel::kIdeation);
}

TEST(RiskAnalyzerTest, TextLimitBothSides) {
  const RiskAnalyzer small = MakeAnalyzer({.text_bytes_max = 12});
  auto exact = small.Analyze("死にたい");  // 12 bytes
  ASSERT_TRUE(exact);
  EXPECT_FALSE(exact->truncated);
  EXPECT_EQ(exact->level, RiskLevel::kIdeation);
  auto over = small.Analyze("ねえ死にたい");
  ASSERT_TRUE(over);
  EXPECT_TRUE(over->truncated);
  EXPECT_EQ(over->bytes_analyzed, 12u);
  EXPECT_FALSE(over->reasons.empty());

  auto lexicon = adapters::text::LoadLexiconFile(LexiconPath());
  ASSERT_TRUE(lexicon);
  auto text = adapters::text::MecabIcuTextAnalysis::Open();
  ASSERT_TRUE(text);
  EXPECT_FALSE(RiskAnalyzer::Create(*lexicon, *text, {.text_bytes_max = 0}));
  EXPECT_TRUE(RiskAnalyzer::Create(*lexicon, *text, {.text_bytes_max = core::kRiskTextBytesMax}));
  auto too_big =
      RiskAnalyzer::Create(*lexicon, *text, {.text_bytes_max = core::kRiskTextBytesMax + 1});
  ASSERT_FALSE(too_big);
  EXPECT_EQ(too_big.error().code, core::ErrorCode::kInvalidArgument);
}

TEST(RiskAnalyzerTest, SameResultsFromManyThreads) {
  const std::vector<std::string> texts = {"死にたい",           "死ぬほど眠い",
                                          "さっき薬全部飲んだ", "友達が死にたいって言ってた",
                                          "親に殴られる",       "こんにちは"};
  std::vector<RiskAssessment> expected;
  for (const auto& t : texts) expected.push_back(Analyze(t));
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        const std::size_t k = static_cast<std::size_t>(i + t) % texts.size();
        auto a = Analyzer().Analyze(texts[k]);
        if (!a || a->level != expected[k].level || a->categories != expected[k].categories ||
            a->matches.size() != expected[k].matches.size()) {
          ++mismatches[static_cast<std::size_t>(t)];
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(mismatches, std::vector<int>(4, 0));
}

// A text analysis that fails, to check that failures are errors, not "no risk".
class FailingAnalysis final : public TextAnalysis {
 public:
  core::Result<core::risk::AnalyzedText> Analyze(std::string_view text,
                                                 std::size_t) const override {
    if (text == "fail") return core::Fail(core::ErrorCode::kInternal, "tokenizer broke");
    core::risk::AnalyzedText out;
    out.key = std::string(text);
    out.key_begin.assign(text.size(), 0);
    out.key_end.assign(text.size(), static_cast<std::uint32_t>(text.size()));
    return out;
  }
};

TEST(RiskAnalyzerTest, AnalysisFailureIsAnError) {
  auto lexicon = core::risk::ParseLexicon("version\t1\nentry\tideation\t1\tsurface\tabc\n", "t");
  ASSERT_TRUE(lexicon);
  auto analyzer = RiskAnalyzer::Create(std::move(*lexicon), std::make_shared<FailingAnalysis>());
  ASSERT_TRUE(analyzer) << analyzer.error().message;
  auto failed = analyzer->Analyze("fail");
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, core::ErrorCode::kInternal);
  auto found = analyzer->Analyze("- abc -");  // "abc" needs word edges
  ASSERT_TRUE(found);
  EXPECT_EQ(found->level, RiskLevel::kIdeation);
  EXPECT_EQ(analyzer->lexicon_version(), "1");
}

TEST(RiskAnalyzerTest, CreateErrorsNameTheLexiconLine) {
  auto lexicon = core::risk::ParseLexicon(
      "version\t1\nentry\tideation\t1\tsurface\tしにたい\nentry\tideation\t1\tsurface\tーー\n",
      "lexicon.tsv");
  ASSERT_TRUE(lexicon);
  auto text = adapters::text::MecabIcuTextAnalysis::Open();
  ASSERT_TRUE(text);
  auto analyzer = RiskAnalyzer::Create(std::move(*lexicon), *text);
  ASSERT_FALSE(analyzer);
  EXPECT_EQ(analyzer.error().message, "lexicon.tsv:3: the pattern is empty once normalised");
  EXPECT_FALSE(RiskAnalyzer::Create(core::risk::Lexicon{}, nullptr));
}

}  // namespace
}  // namespace tsunagu::app
